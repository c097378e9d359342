"""Every write of plans, directives and tasks. Each service takes `actor` (None: the system — CLI, demo
loader) and `on`, the day of the act (default today; the demo loader writes the 2018 history with it, the
web never passes it). The actor needs `tasks.assign` on the committee on that day, except for the owner of
a task, who reports progress and asks for more time on his or her own task. Validation comes first and
raises InvalidInput with every problem; nothing is written then."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from dangvu.core.workdays import add_working_days
from dangvu.workplans import measures, validation
from dangvu.workplans.models import (
    OPEN_STATUSES,
    Directive,
    DirectiveItem,
    DirectiveKind,
    Extension,
    ExtensionStatus,
    Plan,
    PlanItem,
    PlanKind,
    Priority,
    ProgressNote,
    Status,
    Target,
    TargetReport,
    Task,
)


def _day(on: dt.date | None) -> dt.date:
    return on or access.today()


def _require(actor, action: str, organization_id: int, day: dt.date) -> None:
    """Scope, re-checked inside the transaction: out of sight is NotFound, in sight but not allowed is
    Forbidden."""
    if actor is None or access.can(actor, action, organization_id, on=day):
        return
    if access.can(actor, Action.VIEW_TASKS, organization_id, on=day):
        raise Forbidden(_("You may see these tasks but not assign or change them."))
    raise NotFound(_("Not found."))


def _is_owner(actor, task: Task) -> bool:
    return actor is not None and access.is_self(actor, task.owner_id)


def _require_task_actor(actor, task: Task, day: dt.date) -> None:
    if not _is_owner(actor, task):
        _require(actor, Action.ASSIGN_TASKS, task.organization_id, day)


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)


# --- Plans and targets ---------------------------------------------------------------------------------


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


# --- Directives ----------------------------------------------------------------------------------------


def record_directive(
    *,
    actor,
    organization,
    kind: str,
    issuer: str,
    issued_on: dt.date,
    title: str,
    items: list[str],
    number: str = "",
    on: dt.date | None = None,
) -> Directive:
    """A superior committee's conclusion or directive addressed to `organization`, with its items."""
    problems = []
    if kind not in DirectiveKind.values:
        problems.append(Problem("kind", _("Unknown kind of directive.")))
    for name, value in (("issuer", issuer), ("title", title)):
        if not (value or "").strip():
            problems.append(Problem(name, _("This field is required.")))
    texts = [t.strip() for t in items or [] if t and t.strip()]
    if not texts:
        problems.append(Problem("items", _("A directive needs at least one item.")))
    _raise(problems)
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, organization.pk, _day(on))
        directive = Directive.objects.create(
            organization=organization,
            kind=kind,
            number=number,
            issuer=issuer,
            issued_on=issued_on,
            title=title.strip(),
            recorded_by=actor,
        )
        DirectiveItem.objects.bulk_create(
            [DirectiveItem(directive=directive, position=i, text=t) for i, t in enumerate(texts, 1)]
        )
        audit.record(
            actor=actor,
            action="directive.create",
            obj=directive,
            organization_id=organization.pk,
            after={**audit.snapshot(directive), "items": texts},
        )
    return directive


# --- Tasks ---------------------------------------------------------------------------------------------


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


def _roll_up(actor, task: Task) -> None:
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
        if actor is None or actor.pk != task.assigned_by_id:
            _require(actor, Action.ASSIGN_TASKS, task.organization_id, day)
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


# --- Deadline extensions --------------------------------------------------------------------------------


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
