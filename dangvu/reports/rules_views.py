"""The page "Quy định áp dụng": the rules in force on a date (CONTRACT.md "Rules in force"), read-only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangvu.accounts import selectors as access
from dangvu.core.rules import RulesNotKnown
from dangvu.reports.rules import in_force


@login_required
@require_GET
def rules_in_force(request):
    try:
        day = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        day = access.today()
    try:
        rows, unknown = in_force(day), None
    except RulesNotKnown as exc:
        rows, unknown = [], exc
    return render(request, "reports/rules.html", {"day": day, "rows": rows, "unknown": unknown})
