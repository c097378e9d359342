"""Tasks: assignment, progress with its roll-up to the parent task, cancellation and reassignment."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import Conflict, InvalidInput, Problem
from dangvu.core.workdays import add_working_days
from dangvu.workplans import selectors, validation
from dangvu.workplans.models import (
    OPEN_STATUSES,
    DirectiveItem,
    PlanItem,
    Priority,
    ProgressNote,
    Status,
    Task,
)
from dangvu.workplans.services.common import _day, _raise, _require, _require_task_actor


def create_task(
    *,
    actor,
    organization,
    title: str,
    product: str,
    owner,
    lead_unit,
    deadline=None,
    working_days: int | None = None,
    cooperating_units=(),
    priority: str = Priority.NORMAL,
    parent: Task | None = None,
    plan_item: PlanItem | None = None,
    directive_item: DirectiveItem | None = None,
    recommendation=None,
    weight: int = 1,
    on: dt.date | None = None,
) -> Task:
    """A task of `organization` (the assigning committee), assigned by `actor` on `on`. The deadline is a
    date, or `working_days` after the day of assignment on the Vietnamese working-day calendar."""
    day = _day(on)
    cooperating = list(cooperating_units)
    if deadline is None and working_days is not None:
        deadline = add_working_days(day, int(working_days))
    problems = validation.text_problems(title, product)
    problems += validation.owner_problems(organization, owner, day)
    problems += validation.unit_problems(organization, lead_unit, cooperating, day)
    problems += validation.deadline_problems(day, deadline)
    if priority not in Priority.values:
        problems.append(Problem("priority", _("Unknown priority.")))
    if sum(x is not None for x in (plan_item, directive_item, recommendation)) > 1:
        problems.append(
            Problem(
                "source",
                _(
                    "A task comes from one source at most: a plan item, a directive "
                    "item or an inspection recommendation."
                ),
            )
        )
    if plan_item is not None and plan_item.plan.organization_id != organization.pk:
        problems.append(Problem("plan_item", _("The plan item belongs to another committee's plan.")))
    if directive_item is not None and directive_item.directive.organization_id != organization.pk:
        problems.append(Problem("directive_item", _("The directive is addressed to another committee.")))
    if parent is not None:
        if parent.organization_id != organization.pk:
            problems.append(Problem("parent", _("A subtask belongs to the committee of its parent task.")))
        elif not parent.is_open:
            problems.append(Problem("parent", _("The parent task is already closed.")))
        elif deadline is not None and deadline > parent.deadline:
            problems.append(Problem("deadline", _("A subtask's deadline cannot be after its parent's.")))
    if not isinstance(weight, int) or weight < 1:
        problems.append(Problem("weight", _("The weight is a whole number of 1 or more.")))
    _raise(problems)
    if parent is not None and plan_item is None and directive_item is None and recommendation is None:
        plan_item, directive_item, recommendation = (
            parent.plan_item,
            parent.directive_item,
            parent.recommendation,
        )
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, organization.pk, day)
        task = Task.objects.create(
            organization=organization,
            title=title.strip(),
            product=product.strip(),
            owner=owner,
            lead_unit=lead_unit,
            assigned_by=actor,
            created_on=day,
            deadline=deadline,
            priority=priority,
            parent=parent,
            plan_item=plan_item,
            directive_item=directive_item,
            recommendation=recommendation,
            weight=weight,
        )
        if cooperating:
            task.cooperating_units.set(cooperating)
        audit.record(
            actor=actor,
            action="task.create",
            obj=task,
            organization_id=organization.pk,
            after={**audit.snapshot(task), "cooperating_units": sorted(u.pk for u in cooperating)},
        )
        if parent is not None:
            _roll_up(actor, parent)
    return task


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).get(pk=task.pk)


def _roll_up(actor, task: Task | None) -> None:
    """The parent's progress is the weighted mean of its subtasks' (cancelled ones left out), up the tree."""
    while task is not None:
        task = _locked(task)
        live = task.subtasks.exclude(status=Status.CANCELLED)
        totals = live.aggregate(weights=Sum("weight"), points=Sum(F("weight") * F("progress")))
        progress = round(totals["points"] / totals["weights"]) if totals["weights"] else task.progress
        if progress != task.progress:
            before = audit.snapshot(task, ["progress", "status"])
            task.progress = progress
            if task.status == Status.NOT_STARTED and progress > 0:
                task.status = Status.IN_PROGRESS
            task.save(update_fields=["progress", "status"])
            audit.record(
                actor=actor,
                action="task.rollup",
                obj=task,
                organization_id=task.organization_id,
                before=before,
                after=audit.snapshot(task, ["progress", "status"]),
            )
        task = task.parent


def _closing_problems(task: Task, day: dt.date, new_note_has_evidence: bool) -> list[Problem]:
    problems = []
    if task.subtasks.filter(status__in=OPEN_STATUSES).exists():
        problems.append(Problem("status", _("A task with open subtasks cannot be closed.")))
    needs_evidence = task.plan_item is not None and task.plan_item.requires_evidence
    if (
        needs_evidence
        and not new_note_has_evidence
        and not task.notes.filter(~Q(link="") | ~Q(file="")).exists()
    ):
        problems.append(
            Problem(
                "evidence",
                _("This plan item requires evidence (a file or a link to a record) before its task is done."),
            )
        )
    return problems


def add_progress(
    *,
    actor,
    task: Task,
    progress: int | None = None,
    text: str = "",
    link: str = "",
    file=None,
    on: dt.date | None = None,
) -> ProgressNote:
    """A dated progress note. `progress` 100 closes the task: done, or done late after its deadline.
    A task with subtasks takes its progress from them; its notes carry `progress=None`."""
    day = _day(on)
    task = Task.objects.select_related("plan_item").get(pk=task.pk)
    has_subtasks = task.subtasks.exists()
    if not task.is_open:
        raise Conflict([Problem("status", _("The task is closed; its progress no longer changes."))])
    problems = []
    if progress is not None:
        problems += validation.progress_problems(progress)
        if has_subtasks and progress != 100:
            problems.append(
                Problem("progress", _("The progress of a task with subtasks rolls up from them."))
            )
    if day < task.created_on:
        problems.append(Problem("on", _("A progress note cannot be dated before the task was assigned.")))
    evidence = bool(link or file)
    closing = progress == 100 and not problems
    if closing:
        problems += _closing_problems(task, day, evidence)
    _raise(problems)
    with audit.atomic():
        _require_task_actor(actor, task, day)
        task = _locked(task)
        before = audit.snapshot(task, ["progress", "status", "closed_on"])
        value = task.progress if progress is None else progress
        note = ProgressNote.objects.create(
            task=task, on=day, progress=value, text=text, link=link, file=file or "", author=actor
        )
        task.progress = value
        if closing:
            task.status = Status.DONE if day <= task.deadline else Status.DONE_LATE
            task.closed_on = day
        elif task.status == Status.NOT_STARTED and (value > 0 or text):
            task.status = Status.IN_PROGRESS
        task.save(update_fields=["progress", "status", "closed_on"])
        audit.record(
            actor=actor,
            action="task.progress",
            obj=task,
            organization_id=task.organization_id,
            before=before,
            after={
                **audit.snapshot(task, ["progress", "status", "closed_on"]),
                "note": note.pk,
                "evidence": evidence,
            },
        )
        if task.parent_id:
            _roll_up(actor, task.parent)
    return note


def cancel_task(*, actor, task: Task, reason: str, on: dt.date | None = None) -> Task:
    day = _day(on)
    problems = []
    if not (reason or "").strip():
        problems.append(Problem("cancel_reason", _("A task is cancelled only with a reason.")))
    if not task.is_open:
        problems.append(Problem("status", _("The task is already closed.")))
    _raise(problems)
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, task.organization_id, day)
        task = _locked(task)
        before = audit.snapshot(task, ["status", "closed_on", "cancel_reason"])
        task.status, task.closed_on, task.cancel_reason = Status.CANCELLED, day, reason.strip()
        task.save(update_fields=["status", "closed_on", "cancel_reason"])
        audit.record(
            actor=actor,
            action="task.cancel",
            obj=task,
            organization_id=task.organization_id,
            before=before,
            after=audit.snapshot(task, ["status", "closed_on", "cancel_reason"]),
        )
        if task.parent_id:
            _roll_up(actor, task.parent)
    return task


def reassign(*, actor, task: Task, owner, reason: str, on: dt.date | None = None) -> Task:
    """Hand an open task to another accountable member of the assigning committee's subtree, with a
    reason. Whoever assigned the task may do it, or anyone holding `tasks.assign` on the committee."""
    day = _day(on)
    problems = []
    if not (reason or "").strip():
        problems.append(Problem("reason", _("A task is handed to another person only with a reason.")))
    if not task.is_open:
        problems.append(Problem("status", _("The task is already closed.")))
    if owner is not None and owner.pk == task.owner_id:
        problems.append(Problem("owner", _("This member is already the accountable person.")))
    else:
        problems += validation.owner_problems(task.organization, owner, day)
    _raise(problems)
    with audit.atomic():
        if actor is None or not selectors.may_reassign(actor, task):
            _require(actor, Action.ASSIGN_TASKS, task.organization_id, day)  # raises the refusal
        task = _locked(task)
        if not task.is_open:  # closed meanwhile: the caller's copy was stale
            raise InvalidInput.one("status", _("The task is already closed."))
        before = audit.snapshot(task, ["owner"])
        task.owner = owner
        task.save(update_fields=["owner"])
        audit.record(
            actor=actor,
            action="task.reassign",
            obj=task,
            organization_id=task.organization_id,
            before=before,
            after={**audit.snapshot(task, ["owner"]), "reason": reason.strip()},
        )
    return task
