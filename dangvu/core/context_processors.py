from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from dangvu.accounts import selectors as access
from dangvu.core import navigation

APP_NAME = "Đảng vụ"


def shell(request):
    """What the page shell needs on every page. The menu is computed only when a page shows it."""
    return {
        "DANGVU_PROFILE": settings.PROFILE,
        "APP_NAME": APP_NAME,
        "nav_entries": SimpleLazyObject(lambda: menu(request)),
    }


def menu(request) -> list[dict]:
    """The navigation entries the user may see: those needing no action, and those whose action the user
    holds on at least one organisation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    allowed: dict[str, bool] = {}
    entries = []
    for entry in navigation.ENTRIES:
        if callable(entry.action):
            if not entry.action(user):
                continue
        elif entry.action is not None:
            if entry.action not in allowed:
                allowed[entry.action] = bool(access.scope_ids(user, entry.action))
            if not allowed[entry.action]:
                continue
        entries.append({
            "url": reverse(entry.url_name), "label": entry.label, "current": entry.url_name == current,
        })
    return entries
