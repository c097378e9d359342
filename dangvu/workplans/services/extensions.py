"""Deadline extensions: asked for by the owner with a reason, decided by whoever assigned the task."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.audit import services as audit
from dangvu.core.errors import Problem
from dangvu.core.workdays import add_working_days
from dangvu.workplans.models import Extension, ExtensionStatus, Task
from dangvu.workplans.services.common import _day, _raise, _require_task_actor
from dangvu.workplans.services.tasks import _locked


def request_extension(
    *,
    actor,
    task: Task,
    reason: str,
    new_deadline: dt.date | None = None,
    working_days: int | None = None,
    on: dt.date | None = None,
) -> Extension:
    """Ask for a later deadline, with a reason; the deadline moves only when the assigner approves."""
    day = _day(on)
    if new_deadline is None and working_days is not None:
        new_deadline = add_working_days(task.deadline, int(working_days))
    problems = []
    if not (reason or "").strip():
        problems.append(Problem("reason", _("An extension is requested with a reason.")))
    if not task.is_open:
        problems.append(Problem("status", _("The task is closed.")))
    if new_deadline is None or new_deadline <= task.deadline:
        problems.append(Problem("new_deadline", _("The requested deadline must be after the current one.")))
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        problems.append(Problem("new_deadline", _("A request for this task already awaits a decision.")))
    _raise(problems)
    assert new_deadline is not None  # refused above
    with audit.atomic():
        _require_task_actor(actor, task, day)
        ext = Extension.objects.create(
            task=task,
            old_deadline=task.deadline,
            new_deadline=new_deadline,
            reason=reason.strip(),
            requested_on=day,
            requested_by=actor,
        )
        audit.record(
            actor=actor,
            action="task.extension.request",
            obj=task,
            organization_id=task.organization_id,
            after=audit.snapshot(ext),
        )
    return ext


def decide_extension(
    *, actor, extension: Extension, approve: bool, note: str = "", on: dt.date | None = None
) -> Extension:
    """Only whoever assigned the task decides (the system for a task the system assigned)."""
    day = _day(on)
    task = extension.task
    problems = []
    if extension.status != ExtensionStatus.PENDING:
        problems.append(Problem("status", _("This request has already been decided.")))
    assigner = task.assigned_by_id
    decider = actor.pk if actor is not None else None
    if decider != assigner:
        problems.append(
            Problem(
                "decided_by",
                _(
                    "Only the person who assigned the task may approve or refuse "
                    "an extension of its deadline."
                ),
            )
        )
    if day < extension.requested_on:
        problems.append(Problem("decided_on", _("A decision cannot come before the request.")))
    _raise(problems)
    with audit.atomic():
        task = _locked(task)
        before = audit.snapshot(task, ["deadline"])
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.decided_on, extension.decided_by, extension.decision_note = day, actor, note
        extension.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
        if approve:
            task.deadline = extension.new_deadline
            task.save(update_fields=["deadline"])
        audit.record(
            actor=actor,
            action="task.extension.decide",
            obj=task,
            organization_id=task.organization_id,
            before=before,
            after={**audit.snapshot(task, ["deadline"]), "extension": audit.snapshot(extension)},
        )
    return extension
