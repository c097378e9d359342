"""What is due: overdue and upcoming recommendations, appeals to decide, limitation periods of open cases."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangvu.accounts import selectors as access
from dangvu.oversight import rules, selectors
from dangvu.oversight.models import CaseStatus
from dangvu.oversight.views.common import PAGE


@login_required
def deadlines(request):
    """What is due: overdue recommendations, those due in the next 30 days, appeals to decide."""
    today = access.today()
    recommendations = selectors.recommendations_for(request.user).filter(status="open")
    return render(
        request,
        "oversight/deadlines.html",
        {
            "today": today,
            "overdue": selectors.overdue_recommendations(request.user, today)[:PAGE],
            "upcoming": recommendations.filter(
                deadline__gte=today, deadline__lte=today + dt.timedelta(days=30)
            )[:PAGE],
            "appeals": selectors.appeals_to_decide(request.user)[:PAGE],
            "limitations": _limitations(request.user, today),
            "own": selectors.own_decisions(request.user),
        },
    )


def _limitations(user, today: dt.date) -> list[dict]:
    """Open cases within reach with the last day on which each form may still be decided (the rule set in
    force today), soonest first; expulsion and dissolution have no limitation period."""
    rows = []
    for case in selectors.cases_for(user).filter(status=CaseStatus.OPEN)[:PAGE]:
        ends = rules.limitation_ends_on(case, today)
        if ends is None:
            return []
        rows.append({"case": case, "reprimand": ends[rules.REPRIMAND], "warning": ends[rules.WARNING],
                     "expired": ends[rules.REPRIMAND] < today})
    return sorted(rows, key=lambda row: row["reprimand"])
