"""Tasks in the REST API: the list and one task (`tasks.view` scope, plus the user's own tasks), progress
reported by the owner or by whoever may assign the committee's tasks (the same service as the web's two
taps), and the overdue list of `dangvu tasks overdue --json` (the same function, the same objects).

No `from __future__ import annotations` here: django-ninja resolves `Query[...]` parameters at import."""

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.api_schema import MAX_ID, Day, Pagination, body_int, enumeration
from dangvu.core.errors import NotFound
from dangvu.organizations.selectors import get_by_code, scope_subtree_ids
from dangvu.workplans import deadlines, selectors, services
from dangvu.workplans.models import OVERDUE, Priority, Status, Task

router = Router()
TaskId = Annotated[int, Field(ge=1, le=MAX_ID)]
PAGE_SIZE = 50
StatusFilter = enumeration("TaskStatusFilter", ["open", OVERDUE, *Status.values])
TaskStatus = enumeration("TaskStatus", [*Status.values, OVERDUE])
Source = enumeration("TaskSource", ["plan", "directive", "recommendation", "none"])


class TaskOut(Schema):
    id: int
    title: str
    product: str
    committee: str
    owner: str
    owner_code: str
    unit: str
    cooperating_units: list[str]
    created_on: dt.date
    deadline: dt.date
    priority: Priority
    status: TaskStatus = Field(
        description="The stored status, or `overdue` for an open task past its deadline today"
    )
    progress: int
    weight: int
    parent: int | None
    source: Source = Field(description="What the task implements")
    closed_on: dt.date | None

    @staticmethod
    def resolve_committee(obj: Task) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_owner(obj: Task) -> str:
        return obj.owner.full_name

    @staticmethod
    def resolve_owner_code(obj: Task) -> str:
        return obj.owner.code

    @staticmethod
    def resolve_unit(obj: Task) -> str:
        return obj.lead_unit.code

    @staticmethod
    def resolve_cooperating_units(obj: Task) -> list[str]:
        return sorted(u.code for u in obj.cooperating_units.all())

    @staticmethod
    def resolve_status(obj: Task) -> str:
        return selectors.status_on(obj, access.today())

    @staticmethod
    def resolve_parent(obj: Task) -> int | None:
        return obj.parent_id


class NoteOut(Schema):
    on: dt.date
    progress: int
    text: str
    link: str
    has_evidence: bool


class TaskDetailOut(TaskOut):
    notes: list[NoteOut]
    subtasks: list[int]

    @staticmethod
    def resolve_notes(obj: Task) -> list:
        return list(obj.notes.all())

    @staticmethod
    def resolve_subtasks(obj: Task) -> list[int]:
        return list(obj.subtasks.values_list("pk", flat=True))


class TaskFilterIn(Schema):
    org: str = Field("", max_length=50, description="Organisation code: tasks led by a unit of its subtree")
    status: StatusFilter | None = Field(None, description="open, overdue, or a stored status")
    overdue_on: Day | None = Field(None, description="Tasks overdue at the end of this day")


class ProgressIn(Schema):
    progress: body_int(0, 100) = Field(description="0 to 100; 100 closes the task")
    note: str = ""
    link: str = ""


class OverdueOut(Schema):
    id: int
    title: str
    owner: str
    owner_code: str
    unit: str
    committee: str
    deadline: dt.date
    days_overdue: int
    source: Source


class OverdueIn(Schema):
    org: str = Field(max_length=50)
    on: Day | None = None


def _tasks(user):
    return selectors.visible_tasks(user).select_related("owner", "lead_unit", "organization")


def _task(user, pk: int) -> Task:
    task = _tasks(user).filter(pk=pk).first()
    if task is None:
        raise NotFound(_("Not found."))
    return task


def _organization(user, code: str):
    organization = get_by_code(code)
    if organization is None or not access.can(user, Action.VIEW_TASKS, organization.id):
        raise NotFound(_("No organisation with this code in your scope."))
    return organization


@router.get("", response=list[TaskOut], summary="Tasks in the user's tasks.view scope and the user's own")
@paginate(Pagination, page_size=PAGE_SIZE)
def task_list(request, filters: Query[TaskFilterIn]):
    user = request.auth
    tasks = _tasks(user).prefetch_related("cooperating_units")
    if filters.org:
        organization = _organization(user, filters.org)
        tasks = tasks.filter(lead_unit_id__in=scope_subtree_ids([organization.id]))
    if filters.status:
        status = filters.status.value
        day = access.today()
        if status == "open":
            tasks = tasks.filter(deadlines.open_on(day))
        elif status == OVERDUE:
            tasks = tasks.filter(deadlines.open_on(day), deadline__lt=day)
        else:
            tasks = tasks.filter(status=status)
    if filters.overdue_on:
        day = filters.overdue_on
        tasks = tasks.filter(deadlines.open_on(day)).annotate(deadline_then=deadlines.deadline_on(day))
        tasks = tasks.filter(deadline_then__lt=day)
    return tasks.order_by("deadline", "id")


# Declared before /{task_id} so that "overdue" is never read as an id.
@router.get(
    "/overdue", response=list[OverdueOut], summary="The overdue list of `dangvu tasks overdue --json`"
)
def task_overdue(request, params: Query[OverdueIn]):
    organization = _organization(request.auth, params.org)
    return selectors.overdue_rows(organization.id, params.on or access.today())


@router.get("/{task_id}", response=TaskDetailOut, summary="One task with its progress notes")
def task_detail(request, task_id: Path[TaskId]):
    return _task(request.auth, task_id)


@router.post(
    "/{task_id}/progress",
    response={201: TaskDetailOut},
    summary="Report progress (the owner, or whoever may assign the committee's tasks)",
)
def task_progress(request, task_id: Path[TaskId], payload: ProgressIn):
    task = _task(request.auth, task_id)
    services.add_progress(
        actor=request.auth, task=task, progress=payload.progress, text=payload.note, link=payload.link
    )
    return Reply(201, _task(request.auth, task_id))
