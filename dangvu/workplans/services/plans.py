"""Plans with their items and targets, and the hand-reported values of targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, Problem
from dangvu.workplans import measures
from dangvu.workplans.models import Plan, PlanItem, PlanKind, Target, TargetReport
from dangvu.workplans.services.common import _day, _raise, _require


def create_plan(
    *,
    actor,
    organization,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    number: str = "",
    on: dt.date | None = None,
) -> Plan:
    day = _day(on)
    problems = []
    if kind not in PlanKind.values:
        problems.append(Problem("kind", _("Unknown kind of plan.")))
    if not (title or "").strip():
        problems.append(Problem("title", _("A plan needs a title.")))
    if period_start is None or period_end is None or period_end < period_start:
        problems.append(Problem("period_end", _("The period must end on or after its start.")))
    _raise(problems)
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, organization.pk, day)
        plan = Plan.objects.create(
            organization=organization,
            kind=kind,
            title=title.strip(),
            number=number,
            period_start=period_start,
            period_end=period_end,
            created_on=day,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action="plan.create",
            obj=plan,
            organization_id=organization.pk,
            after=audit.snapshot(plan),
        )
    return plan


def add_plan_item(
    *, actor, plan: Plan, title: str, requires_evidence: bool = False, on: dt.date | None = None
) -> PlanItem:
    _raise([] if (title or "").strip() else [Problem("title", _("A plan item needs a title."))])
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, plan.organization_id, _day(on))
        position = (plan.items.count() or 0) + 1
        item = PlanItem.objects.create(
            plan=plan, position=position, title=title.strip(), requires_evidence=requires_evidence
        )
        audit.record(
            actor=actor,
            action="plan.item.create",
            obj=item,
            organization_id=plan.organization_id,
            after=audit.snapshot(item),
        )
    return item


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput.one(field, _("Not a number.")) from None
    if not number.is_finite() or number < 0:
        raise InvalidInput.one(field, _("A target's figures are numbers of zero or more."))
    return number


def add_target(
    *,
    actor,
    plan: Plan,
    title: str,
    goal,
    measure: str = "",
    item: PlanItem | None = None,
    unit_label: str = "",
    on: dt.date | None = None,
) -> Target:
    problems = []
    if not (title or "").strip():
        problems.append(Problem("title", _("A target needs a title.")))
    if measure and measure not in measures.MEASURES:
        problems.append(
            Problem(
                "measure", _("The system cannot measure this; leave it empty to report the value by hand.")
            )
        )
    if item is not None and item.plan_id != plan.pk:
        problems.append(Problem("item", _("The item belongs to another plan.")))
    _raise(problems)
    goal = _decimal(goal, "goal")
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, plan.organization_id, _day(on))
        target = Target.objects.create(
            plan=plan, item=item, title=title.strip(), goal=goal, measure=measure, unit_label=unit_label
        )
        audit.record(
            actor=actor,
            action="plan.target.create",
            obj=target,
            organization_id=plan.organization_id,
            after=audit.snapshot(target),
        )
    return target


def report_target(*, actor, target: Target, on: dt.date, value, evidence: str) -> TargetReport:
    """A hand-reported value of a target as of `on`, with its evidence (a document number or a link)."""
    problems = []
    if target.measure:
        problems.append(
            Problem("target", _("This target is measured by the system; it is not reported by hand."))
        )
    if not (evidence or "").strip():
        problems.append(Problem("evidence", _("A reported value needs its evidence (a document or a link).")))
    _raise(problems)
    value = _decimal(value, "value")
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, target.plan.organization_id, on)
        report = TargetReport.objects.create(
            target=target, on=on, value=value, evidence=evidence.strip(), reported_by=actor
        )
        audit.record(
            actor=actor,
            action="plan.target.report",
            obj=target,
            organization_id=target.plan.organization_id,
            after=audit.snapshot(report),
        )
    return report
