"""Login with a password (throttled by django-axes), then for staff roles a second factor: enrolment of an
authenticator app (QR code drawn on the server) with single-use backup codes, or verification of a code.
The "my account" page lists the user's roles and API tokens."""

from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.accounts import second_factor, selectors, services
from dangvu.accounts.forms import CodeForm, LoginForm, TokenForm
from dangvu.accounts.models import ApiToken
from dangvu.accounts.qr import qr_svg
from dangvu.core.errors import InvalidInput

WRONG_CODE = _("This code is not right or was already used. After several wrong codes, wait a little "
               "before you try again.")


def lockout(request, credentials, *args, **kwargs):
    """django-axes calls this when a username is locked out from an address (AXES_LOCKOUT_CALLABLE)."""
    return render(request, "accounts/lockout.html", status=429)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # authenticate() with the request lets django-axes count failures and refuse locked-out users.
        user = authenticate(request=request, username=form.cleaned_data["username"],
                            password=form.cleaned_data["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                return lockout(request, None)
            form.add_error(None, _("The username or the password is not right."))
        else:
            auth_login(request, user)
            if selectors.needs_second_factor(user):
                target = "accounts:verify" if second_factor.has_confirmed_device(user) else "accounts:enrol"
                return redirect(_with_next(target, next_url))
            return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next_url": next_url})


@require_POST
def logout_view(request):
    auth_logout(request)
    return redirect("accounts:login")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app. Only while no device is confirmed, or after a second factor was given:
    a password alone must never be enough to replace a user's device."""
    user = request.user
    next_url = _next_url(request)
    verified = _is_verified(user)
    if second_factor.has_authenticator(user):
        return redirect(next_url if verified else _with_next("accounts:verify", next_url))
    if second_factor.has_confirmed_device(user) and not verified:
        return redirect(_with_next("accounts:verify", next_url))
    device = services.start_totp_enrolment(actor=user, user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(actor=user, device=device, token=form.cleaned_data["code"]):
            codes = services.issue_backup_codes(actor=user, user=user)
            django_otp.login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next_url": next_url})
        form.add_error("code", WRONG_CODE)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/enrol.html", {
        "form": form,
        "next_url": next_url,
        "qr": qr_svg(device.config_url),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    next_url = _next_url(request)
    if _is_verified(user):
        return redirect(next_url)
    if not second_factor.has_confirmed_device(user):
        return redirect(_with_next("accounts:enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(user=user, token=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/verify.html", {"form": form, "next_url": next_url})


def _account_page(request, *, token_form=None, new_token=None, status=200):
    user = request.user
    today = selectors.today()
    roles = [(ra, ra.held_on(today)) for ra in selectors.role_history(user)]
    return render(request, "accounts/account.html", {
        "roles": roles,
        "tokens": selectors.active_tokens(user),
        "token_form": token_form or TokenForm(),
        "new_token": new_token,
        "has_authenticator": second_factor.has_authenticator(user),
        "backup_codes_left": second_factor.backup_codes_left(user),
    }, status=status)


@login_required
@never_cache
def account(request):
    return _account_page(request)


@login_required
@never_cache
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.create_api_token(actor=request.user, user=request.user,
                                                    name=form.cleaned_data["name"])
        except InvalidInput as exc:
            for problem in exc.problems:
                form.add_error("name", problem.message)
        else:
            # The raw token is shown in this response only; it is never stored.
            return _account_page(request, new_token=raw)
    return _account_page(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.revoke_api_token(actor=request.user, token=token)
    return redirect("accounts:account")


@login_required
@never_cache
@require_POST
def backup_codes(request):
    codes = services.issue_backup_codes(actor=request.user, user=request.user)
    return render(request, "accounts/backup_codes.html",
                  {"codes": codes, "next_url": reverse("accounts:account")})
