from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from dangvu.accounts import selectors
from dangvu.accounts.second_factor import has_confirmed_device


class SecondFactorMiddleware:
    """Staff roles must pass a second factor before anything else: a signed-in user who needs one and has
    not given it is sent to the verify page (or the enrolment page when no device is set up) from any URL
    except the login flow itself, static files and the language switch. The API is not redirected: it is
    for bearer tokens, so a half-signed-in browser session counts there as anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _unverified_staff(user):
            if request.path.startswith("/api/"):
                request.user = AnonymousUser()
            elif not _exempt(request.path):
                return _redirect_to_second_factor(request, user)
        return self.get_response(request)


def _unverified_staff(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    verified = is_verified() if callable(is_verified) else False
    return not verified and selectors.needs_second_factor(user)


def _exempt(path: str) -> bool:
    exact = {reverse(f"accounts:{name}") for name in ("login", "logout", "enrol", "verify")}
    prefixes = ("/" + settings.STATIC_URL.lstrip("/"), "/i18n/")
    return path in exact or path.startswith(prefixes)


def _redirect_to_second_factor(request, user):
    target = "accounts:verify" if has_confirmed_device(user) else "accounts:enrol"
    url = reverse(target)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
