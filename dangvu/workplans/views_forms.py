"""The forms that create plans (with items, targets and hand reports), directives with their items, and
tasks (from a plan item, a directive item, an inspection recommendation, a parent task, or standalone),
and the one that hands a task to another person. Each POST calls one service with `actor=request.user`;
the service's problems are shown next to the fields they name; anything outside the user's
`tasks.assign` scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.members.models import Member
from dangvu.members.search import search_members
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import ancestor_ids, scope_subtree_ids
from dangvu.oversight.selectors import recommendations_for
from dangvu.workplans import forms, selectors, services
from dangvu.workplans.models import DirectiveItem, Plan, PlanItem, Target


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _committees(user):
    """The open units on which the user may assign tasks (and so record plans and directives)."""
    today = access.today()
    return Organization.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=today),
        id__in=access.scope_ids(user, Action.ASSIGN_TASKS),
    ).order_by("code")


def _members(user):
    return Member.objects.filter(organization_id__in=access.scope_ids(user, Action.VIEW_REGISTER))


def _assignable(user, organization_id: int) -> None:
    if not access.can(user, Action.ASSIGN_TASKS, organization_id):
        raise Http404


def _plan(user, pk: int) -> Plan:
    plan = Plan.objects.select_related("organization").filter(pk=pk).first()
    if plan is None:
        raise Http404
    _assignable(user, plan.organization_id)
    return plan


def _save(request, form, write, success, template, context):
    """Run `write(form)` (a service call) on a valid POST: redirect with `success` to the URL it returns,
    or show its problems on the form (status 400)."""
    if request.method == "POST" and form.is_valid():
        try:
            url = write(form)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        except (NotFound, Forbidden):
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect(url)
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


# --- Plans ---------------------------------------------------------------------------------------------


@login_required
def plan_create(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    form = forms.PlanForm(request.POST or None, committees=committees)

    def write(form):
        plan = services.create_plan(actor=request.user, **form.cleaned_data)
        return _plan_url(plan)

    return _save(
        request,
        form,
        write,
        _("The plan is recorded."),
        "workplans/form.html",
        {"title": _("New plan"), "back": reverse("workplans:board")},
    )


@login_required
def plan_item_create(request, pk: int):
    plan = _plan(request.user, pk)
    form = forms.PlanItemForm(request.POST or None)

    def write(form):
        services.add_plan_item(actor=request.user, plan=plan, **form.cleaned_data)
        return _plan_url(plan)

    return _save(
        request,
        form,
        write,
        _("The item is added to the plan."),
        "workplans/form.html",
        {
            "title": _("Add an item to the plan"),
            "subject": plan,
            "back": reverse("workplans:plan", args=[plan.pk]),
        },
    )


def _plan_url(plan: Plan) -> str:
    return reverse("workplans:plan", args=[plan.pk])


@login_required
def target_create(request, pk: int):
    plan = _plan(request.user, pk)
    form = forms.TargetForm(request.POST or None, items=plan.items.all())

    def write(form):
        data = form.cleaned_data
        services.add_target(
            actor=request.user,
            plan=plan,
            title=data["title"],
            goal=data["goal"],
            measure=data["measure"],
            item=data["item"],
            unit_label=data["unit_label"],
        )
        return _plan_url(plan)

    return _save(
        request,
        form,
        write,
        _("The target is added to the plan."),
        "workplans/form.html",
        {"title": _("Add a target"), "subject": plan, "back": reverse("workplans:plan", args=[plan.pk])},
    )


@login_required
def target_report(request, pk: int):
    target = Target.objects.select_related("plan__organization").filter(pk=pk).first()
    if target is None:
        raise Http404
    _assignable(request.user, target.plan.organization_id)
    form = forms.TargetReportForm(request.POST or None, initial={"on": access.today()})

    def write(form):
        services.report_target(actor=request.user, target=target, **form.cleaned_data)
        return _plan_url(target.plan)

    return _save(
        request,
        form,
        write,
        _("The value is reported."),
        "workplans/form.html",
        {
            "title": _("Report the value of a target"),
            "subject": target,
            "back": reverse("workplans:plan", args=[target.plan_id]),
        },
    )


# --- Directives ----------------------------------------------------------------------------------------


@login_required
def directive_create(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    form = forms.DirectiveForm(request.POST or None, committees=committees)

    def write(form):
        data = dict(form.cleaned_data)
        data["items"] = form.item_texts()
        directive = services.record_directive(actor=request.user, **data)
        return reverse("workplans:directive", args=[directive.pk])

    return _save(
        request,
        form,
        write,
        _("The directive is recorded."),
        "workplans/form.html",
        {"title": _("Record a conclusion or directive"), "back": reverse("workplans:board")},
    )


# --- Tasks ---------------------------------------------------------------------------------------------


def _task_source(request) -> dict:
    """The source named in the query string, checked against the user's scope (404 outside):
    {"kind", "object", "committee", "label"} or {} for a standalone task."""
    user, params = request.user, request.GET
    for name in ("parent", "plan_item", "directive_item", "recommendation"):
        raw = params.get(name, "")
        if not raw:
            continue
        if not raw.isdigit():
            raise Http404
        pk = int(raw)
        if name == "parent":
            obj = selectors.visible_tasks(user).select_related("organization").filter(pk=pk).first()
            committee = obj.organization if obj else None
        elif name == "plan_item":
            obj = PlanItem.objects.select_related("plan__organization").filter(pk=pk).first()
            committee = obj.plan.organization if obj else None
        elif name == "directive_item":
            obj = DirectiveItem.objects.select_related("directive__organization").filter(pk=pk).first()
            committee = obj.directive.organization if obj else None
        else:
            obj = recommendations_for(user).filter(pk=pk).first()
            committee = _recommendation_committee(user, obj) if obj else None
        if obj is None or committee is None:
            raise Http404
        _assignable(user, committee.pk)
        return {"kind": name, "object": obj, "committee": committee}
    return {}


def _recommendation_committee(user, recommendation):
    """The committee that assigns the follow-up of a recommendation: the responsible unit itself, or the
    nearest unit above it on which the user may assign tasks."""
    scope = access.scope_ids(user, Action.ASSIGN_TASKS)
    unit = recommendation.owner_organization
    for org_id in ancestor_ids(unit.pk):  # the unit itself first, then upwards
        if org_id in scope:
            return Organization.objects.get(pk=org_id)
    return None


@login_required
def task_create(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    source = _task_source(request)
    fixed = source.get("committee")
    units = committees
    if fixed is not None:
        units = committees.filter(id__in=scope_subtree_ids([fixed.pk]))
    initial = {}
    if source.get("kind") == "recommendation":
        rec = source["object"]
        initial = {
            "title": rec.text[:300],
            "deadline": rec.deadline,
            "lead_unit": rec.owner_organization.code,
        }
    elif source.get("kind") == "directive_item":
        initial = {"title": source["object"].text[:300]}
    elif source.get("kind") == "parent":
        initial = {"lead_unit": source["object"].lead_unit.code}
    form = forms.TaskForm(
        request.POST or None,
        committees=committees,
        units=units,
        members=_members(request.user),
        fixed_committee=fixed,
        initial=initial,
    )

    def write(form):
        data = dict(form.cleaned_data)
        organization = fixed or data.pop("organization")
        kind = source.get("kind")
        task = services.create_task(
            actor=request.user,
            organization=organization,
            title=data["title"],
            product=data["product"],
            owner=data["owner"],
            lead_unit=data["lead_unit"],
            deadline=data["deadline"],
            working_days=data["working_days"],
            cooperating_units=data["cooperating_units"],
            priority=data["priority"],
            weight=data["weight"] or 1,
            parent=source["object"] if kind == "parent" else None,
            plan_item=source["object"] if kind == "plan_item" else None,
            directive_item=source["object"] if kind == "directive_item" else None,
            recommendation=source["object"] if kind == "recommendation" else None,
        )
        return reverse("workplans:task", args=[task.pk])

    return _save(
        request,
        form,
        write,
        _("The task is assigned."),
        "workplans/task_form.html",
        {
            "title": _("Add a subtask") if source.get("kind") == "parent" else _("Assign a task"),
            "source": source,
            "committee": fixed,
            "back": reverse("workplans:board"),
        },
    )


@login_required
def reassign(request, pk: int):
    task = selectors.visible_tasks(request.user).select_related("organization", "owner").filter(pk=pk).first()
    if task is None or not (
        task.assigned_by_id == request.user.pk or selectors.may_assign(request.user, task)
    ):
        raise Http404
    form = forms.ReassignForm(request.POST or None, members=_members(request.user))

    def write(form):
        services.reassign(actor=request.user, task=task, **form.cleaned_data)
        return reverse("workplans:task", args=[task.pk])

    return _save(
        request,
        form,
        write,
        _("The task has a new accountable person."),
        "workplans/task_form.html",
        {
            "title": _("Hand the task to another person"),
            "subject": task,
            "committee": task.organization,
            "back": reverse("workplans:task", args=[task.pk]),
        },
    )


@login_required
def owner_search(request):
    """The owner picker (htmx): members matching `q` in the committee's subtree, or the picker with the
    member `pick` chosen."""
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    committee = committees.filter(code=request.GET.get("organization", "")).first()
    pick = request.GET.get("pick", "")
    if pick:
        chosen = _members(request.user).select_related("organization").filter(code=pick).first()
        return render(
            request,
            "workplans/_owner_picker.html",
            {"value": chosen.code if chosen else "", "chosen": chosen, "committee": committee},
        )
    found = search_members(request.user, request.GET.get("q", ""), limit=20)
    if committee is not None:
        subtree = scope_subtree_ids([committee.pk])
        found = [m for m in found if m.organization_id in subtree]
    return render(request, "workplans/_owner_results.html", {"found": found})
