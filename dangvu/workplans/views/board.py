"""The committee's board of tasks with its filters, and the accountability figures."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.organizations.models import Organization
from dangvu.workplans import deadlines, selectors
from dangvu.workplans.models import OVERDUE, Status
from dangvu.workplans.views.common import _visible_directives, _visible_plans


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
