"""Every write on accounts: users, dated roles, API tokens and second-factor devices. The actor None is the
system (CLI, demo loader) and may do anything; a user needs `accounts.manage` on the organisation, checked
again inside the transaction. Audit entries never hold a password, a token or a device secret."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import selectors
from dangvu.accounts.models import ApiToken, RoleAssignment, User
from dangvu.accounts.roles import Action, Role
from dangvu.audit import services as audit
from dangvu.core.errors import Forbidden, InvalidInput, NotFound, Problem
from dangvu.organizations.models import Organization

USER_FIELDS = ["username", "full_name", "member", "is_active"]
TOKEN_FIELDS = ["user", "name", "created_at", "revoked_at"]
BACKUP_DEVICE = "backup"
TOTP_DEVICE = "authenticator"
MAX_BACKUP_CODES = 50


def lazy_format(message, **params):
    """A lazy translated message with its placeholders filled in when it is rendered (so that the error
    still renders in Vietnamese and English)."""
    return lazy(lambda: str(message) % params, str)()


def _require_manage(actor, organization_id: int | None) -> None:
    if not selectors.may(actor, Action.MANAGE_ACCOUNTS, organization_id):
        raise NotFound(_("Organisation not found."))


def _require_self(actor, user) -> None:
    """Tokens and devices are the user's own business (or the system's)."""
    if actor is not None and actor.pk != user.pk:
        raise NotFound(_("User not found."))


# Users -------------------------------------------------------------------------------------------------

def create_user(*, actor, username: str, password: str, full_name: str, member=None) -> User:
    if actor is not None and not selectors.scope_ids(actor, Action.MANAGE_ACCOUNTS):
        raise Forbidden(_("You may not manage accounts."))
    if member is not None:
        _require_manage(actor, member.organization_id)
    username = (username or "").strip()
    full_name = " ".join((full_name or "").split())
    problems = []
    if not username:
        problems.append(Problem("username", _("A username is required.")))
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            problems.append(Problem("username", _("Use only letters, digits and @ . + - _ in a username.")))
        if User.objects.filter(username__iexact=username).exists():
            problems.append(Problem("username", _("This username is already taken.")))
    if not full_name:
        problems.append(Problem("full_name", _("A full name is required.")))
    elif len(full_name) > 200:
        problems.append(Problem("full_name", _("A full name has at most 200 characters.")))
    if member is not None and User.objects.filter(member=member).exists():
        problems.append(Problem("member", _("This party member already has an account.")))
    problems += _password_problems(password or "", User(username=username, full_name=full_name))
    if problems:
        raise InvalidInput(problems)

    with audit.atomic():
        if member is not None:
            _require_manage(actor, member.organization_id)
        user = User(username=username, full_name=full_name, member=member)
        user.set_password(password)
        user.save()
        audit.record(actor=actor, action="accounts.user_create", obj=user,
                     after=audit.snapshot(user, USER_FIELDS))
    return user


def _password_problems(password: str, candidate: User) -> list[Problem]:
    """Django's password validators translate eagerly; each message is rendered again, lazily, in the
    language asked for, so that the error reads in Vietnamese and English like every other one."""

    def _messages() -> list[str]:
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as exc:
            return exc.messages
        return []

    count = len(_messages())
    return [Problem("password", lazy(lambda i=i: _messages()[i], str)()) for i in range(count)]


# Roles -------------------------------------------------------------------------------------------------

def grant_role(*, actor, user, organization, role: str, valid_from: dt.date,
               valid_to: dt.date | None = None) -> RoleAssignment:
    """Give `user` the dated role `role` at `organization` for valid_from ≤ d < valid_to."""
    if not isinstance(organization, Organization):
        raise InvalidInput.one("organization", _("An organisation is required."))
    _require_manage(actor, organization.pk)
    problems = []
    if role not in Role.values:
        problems.append(Problem("role", lazy_format(_("Unknown role. Use one of: %(roles)s."),
                                      roles=", ".join(Role.values))))
    if not isinstance(valid_from, dt.date):
        problems.append(Problem("valid_from", _("A start date is required.")))
    elif valid_to is not None and (not isinstance(valid_to, dt.date) or valid_to <= valid_from):
        problems.append(Problem("valid_to", _("The end date must come after the start date.")))
    elif organization.closed_on is not None and valid_from >= organization.closed_on:
        problems.append(Problem("valid_from", lazy_format(_("The organisation was closed on %(date)s."),
                                      date=organization.closed_on.isoformat())))
    if actor is not None and actor.pk == user.pk:
        problems.append(Problem("user", _("Nobody may grant a role to himself or herself.")))
    if problems:
        raise InvalidInput(problems)

    with audit.atomic():
        _require_manage(actor, organization.pk)
        overlapping = RoleAssignment.objects.select_for_update().filter(
            user=user, organization=organization, role=role
        ).exclude(valid_to__lte=valid_from)
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lt=valid_to)
        if overlapping.exists():
            raise InvalidInput.one("valid_from", _("The user already holds this role at this organisation "
                                                   "during that period."))
        assignment = RoleAssignment.objects.create(
            user=user, organization=organization, role=role, valid_from=valid_from, valid_to=valid_to
        )
        audit.record(actor=actor, action="accounts.role_grant", obj=assignment,
                     label=f"{user.get_username()} {role} @ {organization.code}",
                     organization_id=organization.pk, after=audit.snapshot(assignment))
    return assignment


def end_role(*, actor, assignment: RoleAssignment, on: dt.date) -> RoleAssignment:
    """The role is no longer held from `on` (exclusive end)."""
    _require_manage(actor, assignment.organization_id)
    if not isinstance(on, dt.date):
        raise InvalidInput.one("on", _("An end date is required."))
    with audit.atomic():
        _require_manage(actor, assignment.organization_id)
        current = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if on <= current.valid_from:
            message = _("The end date must come after the start date (%(date)s).")
            raise InvalidInput.one("on", lazy_format(message, date=current.valid_from.isoformat()))
        if current.valid_to is not None and current.valid_to <= on:
            raise InvalidInput.one("on", lazy_format(
                _("The role already ended on %(date)s."), date=current.valid_to.isoformat()
            ))
        before = audit.snapshot(current)
        current.valid_to = on
        current.save(update_fields=["valid_to"])
        audit.record(actor=actor, action="accounts.role_end", obj=current,
                     label=f"{current.user.get_username()} {current.role} @ {current.organization.code}",
                     organization_id=current.organization_id, before=before, after=audit.snapshot(current))
    assignment.valid_to = on
    return current


# API tokens --------------------------------------------------------------------------------------------

def create_api_token(*, actor, user, name: str) -> tuple[ApiToken, str]:
    """A new bearer token; the raw value is returned once and only its SHA-256 is kept."""
    _require_self(actor, user)
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput.one("name", _("A token name is required."))
    if len(name) > 100:
        raise InvalidInput.one("name", _("A token name has at most 100 characters."))
    raw = "dv_" + secrets.token_urlsafe(32)
    with audit.atomic():
        token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
        audit.record(actor=actor, action="accounts.api_token_create", obj=token,
                     after=audit.snapshot(token, TOKEN_FIELDS))
    return token, raw


def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    _require_self(actor, token.user)
    with audit.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            raise InvalidInput.one("token", _("This token is already revoked."))
        before = audit.snapshot(current, TOKEN_FIELDS)
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="accounts.api_token_revoke", obj=current, before=before,
                     after=audit.snapshot(current, TOKEN_FIELDS))
    token.revoked_at = current.revoked_at
    return current


# Second factor -----------------------------------------------------------------------------------------

def issue_backup_codes(*, actor, user, count: int = 10) -> list[str]:
    """Replace the user's backup codes with `count` new single-use ones and return them (shown once)."""
    _require_self(actor, user)
    if not isinstance(count, int) or not 1 <= count <= MAX_BACKUP_CODES:
        raise InvalidInput.one("count", lazy_format(
            _("Between 1 and %(max)d backup codes can be issued."), max=MAX_BACKUP_CODES
        ))
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(StaticToken.random_token())
    with audit.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE)
        device.confirmed = True
        device.throttle_reset(commit=False)
        device.save()
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in sorted(codes))
        audit.record(actor=actor, action="accounts.backup_codes_issue", obj=user, after={"count": count})
    return sorted(codes)


def start_totp_enrolment(*, actor, user) -> TOTPDevice:
    """The unconfirmed authenticator device the user is setting up (the same one until confirmed)."""
    _require_self(actor, user)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise InvalidInput.one("device", _("An authenticator app is already set up for this account."))
    with audit.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE, confirmed=False)
            audit.record(actor=actor, action="accounts.totp_enrol", obj=user, after={"device": device.pk})
    return device


def confirm_totp_device(*, actor, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when `token` is its current code. A wrong code is counted (django-otp throttles
    the next attempts) and False is returned; nothing else changes."""
    _require_self(actor, device.user)
    with audit.atomic():
        current = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if current.confirmed or not current.verify_token(_clean_code(token)):
            return False
        current.confirmed = True
        current.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=current.user, confirmed=False).delete()
        audit.record(actor=actor, action="accounts.totp_confirm", obj=current.user,
                     after={"device": current.pk, "confirmed": True})
    device.confirmed = True
    return True


def verify_second_factor(*, user, token: str):
    """The confirmed device of `user` that accepts `token` (a 6-digit app code or a backup code), or None.
    A backup code is used up; wrong codes are counted by django-otp, which throttles further attempts."""
    code = _clean_code(token)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() and len(code) in (6, 8) else StaticDevice
    with audit.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                if model is StaticDevice:
                    audit.record(actor=user, action="accounts.backup_code_use", obj=user,
                                 after={"remaining": device.token_set.count()})
                return device
    return None


def _clean_code(token: str | None) -> str:
    return "".join((token or "").split()).replace("-", "").lower()
