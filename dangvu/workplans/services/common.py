"""What the write services of plans, directives and tasks share: the day of the act and the scope check,
re-checked inside the transaction."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import Forbidden, InvalidInput, NotFound, Problem
from dangvu.workplans.models import Task


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
