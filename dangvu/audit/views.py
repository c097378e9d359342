"""The committee office browses the audit log of its scope (accounts.selectors, action audit.view)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from dangvu.accounts import selectors as access
from dangvu.audit import selectors
from dangvu.audit.forms import LogFilter
from dangvu.core.errors import NotFound

PAGE_SIZE = 50


def _require_scope(user) -> None:
    # Without audit.view anywhere the log does not exist for this user (404, like any out-of-scope page).
    if not access.scope_ids(user, "audit.view"):
        raise Http404


@login_required
def log(request):
    _require_scope(request.user)
    form = LogFilter(request.GET or None)
    entries = selectors.browse(request.user, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.shown_rows(page.object_list),
        "query": query.urlencode(),
        "filtered": bool(form.filters()),
    }
    return render(request, "audit/log.html", context)


@login_required
def entry(request, seq: int):
    _require_scope(request.user)
    try:
        item = selectors.entry_for(request.user, seq)
    except NotFound:
        raise Http404 from None
    row = selectors.shown_rows([item])[0]
    return render(request, "audit/entry.html", {"row": row, "entry": item})
