"""Discipline cases, decisions and appeals (confidential: every form needs discipline.edit on the case's
unit; every read of a case is audited by the selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput
from dangvu.core.pages import form_page
from dangvu.organizations.selectors import ancestor_ids
from dangvu.oversight import discipline, forms, selectors
from dangvu.oversight.models import Appeal, CaseStatus, SourceKind
from dangvu.oversight.views.common import FORM, FORM_PARTIAL, PAGE, _or_404, _scope_or_404, _units


@login_required
def cases(request):
    items = selectors.cases_for(request.user)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "oversight/cases.html",
        {
            "cases": items[:PAGE],
            "status": status,
            "statuses": CaseStatus.choices,
            "can_add": bool(access.scope_ids(request.user, Action.EDIT_DISCIPLINE)),
        },
    )


@login_required
def case(request, pk: int):
    item = _or_404(selectors.get_case, request.user, pk)
    decisions = item.decisions.select_related("decided_by").prefetch_related("appeals")
    can_edit = access.can(request.user, Action.EDIT_DISCIPLINE, item.organization_id)
    return render(
        request, "oversight/case.html", {"case": item, "decisions": decisions, "can_edit": can_edit}
    )


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
    can_edit = access.can(request.user, Action.EDIT_DISCIPLINE, item.case.organization_id)
    appeals = item.appeals.select_related("decided_by")
    return render(
        request,
        "oversight/decision.html",
        {
            "decision": item,
            "own": own,
            "appeals": appeals,
            "can_edit": can_edit,
            "may_appeal": not discipline.appeal_problems(item, access.today()),
        },
    )


@login_required
def case_create(request):
    ids = _scope_or_404(request.user, Action.EDIT_DISCIPLINE)
    reviews = selectors.reviews_for(request.user).filter(concluded_on__isnull=False).order_by("-concluded_on")
    initial = {"opened_on": access.today(), "source_kind": SourceKind.DIRECT}
    source = request.GET.get("review", "")
    if source.isdigit():
        review = _or_404(selectors.get_review, request.user, source)
        if review.concluded_on is not None:
            subject = review.subject_member or review.subject_organization
            initial.update(source_kind=SourceKind.CONCLUSION, source_review=review,
                           subject_type=review.subject_type, subject_code=subject.code)
    form = forms.CaseForm(request.POST or None, units=_units(ids), reviews=reviews, initial=initial)

    def save(d):
        from_conclusion = d["source_kind"] == SourceKind.CONCLUSION
        return discipline.open_case(
            actor=request.user, code=d["code"], subject_type=d["subject_type"], subject=d["subject_code"],
            handled_by=d["handled_by"], opened_on=d["opened_on"], violation_on=d["violation_on"],
            new_violation_on=d["new_violation_on"], source_kind=d["source_kind"],
            source_review=d["source_review"] if from_conclusion else None,
            source_reference=d["source_reference"], summary=d["summary"])

    return form_page(
        request, form, save,
        done=lambda c: reverse("oversight:case", args=[c.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={"title": _("Open a discipline case"), "back": reverse("oversight:cases"), "picker": "case"},
    )


def _editable_case(user, pk):
    return _or_404(selectors.editable_case, user, pk)  # the read is audited once allowed


def _deciding_units(case):
    """The case's unit and the units above it: the bodies that may decide (the rules judge which)."""
    return _units(ancestor_ids(case.organization_id))


@login_required
def decision_create(request, pk: int):
    case = _editable_case(request.user, pk)
    receiving = _units(access.scope_ids(request.user, Action.EDIT_DISCIPLINE))
    form = forms.DecisionForm(request.POST or None, units=_deciding_units(case), receiving_units=receiving,
                              initial={"violation_on": case.violation_on, "decided_on": access.today(),
                                       "announced_on": access.today(), "code": case.code})

    def save(d):
        return discipline.decide(
            actor=request.user, case=case, code=d["code"], form=d["form"], decided_by=d["decided_by"],
            decided_on=d["decided_on"], announced_on=d["announced_on"], receiving=d["receiving"])

    return form_page(
        request, form, save,
        done=lambda dec: reverse("oversight:decision", args=[dec.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Decision on case %(code)s") % {"code": case.code},
            "back": reverse("oversight:case", args=[case.pk]),
        },
    )


@login_required
def case_close(request, pk: int):
    case = _editable_case(request.user, pk)
    form = forms.CloseCaseForm(request.POST or None, initial={"on": access.today(), "summary": case.summary})
    return form_page(
        request, form,
        lambda d: discipline.close_case(actor=request.user, case=case, on=d["on"], summary=d["summary"]),
        done=lambda c: reverse("oversight:case", args=[c.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Close case %(code)s without discipline") % {"code": case.code},
            "back": reverse("oversight:case", args=[case.pk]),
        },
    )


@login_required
def appeal_create(request, pk: int):
    """An appeal recorded by inspection staff (the member lodges his or her own on the decision page)."""
    decision = _or_404(selectors.editable_decision, request.user, pk)
    form = forms.AppealForm(request.POST or None, initial={"lodged_on": access.today()})
    return form_page(
        request, form,
        lambda d: discipline.lodge_appeal(actor=request.user, decision=decision, **d),
        done=lambda a: reverse("oversight:decision", args=[decision.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Appeal against %(code)s") % {"code": decision.code},
            "back": reverse("oversight:decision", args=[decision.pk]),
        },
    )


@login_required
def appeal_decide(request, pk: int):
    appeal = Appeal.objects.filter(pk=pk).first()
    if appeal is None:
        raise Http404
    decision = _or_404(selectors.editable_decision, request.user, appeal.decision_id)
    form = forms.AppealOutcomeForm(request.POST or None, units=_deciding_units(decision.case),
                                   initial={"decided_on": access.today()})
    return form_page(
        request, form,
        lambda d: discipline.decide_appeal(actor=request.user, appeal=appeal, **d),
        done=lambda a: reverse("oversight:decision", args=[decision.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Outcome of the appeal against %(code)s") % {"code": decision.code},
            "back": reverse("oversight:decision", args=[decision.pk]),
        },
    )
