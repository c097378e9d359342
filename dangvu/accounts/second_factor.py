"""Which second-factor devices a user has (django-otp's TOTPDevice for an authenticator app and
StaticDevice for backup codes). Writes on devices are in accounts.services."""

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_confirmed_device(user) -> bool:
    """A confirmed authenticator app, or backup codes left to use."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists() or StaticToken.objects.filter(
        device__user=user, device__confirmed=True
    ).exists()


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
