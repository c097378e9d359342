"""Pages of plans and tasks: "my tasks" (a phone, progress in two taps), the committee's board with
filters, a task with its notes and extensions, a plan with its targets and timeline, the directive
follow-up table with its exports, the accountability figures and the inbox. Every write calls a service;
anything outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import DangvuError, InvalidInput
from dangvu.organizations.models import Organization
from dangvu.workplans import deadlines, exports, selectors, services
from dangvu.workplans.models import OVERDUE, Directive, Extension, Plan, Status, Task

QUICK_STEPS = (25, 50, 75, 100)


def _task_or_404(user, pk: int) -> Task:
    task = (
        selectors.visible_tasks(user)
        .select_related(
            "owner", "lead_unit", "organization", "plan_item", "directive_item", "assigned_by", "parent",
            "recommendation__review",
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def _problems(request, exc: DangvuError) -> None:
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            messages.error(request, f"{problem.field}: {problem.message}")
    else:
        messages.error(request, getattr(exc, "message", str(exc)))


@login_required
def mine(request):
    day = access.today()
    tasks = list(selectors.my_tasks(request.user))
    for task in tasks:
        task.status_today = selectors.status_on(task, day)
    return render(
        request,
        "workplans/mine.html",
        {"tasks": tasks, "steps": QUICK_STEPS, "day": day, "has_member": bool(request.user.member_id)},
    )


@login_required
@require_POST
def quick_progress(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        value = int(request.POST.get("progress", ""))
    except ValueError:
        value = -1
    try:
        services.add_progress(
            actor=request.user,
            task=task,
            progress=value,
            text=request.POST.get("text", ""),
            link=request.POST.get("link", ""),
            file=request.FILES.get("file"),
        )
    except DangvuError as exc:
        _problems(request, exc)
    else:
        messages.success(request, _("Progress saved."))
    if request.POST.get("next") == "mine":
        return redirect("workplans:mine")
    return redirect("workplans:task", pk=pk)


class BoardFilter(forms.Form):
    org = forms.CharField(label=_("Organisation code"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), (OVERDUE, _("Overdue")), *Status.choices],
    )
    owner = forms.CharField(label=_("Member code of the owner"), required=False)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[
            ("", _("All")),
            ("plan", _("Plan")),
            ("directive", _("Directive")),
            ("recommendation", _("Inspection recommendation")),
            ("none", _("None")),
        ],
    )
    on = forms.DateField(label=_("On"), required=False)


def _board_tasks(user, data: dict, day: dt.date):
    tasks = selectors.visible_tasks(user).select_related("owner", "lead_unit", "organization")
    if data.get("org"):
        org = Organization.objects.filter(code=data["org"]).first()
        tasks = tasks.filter(lead_unit_id__in=access.scope_subtree_ids([org.id]) if org else [])
    status = data.get("status")
    if status == "open":
        tasks = tasks.filter(deadlines.open_on(day))
    elif status == OVERDUE:
        tasks = tasks.filter(deadlines.open_on(day), deadline__lt=day)
    elif status:
        tasks = tasks.filter(status=status)
    if data.get("owner"):
        tasks = tasks.filter(owner__code=data["owner"])
    source = data.get("source")
    if source == "plan":
        tasks = tasks.filter(plan_item__isnull=False)
    elif source == "directive":
        tasks = tasks.filter(directive_item__isnull=False)
    elif source == "recommendation":
        tasks = tasks.filter(recommendation__isnull=False)
    elif source == "none":
        tasks = tasks.filter(plan_item__isnull=True, directive_item__isnull=True, recommendation__isnull=True)
    return tasks.order_by("deadline", "id")


@login_required
def board(request):
    if not access.scope_ids(request.user, Action.VIEW_TASKS):
        raise Http404
    form = BoardFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("on") or access.today()
    tasks = list(_board_tasks(request.user, data, day)[:500])
    for task in tasks:
        task.status_today = selectors.status_on(task, day)
    return render(
        request,
        "workplans/board.html",
        {
            "form": form,
            "tasks": tasks,
            "day": day,
            "plans": _visible_plans(request.user)[:20],
            "directives": _visible_directives(request.user)[:20],
            "may_assign": bool(access.scope_ids(request.user, Action.ASSIGN_TASKS)),
        },
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
            "may_reassign": task.is_open
            and (task.assigned_by_id == request.user.pk or selectors.may_assign(request.user, task)),
        },
    )


@login_required
@require_POST
def request_extension(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        new_deadline = forms.DateField().clean(request.POST.get("new_deadline"))
    except forms.ValidationError:
        new_deadline = None
    try:
        services.request_extension(
            actor=request.user, task=task, new_deadline=new_deadline, reason=request.POST.get("reason", "")
        )
    except DangvuError as exc:
        _problems(request, exc)
    else:
        messages.success(request, _("The request was sent to the person who assigned the task."))
    return redirect("workplans:task", pk=pk)


@login_required
@require_POST
def decide_extension(request, pk: int):
    extension = Extension.objects.filter(pk=pk).first()
    if extension is None:
        raise Http404
    _task_or_404(request.user, extension.task_id)
    try:
        services.decide_extension(
            actor=request.user,
            extension=extension,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except DangvuError as exc:
        _problems(request, exc)
    return redirect("workplans:task", pk=extension.task_id)


@login_required
@require_POST
def cancel(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        services.cancel_task(actor=request.user, task=task, reason=request.POST.get("reason", ""))
    except DangvuError as exc:
        _problems(request, exc)
    return redirect("workplans:task", pk=pk)


def _visible_plans(user):
    return Plan.objects.filter(organization_id__in=access.scope_ids(user, Action.VIEW_TASKS)).select_related(
        "organization"
    )


def _visible_directives(user):
    return Directive.objects.filter(
        organization_id__in=access.scope_ids(user, Action.VIEW_TASKS)
    ).select_related("organization")


def _day_param(request, default: dt.date) -> dt.date:
    try:
        return forms.DateField().clean(request.GET.get("on")) or default
    except forms.ValidationError:
        return default


@login_required
def plan_detail(request, pk: int):
    plan = _visible_plans(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    day = _day_param(request, min(access.today(), plan.period_end))
    tasks = list(
        Task.objects.filter(plan_item__plan=plan, parent__isnull=True)
        .select_related("owner", "lead_unit", "plan_item")
        .order_by("plan_item__position", "deadline")
    )
    span = max((plan.period_end - plan.period_start).days, 1)
    for task in tasks:
        task.status_today = selectors.status_on(task, day)
        start = max(task.created_on, plan.period_start)
        end = min(task.closed_on or task.deadline, plan.period_end)
        task.bar_left = round(100 * max((start - plan.period_start).days, 0) / span, 1)
        task.bar_width = max(round(100 * max((end - start).days, 0) / span, 1), 1)
    return render(
        request,
        "workplans/plan.html",
        {
            "plan": plan,
            "day": day,
            "targets": selectors.targets_with_values(plan, day),
            "items": plan.items.all(),
            "tasks": tasks,
            "months": [dt.date(plan.period_start.year, m, 1) for m in range(1, 13)]
            if plan.period_start.year == plan.period_end.year
            else [],
            "may_assign": access.can(request.user, Action.ASSIGN_TASKS, plan.organization_id),
        },
    )


@login_required
def directive_detail(request, pk: int):
    directive = _visible_directives(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    day = _day_param(request, access.today())
    return render(
        request,
        "workplans/directive.html",
        {
            "directive": directive,
            "day": day,
            "rows": selectors.follow_up(directive, day),
            "may_assign": access.can(request.user, Action.ASSIGN_TASKS, directive.organization_id),
        },
    )


@login_required
def directive_export(request, pk: int, fmt: str):
    directive = _visible_directives(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    day = _day_param(request, access.today())
    if fmt == "xlsx":
        content, kind = (
            exports.xlsx(directive, day),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        content, kind = (
            exports.docx(directive, day),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="directive-{directive.pk}-{day.isoformat()}.{fmt}"'
    )
    return response


class PeriodForm(forms.Form):
    org = forms.CharField(label=_("Organisation code"), required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)


@login_required
def accountability(request):
    if not access.scope_ids(request.user, Action.VIEW_TASKS):
        raise Http404
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = access.today()
    date_from = data.get("date_from") or dt.date(today.year, 1, 1)
    date_to = data.get("date_to") or dt.date(today.year, 12, 31)
    tasks = selectors.visible_tasks(request.user)
    if data.get("org"):
        org = Organization.objects.filter(code=data["org"]).first()
        tasks = tasks.filter(lead_unit_id__in=access.scope_subtree_ids([org.id]) if org else [])
    figures = selectors.accountability(tasks, date_from, date_to)
    return render(
        request,
        "workplans/accountability.html",
        {"form": form, "figures": figures, "date_from": date_from, "date_to": date_to},
    )


@login_required
def inbox(request):
    notices = list(selectors.inbox(request.user)[:100])
    selectors.inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "workplans/inbox.html", {"notices": notices})
