"""Recommendations of a review: recorded, marked carried out, their status changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.pages import form_page
from dangvu.core.tabular import parse_date
from dangvu.oversight import forms, selectors, services
from dangvu.oversight.views.common import FORM, FORM_PARTIAL, _units
from dangvu.oversight.views.reviews import _editable_review


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
def recommendation_create(request, pk: int):
    review = _editable_review(request.user, pk)
    units = _units(access.scope_ids(request.user, Action.EDIT_OVERSIGHT))
    initial = {"owner_organization": review.subject_organization or review.subject_member.organization}
    form = forms.RecommendationForm(request.POST or None, units=units, initial=initial)
    return form_page(
        request, form, lambda d: services.recommend(actor=request.user, review=review, **d),
        done=lambda r: reverse("oversight:review", args=[review.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Recommendation of %(code)s") % {"code": review.code},
            "back": reverse("oversight:review", args=[review.pk]),
        },
    )


@login_required
def recommendation_status(request, pk: int):
    rec = selectors.recommendations_for(request.user).filter(pk=pk).first()
    if rec is None or not access.can(request.user, Action.EDIT_OVERSIGHT, rec.review.conducted_by_id):
        raise Http404
    form = forms.RecommendationStatusForm(request.POST or None,
                                          initial={"status": rec.status, "on": rec.done_on or access.today()})
    return form_page(
        request, form,
        lambda d: services.set_recommendation_status(actor=request.user, recommendation=rec, **d),
        done=lambda r: reverse("oversight:review", args=[rec.review_id]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Status of a recommendation"),
            "back": reverse("oversight:review", args=[rec.review_id]),
            "intro": rec.text,
        },
    )
