"""Pages of inspection, supervision and discipline: programmes with done-against-planned, inspections and
supervisions, recommendations with the deadline view, discipline cases, decisions and appeals. Every read
goes through oversight.selectors (scope, confidentiality, audited reads); anything out of reach is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.tabular import parse_date
from dangvu.oversight import discipline, selectors, services
from dangvu.oversight.models import Activity, CaseStatus

PAGE = 200


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound:
        raise Http404 from None


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
            "own": selectors.own_decisions(request.user),
        },
    )


@login_required
def programmes(request):
    return render(
        request, "oversight/programmes.html", {"programmes": selectors.programmes_for(request.user)[:PAGE]}
    )


@login_required
def programme(request, pk: int):
    item = _or_404(selectors.get_programme, request.user, pk)
    rows, planned, done, late = selectors.programme_progress(item, access.today())
    return render(
        request,
        "oversight/programme.html",
        {"programme": item, "rows": rows, "planned": planned, "done": done, "late": late},
    )


@login_required
def reviews(request, activity: str):
    if activity not in Activity.values:
        raise Http404
    items = selectors.reviews_for(request.user, activity)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(started_on__year=int(year))
    return render(
        request, "oversight/reviews.html", {"reviews": items[:PAGE], "activity": activity, "year": year}
    )


@login_required
def review(request, pk: int):
    item = _or_404(selectors.get_review, request.user, pk)
    return render(
        request,
        "oversight/review.html",
        {
            "review": item,
            "recommendations": item.recommendations.select_related("owner_organization"),
            "can_edit": access.can(request.user, Action.EDIT_OVERSIGHT, item.conducted_by_id),
            "today": access.today(),
        },
    )


@login_required
@require_POST
def recommendation_done(request, pk: int):
    rec = selectors.recommendations_for(request.user).filter(pk=pk).first()
    if rec is None:
        raise Http404
    on = parse_date(request.POST.get("on", "")) or access.today()
    try:
        services.set_recommendation_status(actor=request.user, recommendation=rec, status="done", on=on)
        messages.success(request, _("The recommendation is marked as carried out."))
    except InvalidInput as exc:
        for problem in exc.problems:
            messages.error(request, problem.render(request.LANGUAGE_CODE))
    except NotFound:
        raise Http404 from None
    return redirect("oversight:review", pk=rec.review_id)


@login_required
def cases(request):
    items = selectors.cases_for(request.user)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "oversight/cases.html",
        {"cases": items[:PAGE], "status": status, "statuses": CaseStatus.choices},
    )


@login_required
def case(request, pk: int):
    item = _or_404(selectors.get_case, request.user, pk)
    decisions = item.decisions.select_related("decided_by").prefetch_related("appeals")
    return render(request, "oversight/case.html", {"case": item, "decisions": decisions})


@login_required
def decision(request, pk: int):
    item = _or_404(selectors.get_decision, request.user, pk)
    own = access.is_self(request.user, item.case.subject_member_id)
    if request.method == "POST" and own:
        lodged_on = access.today()
        try:
            discipline.lodge_appeal(
                actor=request.user,
                decision=item,
                lodged_on=lodged_on,
                grounds=request.POST.get("grounds", ""),
            )
            messages.success(request, _("Your appeal is lodged."))
        except InvalidInput as exc:
            for problem in exc.problems:
                messages.error(request, problem.render(request.LANGUAGE_CODE))
        return redirect("oversight:decision", pk=item.pk)
    return render(
        request, "oversight/decision.html", {"decision": item, "own": own, "appeals": item.appeals.all()}
    )
