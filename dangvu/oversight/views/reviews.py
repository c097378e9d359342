"""Inspections and supervisions: the lists, one review, and the forms that record and conclude them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.pages import form_page
from dangvu.oversight import forms, selectors, services
from dangvu.oversight.models import Activity, ProgrammeItem
from dangvu.oversight.views.common import FORM, FORM_PARTIAL, PAGE, _or_404, _scope_or_404, _units


@login_required
def reviews(request, activity: str):
    if activity not in Activity.values:
        raise Http404
    items = selectors.reviews_for(request.user, activity)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(started_on__year=int(year))
    can_add = bool(access.scope_ids(request.user, Action.EDIT_OVERSIGHT))
    return render(
        request,
        "oversight/reviews.html",
        {"reviews": items[:PAGE], "activity": activity, "year": year, "can_add": can_add},
    )


@login_required
def review(request, pk: int):
    item = _or_404(selectors.get_review, request.user, pk)
    today = access.today()
    recommendations = list(item.recommendations.select_related("owner_organization"))
    return render(
        request,
        "oversight/review.html",
        {
            "review": item,
            "recommendations": recommendations,
            "overdue_ids": {r.pk for r in recommendations if r.is_overdue(today)},
            "can_edit": access.can(request.user, Action.EDIT_OVERSIGHT, item.conducted_by_id),
            "can_open_case": bool(access.scope_ids(request.user, Action.EDIT_DISCIPLINE)),
            "today": today,
        },
    )


@login_required
def review_create(request, activity: str):
    if activity not in Activity.values:
        raise Http404
    ids = _scope_or_404(request.user, Action.EDIT_OVERSIGHT)
    items = ProgrammeItem.objects.filter(programme__body_id__in=ids, activity=activity).select_related(
        "programme").order_by("-programme__year", "planned_month")
    initial = {"started_on": access.today()}
    wanted = request.GET.get("item", "")
    planned = items.filter(pk=wanted).first() if wanted.isdigit() else None
    if planned is not None:
        initial.update(programme_item=planned, kind=planned.kind, conducted_by=planned.programme.body)
    form = forms.ReviewForm(request.POST or None, activity=activity, units=_units(ids), items=items,
                            initial=initial)

    def save(d):
        return services.record_review(
            actor=request.user, activity=activity, code=d["code"], subject_type=d["subject_type"],
            subject=d["subject_code"], conducted_by=d["conducted_by"], kind=d["kind"], team=d["team"],
            started_on=d["started_on"], programme_item=d["programme_item"])

    title = _("New inspection") if activity == Activity.INSPECTION else _("New supervision")
    return form_page(
        request, form, save,
        done=lambda r: reverse("oversight:review", args=[r.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={"title": title, "back": reverse("oversight:reviews", args=[activity]), "picker": "review"},
    )


def _editable_review(user, pk):
    review = _or_404(selectors.get_review, user, pk)
    if not access.can(user, Action.EDIT_OVERSIGHT, review.conducted_by_id):
        raise Http404
    return review


@login_required
def review_conclude(request, pk: int):
    review = _editable_review(request.user, pk)
    initial = {"concluded_on": review.concluded_on or access.today(), "findings": review.findings,
               "conclusion": review.conclusion,
               "violation_found": {True: "true", False: "false"}.get(review.violation_found, "")}
    form = forms.ConcludeForm(request.POST or None, activity=review.activity, initial=initial)
    return form_page(
        request, form,
        lambda d: services.conclude(actor=request.user, review=review, concluded_on=d["concluded_on"],
                                    conclusion=d["conclusion"], findings=d["findings"],
                                    violation_found=d.get("violation_found")),
        done=lambda r: reverse("oversight:review", args=[r.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Conclusion of %(code)s") % {"code": review.code},
            "back": reverse("oversight:review", args=[review.pk]),
        },
    )
