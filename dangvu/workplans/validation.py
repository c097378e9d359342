"""The rules a task must keep, checked before anything is written. Each check adds a Problem naming the
field and the rule; the services raise them together (InvalidInput), so one form shows every problem."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import Problem
from dangvu.members.models import MembershipSpan
from dangvu.organizations.selectors import subtree_ids_on


def owner_problems(organization, owner, day: dt.date) -> list[Problem]:
    """Exactly one accountable person, a member on the register in the assigning committee's subtree on
    the day of assignment ("rõ người")."""
    if owner is None:
        return [
            Problem("owner", _("A task needs exactly one accountable person (a party member)."), "rõ người")
        ]
    inside = MembershipSpan.objects.on_register(day).filter(
        member_id=owner.pk, ancestor_id=organization.pk
    ).exists()
    if not inside:
        return [
            Problem(
                "owner",
                _(
                    "The accountable person must be a member of the assigning committee or of "
                    "a unit under it on the day the task is assigned."
                ),
                "scope",
            )
        ]
    return []


def unit_problems(organization, lead_unit, cooperating, day: dt.date) -> list[Problem]:
    subtree = subtree_ids_on(organization.pk, day)
    problems = []
    if lead_unit is None:
        problems.append(Problem("lead_unit", _("A task needs a lead unit.")))
    elif lead_unit.pk not in subtree:
        problems.append(
            Problem(
                "lead_unit",
                _(
                    "The lead unit must be the assigning committee or a unit under "
                    "it on the day the task is assigned."
                ),
                "scope",
            )
        )
    if any(unit.pk not in subtree for unit in cooperating):
        problems.append(
            Problem(
                "cooperating_units",
                _(
                    "Cooperating units must lie under the assigning "
                    "committee on the day the task is assigned."
                ),
                "scope",
            )
        )
    return problems


def deadline_problems(
    created_on: dt.date, deadline: dt.date | None, field: str = "deadline"
) -> list[Problem]:
    if deadline is None:
        return [Problem(field, _("A task needs a deadline."), "rõ thời gian")]
    if deadline < created_on:
        return [
            Problem(
                field,
                _("The deadline cannot be before the day the task is assigned (%(day)s).")
                % {"day": created_on.isoformat()},
                "rõ thời gian",
            )
        ]
    return []


def text_problems(title: str, product: str) -> list[Problem]:
    problems = []
    if not (title or "").strip():
        problems.append(Problem("title", _("A task needs a title.")))
    if not (product or "").strip():
        problems.append(Problem("product", _("Say what the task must produce."), "rõ việc"))
    return problems


def progress_problems(progress) -> list[Problem]:
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        return [Problem("progress", _("Progress is a whole number from 0 to 100."))]
    return []
