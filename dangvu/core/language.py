"""The language of a request: Vietnamese unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so an office computer set up in English
turns every page, the second factor included, into English. Here the choice is the user's own: the language
cookie set by the switch in the page header (`set_language`). API clients state their language with
Accept-Language, which for them is a deliberate choice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_of(request) -> str:
    chosen = _supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    if request.path_info.startswith("/api/"):
        return translation.get_language_from_request(request) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activates `language_of(request)` for the request (in place of LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
