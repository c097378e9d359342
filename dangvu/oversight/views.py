"""Pages of inspection, supervision and discipline: programmes with done-against-planned, inspections and
supervisions, recommendations with the deadline view, discipline cases, decisions and appeals. Every read
goes through oversight.selectors (scope, confidentiality, audited reads); anything out of reach is a 404.
The forms call the services with the user as actor; their refusals are shown next to the field named."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.tabular import parse_date
from dangvu.core.text import fold
from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import ancestor_ids
from dangvu.oversight import discipline, forms, rules, selectors, services
from dangvu.oversight.models import (
    Activity,
    Appeal,
    CaseStatus,
    DecisionStatus,
    ProgrammeItem,
    SourceKind,
    SubjectType,
)

PAGE = 200
PICKER = 20


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
            "limitations": _limitations(request.user, today),
            "own": selectors.own_decisions(request.user),
        },
    )


def _limitations(user, today: dt.date) -> list[dict]:
    """Open cases within reach with the last day on which each form may still be decided (the rule set in
    force today), soonest first; expulsion and dissolution have no limitation period."""
    rs = rules.rule_set_on(today)
    if rs is None:
        return []
    rows = []
    for case in selectors.cases_for(user).filter(status=CaseStatus.OPEN)[:PAGE]:
        ends = {
            form: rs.limitation_ends(form, case.violation_on, case.new_violation_on)
            for form in (rules.REPRIMAND, rules.WARNING)
        }
        rows.append({"case": case, "reprimand": ends[rules.REPRIMAND], "warning": ends[rules.WARNING],
                     "expired": ends[rules.REPRIMAND] < today})
    return sorted(rows, key=lambda row: row["reprimand"])


@login_required
def programmes(request):
    return render(
        request, "oversight/programmes.html", {"programmes": selectors.programmes_for(request.user)[:PAGE]}
    )


@login_required
def programme(request, pk: int):
    item = _or_404(selectors.get_programme, request.user, pk)
    rows, planned, done, late = selectors.programme_progress(item, access.today())
    can_edit = access.can(request.user, Action.EDIT_OVERSIGHT, item.body_id)
    return render(
        request,
        "oversight/programme.html",
        {"programme": item, "rows": rows, "planned": planned, "done": done, "late": late,
         "can_edit": can_edit},
    )


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
    return render(
        request,
        "oversight/review.html",
        {
            "review": item,
            "recommendations": item.recommendations.select_related("owner_organization"),
            "can_edit": access.can(request.user, Action.EDIT_OVERSIGHT, item.conducted_by_id),
            "can_open_case": bool(access.scope_ids(request.user, Action.EDIT_DISCIPLINE)),
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
            "may_appeal": item.status == DecisionStatus.IN_FORCE
            and not any(a.outcome == "pending" for a in appeals),
        },
    )



# --- forms -----------------------------------------------------------------------------------------------
def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _units(ids):
    return Organization.objects.filter(id__in=ids).order_by("code")


def _scope_or_404(user, action: str) -> set[int]:
    ids = access.scope_ids(user, action)
    if not ids:
        raise Http404
    return ids


def _form_page(request, form, save, *, title, back, done, context=None):
    """Runs `save(cleaned_data)` on a valid POST: success → message and redirect to `done(obj)`; the
    service's problems → the form again (400) with each next to its field; out of scope → 404."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, _("Saved."))
            return redirect(done(obj))
    page = {"form": form, "title": title, "back": back, **(context or {})}
    template = "oversight/_form.html" if _is_htmx(request) else "oversight/form.html"
    return render(request, template, page, status=400 if form.errors else 200)


@login_required
def subjects(request):
    """The picker's options (htmx): organisations, or members, in the scope of what the form records."""
    action = Action.EDIT_DISCIPLINE if request.GET.get("purpose") == "case" else Action.EDIT_OVERSIGHT
    ids = _scope_or_404(request.user, action)
    query = (request.GET.get("subject_code") or request.GET.get("q") or "").strip()
    if request.GET.get("subject_type") == SubjectType.MEMBER:
        ids &= access.scope_ids(request.user, Action.VIEW_REGISTER)
        found = Member.objects.filter(organization_id__in=ids)
        if query:
            found = found.filter(Q(code__icontains=query) | Q(name_folded__contains=fold(query)))
        options = [(m.code, m.full_name) for m in found.order_by("code")[:PICKER]]
    else:
        found = Organization.objects.filter(id__in=ids)
        if query:
            found = found.filter(Q(code__icontains=query) | Q(name__icontains=query))
        options = [(o.code, o.name) for o in found.order_by("code")[:PICKER]]
    return render(request, "oversight/_subject_options.html", {"options": options})


# programmes
@login_required
def programme_create(request):
    ids = _scope_or_404(request.user, Action.EDIT_OVERSIGHT)
    form = forms.ProgrammeForm(request.POST or None, units=_units(ids),
                               initial={"year": access.today().year})
    return _form_page(
        request, form,
        lambda d: services.create_programme(actor=request.user, body=d["body"], year=d["year"],
                                            title=d["title"]),
        title=_("New inspection and supervision programme"), back=reverse("oversight:programmes"),
        done=lambda p: reverse("oversight:programme", args=[p.pk]),
    )


def _editable_programme(user, pk):
    programme = _or_404(selectors.get_programme, user, pk)
    if not access.can(user, Action.EDIT_OVERSIGHT, programme.body_id):
        raise Http404
    return programme


@login_required
def item_create(request, pk: int):
    programme = _editable_programme(request.user, pk)
    form = forms.ItemForm(request.POST or None)
    return _form_page(
        request, form,
        lambda d: services.add_item(actor=request.user, programme=programme, **d),
        title=_("Add a planned item"), back=reverse("oversight:programme", args=[programme.pk]),
        done=lambda item: reverse("oversight:programme", args=[programme.pk]),
    )


@login_required
def item_edit(request, pk: int):
    item = ProgrammeItem.objects.filter(pk=pk, programme__in=selectors.programmes_for(request.user)).first()
    if item is None:
        raise Http404
    programme = _editable_programme(request.user, item.programme_id)
    initial = {name: getattr(item, name) for name in ("subject", "activity", "kind", "planned_month", "lead")}
    form = forms.ItemForm(request.POST or None, initial=initial)
    return _form_page(
        request, form,
        lambda d: services.update_item(actor=request.user, item=item, **d),
        title=_("Change a planned item"), back=reverse("oversight:programme", args=[programme.pk]),
        done=lambda obj: reverse("oversight:programme", args=[programme.pk]),
    )


# inspections and supervisions
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
    return _form_page(request, form, save, title=title, back=reverse("oversight:reviews", args=[activity]),
                      done=lambda r: reverse("oversight:review", args=[r.pk]),
                      context={"picker": "review"})


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
    return _form_page(
        request, form,
        lambda d: services.conclude(actor=request.user, review=review, concluded_on=d["concluded_on"],
                                    conclusion=d["conclusion"], findings=d["findings"],
                                    violation_found=d.get("violation_found")),
        title=_("Conclusion of %(code)s") % {"code": review.code},
        back=reverse("oversight:review", args=[review.pk]),
        done=lambda r: reverse("oversight:review", args=[r.pk]),
    )


@login_required
def recommendation_create(request, pk: int):
    review = _editable_review(request.user, pk)
    units = _units(access.scope_ids(request.user, Action.EDIT_OVERSIGHT))
    initial = {"owner_organization": review.subject_organization or review.subject_member.organization}
    form = forms.RecommendationForm(request.POST or None, units=units, initial=initial)
    return _form_page(
        request, form,
        lambda d: services.recommend(actor=request.user, review=review, **d),
        title=_("Recommendation of %(code)s") % {"code": review.code},
        back=reverse("oversight:review", args=[review.pk]),
        done=lambda r: reverse("oversight:review", args=[review.pk]),
    )


@login_required
def recommendation_status(request, pk: int):
    rec = selectors.recommendations_for(request.user).filter(pk=pk).first()
    if rec is None or not access.can(request.user, Action.EDIT_OVERSIGHT, rec.review.conducted_by_id):
        raise Http404
    form = forms.RecommendationStatusForm(request.POST or None,
                                          initial={"status": rec.status, "on": rec.done_on or access.today()})
    return _form_page(
        request, form,
        lambda d: services.set_recommendation_status(actor=request.user, recommendation=rec, **d),
        title=_("Status of a recommendation"), back=reverse("oversight:review", args=[rec.review_id]),
        done=lambda r: reverse("oversight:review", args=[rec.review_id]),
        context={"intro": rec.text},
    )


# discipline (confidential: every form needs discipline.edit on the case's unit)
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

    return _form_page(request, form, save, title=_("Open a discipline case"), back=reverse("oversight:cases"),
                      done=lambda c: reverse("oversight:case", args=[c.pk]), context={"picker": "case"})


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

    return _form_page(request, form, save, title=_("Decision on case %(code)s") % {"code": case.code},
                      back=reverse("oversight:case", args=[case.pk]),
                      done=lambda dec: reverse("oversight:decision", args=[dec.pk]))


@login_required
def case_close(request, pk: int):
    case = _editable_case(request.user, pk)
    form = forms.CloseCaseForm(request.POST or None, initial={"on": access.today(), "summary": case.summary})
    return _form_page(
        request, form,
        lambda d: discipline.close_case(actor=request.user, case=case, on=d["on"], summary=d["summary"]),
        title=_("Close case %(code)s without discipline") % {"code": case.code},
        back=reverse("oversight:case", args=[case.pk]),
        done=lambda c: reverse("oversight:case", args=[c.pk]),
    )


@login_required
def appeal_create(request, pk: int):
    """An appeal recorded by inspection staff (the member lodges his or her own on the decision page)."""
    decision = _or_404(selectors.editable_decision, request.user, pk)
    form = forms.AppealForm(request.POST or None, initial={"lodged_on": access.today()})
    return _form_page(
        request, form,
        lambda d: discipline.lodge_appeal(actor=request.user, decision=decision, **d),
        title=_("Appeal against %(code)s") % {"code": decision.code},
        back=reverse("oversight:decision", args=[decision.pk]),
        done=lambda a: reverse("oversight:decision", args=[decision.pk]),
    )


@login_required
def appeal_decide(request, pk: int):
    appeal = Appeal.objects.filter(pk=pk).first()
    if appeal is None:
        raise Http404
    decision = _or_404(selectors.editable_decision, request.user, appeal.decision_id)
    form = forms.AppealOutcomeForm(request.POST or None, units=_deciding_units(decision.case),
                                   initial={"decided_on": access.today()})
    return _form_page(
        request, form,
        lambda d: discipline.decide_appeal(actor=request.user, appeal=appeal, **d),
        title=_("Outcome of the appeal against %(code)s") % {"code": decision.code},
        back=reverse("oversight:decision", args=[decision.pk]),
        done=lambda a: reverse("oversight:decision", args=[decision.pk]),
    )
