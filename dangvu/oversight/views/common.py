"""What the oversight pages share: list sizes, the form templates (for `core.pages.form_page`), and 404
for what is out of reach."""

from __future__ import annotations

from django.http import Http404

from dangvu.accounts import selectors as access
from dangvu.core.errors import NotFound
from dangvu.organizations.models import Organization

PAGE = 200
PICKER = 20
FORM, FORM_PARTIAL = "oversight/form.html", "oversight/_form.html"


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound:
        raise Http404 from None


def _units(ids):
    return Organization.objects.filter(id__in=ids).order_by("code")


def _scope_or_404(user, action: str) -> set[int]:
    ids = access.scope_ids(user, action)
    if not ids:
        raise Http404
    return ids
