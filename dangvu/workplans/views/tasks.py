"""A task with its notes and extensions; the forms that assign a task (from a plan item, a directive item,
an inspection recommendation, a parent task, or standalone), cancel it and hand it to another person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import DangvuError
from dangvu.core.pages import form_page
from dangvu.members.search import search_members
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import ancestor_ids, scope_subtree_ids
from dangvu.oversight.selectors import recommendations_for
from dangvu.workplans import forms, selectors, services
from dangvu.workplans.models import DirectiveItem, PlanItem
from dangvu.workplans.views.common import (
    QUICK_STEPS,
    _assignable,
    _committees,
    _members,
    _problems,
    _task_or_404,
)


@login_required
def task_detail(request, pk: int):
    task = _task_or_404(request.user, pk)
    day = access.today()
    return render(
        request,
        "workplans/task.html",
        {
            "task": task,
            "status_today": selectors.status_on(task, day),
            "notes": task.notes.select_related("author"),
            "subtasks": task.subtasks.select_related("owner"),
            "extensions": task.extensions.select_related("requested_by", "decided_by"),
            "cooperating": task.cooperating_units.all(),
            "steps": QUICK_STEPS,
            "may_update": selectors.may_update(request.user, task),
            "may_assign": selectors.may_assign(request.user, task),
            "is_assigner": task.assigned_by_id == request.user.pk,
            "may_reassign": selectors.may_reassign(request.user, task),
        },
    )


@login_required
@require_POST
def cancel(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        services.cancel_task(actor=request.user, task=task, reason=request.POST.get("reason", ""))
    except DangvuError as exc:
        _problems(request, exc)
    return redirect("workplans:task", pk=pk)


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

    def save(data):
        kind = source.get("kind")
        return services.create_task(
            actor=request.user,
            organization=fixed or data["organization"],
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

    return form_page(
        request,
        form,
        save,
        done=lambda task: reverse("workplans:task", args=[task.pk]),
        success=_("The task is assigned."),
        template="workplans/task_form.html",
        context={
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

    return form_page(
        request,
        form,
        lambda data: services.reassign(actor=request.user, task=task, **data),
        done=lambda task: reverse("workplans:task", args=[task.pk]),
        success=_("The task has a new accountable person."),
        template="workplans/task_form.html",
        context={
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
