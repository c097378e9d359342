"""Reads of plans, directives and tasks, limited to what the user may see, and the figures built on them.

Overdue (CONTRACT.md "Tasks"): a task is overdue on day d when it was assigned by d, was not closed (done
or cancelled) by the end of d, and the deadline in force on d is before d; the deadline day itself is
still on time; days_overdue = d − deadline. The deadline in force on d is the one before any extension
approved after d (deadlines never move silently, and never backwards in history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.workplans.deadlines import overdue_on
from dangvu.workplans.measures import MEASURES
from dangvu.workplans.models import (
    OPEN_STATUSES,
    OVERDUE,
    Notice,
    Status,
    Target,
    Task,
)

DONE_STATUSES = (Status.DONE, Status.DONE_LATE)


def visible_tasks(user):
    """Tasks of committees in the user's `tasks.view` scope, tasks led by units in it, and the user's own."""
    scope = access.scope_ids(user, Action.VIEW_TASKS)
    mine = Q(owner_id=user.member_id) if getattr(user, "member_id", None) else Q(pk__in=[])
    return Task.objects.filter(Q(organization_id__in=scope) | Q(lead_unit_id__in=scope) | mine)


def may_assign(user, task: Task) -> bool:
    return access.can(user, Action.ASSIGN_TASKS, task.organization_id)


def may_open_plan(user, organization_id: int) -> bool:
    """A plan's or a directive's page (of `organization_id`), and every link to it (issue 13)."""
    return access.can(user, Action.VIEW_TASKS, organization_id)


def may_open_source(user, task: Task) -> bool:
    """The link from a task to the plan or directive it comes from."""
    if task.plan_item is not None:
        return may_open_plan(user, task.plan_item.plan.organization_id)
    if task.directive_item is not None:
        return may_open_plan(user, task.directive_item.directive.organization_id)
    return True


def may_reassign(user, task: Task) -> bool:
    """Whoever assigned an open task may hand it on, or anyone holding tasks.assign on its committee."""
    return task.is_open and (task.assigned_by_id == getattr(user, "pk", None) or may_assign(user, task))


def may_update(user, task: Task) -> bool:
    return access.is_self(user, task.owner_id) or may_assign(user, task)


def status_on(task: Task, day: dt.date) -> str:
    """The stored status, or `overdue` for a task open on `day` past its deadline."""
    if task.closed_on is not None and task.closed_on <= day:
        return task.status
    if task.deadline < day:
        return OVERDUE
    return task.status if task.is_open else Status.IN_PROGRESS


def overdue_rows(organization_id: int, day: dt.date) -> list[dict]:
    """The JSON of `dangvu tasks overdue`."""
    return [
        {
            "id": t.pk,
            "title": t.title,
            "owner": t.owner.full_name,
            "owner_code": t.owner.code,
            "unit": t.lead_unit.code,
            "committee": t.organization.code,
            "deadline": t.deadline_then.isoformat(),
            "days_overdue": (day - t.deadline_then).days,
            "source": t.source,
        }
        for t in overdue_on(organization_id, day)
    ]


def my_overdue_count(user, day: dt.date | None = None) -> int:
    if not getattr(user, "member_id", None):
        return 0
    day = day or access.today()
    return Task.objects.filter(owner_id=user.member_id, status__in=OPEN_STATUSES, deadline__lt=day).count()


def my_tasks(user):
    if not getattr(user, "member_id", None):
        return Task.objects.none()
    return (
        Task.objects.filter(owner_id=user.member_id, status__in=OPEN_STATUSES)
        .select_related("lead_unit", "organization")
        .order_by("deadline", "id")
    )


def inbox(user):
    return Notice.objects.filter(recipient=user).select_related("task")


# --- Targets -------------------------------------------------------------------------------------------


def target_value(target: Target, day: dt.date) -> Decimal | None:
    """The value of a target as of `day`: measured live for the plan's period up to `day`, or the last
    hand report dated on or before `day` (None before the first)."""
    plan = target.plan
    if target.measure:
        if day < plan.period_start:
            return Decimal(0)
        end = min(day, plan.period_end)
        return Decimal(MEASURES[target.measure].compute(plan.organization_id, plan.period_start, end))
    report = target.reports.filter(on__lte=day).order_by("-on", "-id").first()
    return report.value if report else None


def targets_with_values(plan, day: dt.date) -> list[dict]:
    rows = []
    for target in plan.targets.select_related("item").prefetch_related("reports"):
        value = target_value(target, day)
        share = int(value * 100 / target.goal) if value is not None and target.goal else None
        rows.append(
            {
                "target": target,
                "value": value,
                "share": share,
                "reached": value is not None and value >= target.goal,
                "measure_label": MEASURES[target.measure].label if target.measure else None,
            }
        )
    return rows


# --- Accountability ------------------------------------------------------------------------------------


def _figures(queryset, group: list[str], date_from: dt.date, date_to: dt.date):
    """Per group, for tasks whose deadline falls in [from, to], as known at the end of `to`:
    assigned (not cancelled by `to`), done on time, done late (by `to`), overdue (open at the end of `to`,
    deadline before `to`), cancelled, and the average delay in days of the late and overdue ones."""
    to = Value(date_to, output_field=DateField())
    done = Q(status__in=DONE_STATUSES, closed_on__lte=date_to)
    cancelled = Q(status=Status.CANCELLED, closed_on__lte=date_to)
    on_time = done & Q(closed_on__lte=F("deadline"))
    late = done & Q(closed_on__gt=F("deadline"))
    overdue = ~done & ~cancelled & Q(deadline__lt=date_to)
    delay = Case(
        When(late, then=ExpressionWrapper(F("closed_on") - F("deadline"), output_field=DurationField())),
        When(overdue, then=ExpressionWrapper(to - F("deadline"), output_field=DurationField())),
        default=None,
        output_field=DurationField(),
    )
    return (
        queryset.filter(deadline__gte=date_from, deadline__lte=date_to, created_on__lte=date_to)
        .values(*group)
        .annotate(
            assigned=Count("pk", filter=~cancelled),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            overdue=Count("pk", filter=overdue),
            cancelled=Count("pk", filter=cancelled),
            average_delay=Avg(delay),
        )
        .order_by(*group)
    )


def _days(value) -> float | None:
    if value is None:
        return None
    return round(value.total_seconds() / 86400, 1)


def accountability(queryset, date_from: dt.date, date_to: dt.date) -> dict[str, list[dict]]:
    """Per person (owner) and per unit (lead unit): one GROUP BY query each."""
    people = _figures(queryset, ["owner_id", "owner__code", "owner__full_name"], date_from, date_to)
    units = _figures(queryset, ["lead_unit_id", "lead_unit__code", "lead_unit__name"], date_from, date_to)
    out: dict[str, list[dict]] = {"people": [], "units": []}
    for row in people:
        out["people"].append({"code": row["owner__code"], "name": row["owner__full_name"], **_counts(row)})
    for row in units:
        out["units"].append({"code": row["lead_unit__code"], "name": row["lead_unit__name"], **_counts(row)})
    return out


def _counts(row) -> dict:
    return {key: row[key] for key in ("assigned", "on_time", "late", "overdue", "cancelled")} | {
        "average_delay": _days(row["average_delay"])
    }


# --- Directive follow-up ---------------------------------------------------------------------------------


def follow_up(directive, day: dt.date) -> list[dict]:
    """For every item of the directive: each of its tasks with who, by when and how far on `day`; an item
    with no task yet has one row with the task columns empty."""
    tasks = (
        Task.objects.filter(directive_item__directive=directive, parent__isnull=True)
        .select_related("owner", "lead_unit")
        .order_by("directive_item__position", "deadline", "id")
    )
    by_item: dict[int | None, list[Task | None]] = {}
    for task in tasks:
        by_item.setdefault(task.directive_item_id, []).append(task)
    rows = []
    for item in directive.items.all():
        for each in by_item.get(item.pk, [None]):
            rows.append({"item": item, "task": each, "status": status_on(each, day) if each else None})
    return rows
