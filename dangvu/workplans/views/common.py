"""What the pages of plans and tasks share: the getters that answer 404 outside the user's scope, the
committees the user may assign on (the form pages themselves run through `core.pages.form_page`)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import DangvuError, InvalidInput
from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from dangvu.workplans import selectors
from dangvu.workplans.models import Directive, Plan, Task

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
