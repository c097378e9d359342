"""A plan with its targets and timeline, and the forms of plans, their items, targets and hand reports."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.pages import form_page
from dangvu.workplans import forms, selectors, services
from dangvu.workplans.models import Plan, Target, Task
from dangvu.workplans.views.common import _assignable, _committees, _day_param, _plan, _visible_plans


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
def plan_create(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    form = forms.PlanForm(request.POST or None, committees=committees)

    return form_page(
        request,
        form,
        lambda data: services.create_plan(actor=request.user, **data),
        done=_plan_url,
        success=_("The plan is recorded."),
        template="workplans/form.html",
        context={"title": _("New plan"), "back": reverse("workplans:board")},
    )


@login_required
def plan_item_create(request, pk: int):
    plan = _plan(request.user, pk)
    form = forms.PlanItemForm(request.POST or None)

    return form_page(
        request,
        form,
        lambda data: services.add_plan_item(actor=request.user, plan=plan, **data),
        done=lambda item: _plan_url(plan),
        success=_("The item is added to the plan."),
        template="workplans/form.html",
        context={
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

    def save(data):
        return services.add_target(
            actor=request.user,
            plan=plan,
            title=data["title"],
            goal=data["goal"],
            measure=data["measure"],
            item=data["item"],
            unit_label=data["unit_label"],
        )

    return form_page(
        request,
        form,
        save,
        done=lambda target: _plan_url(plan),
        success=_("The target is added to the plan."),
        template="workplans/form.html",
        context={
            "title": _("Add a target"),
            "subject": plan,
            "back": reverse("workplans:plan", args=[plan.pk]),
        },
    )


@login_required
def target_report(request, pk: int):
    target = Target.objects.select_related("plan__organization").filter(pk=pk).first()
    if target is None:
        raise Http404
    _assignable(request.user, target.plan.organization_id)
    form = forms.TargetReportForm(request.POST or None, initial={"on": access.today()})

    return form_page(
        request,
        form,
        lambda data: services.report_target(actor=request.user, target=target, **data),
        done=lambda report: _plan_url(target.plan),
        success=_("The value is reported."),
        template="workplans/form.html",
        context={
            "title": _("Report the value of a target"),
            "subject": target,
            "back": reverse("workplans:plan", args=[target.plan_id]),
        },
    )
