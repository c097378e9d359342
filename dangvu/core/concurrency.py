"""Optimistic locking (issue 9.4): an edit carries the `version` of the record it was read at; the update
service, inside its transaction and on the row it locked, refuses a stale one with core.errors.Conflict
(409 in the API, form errors on a page), naming the fields changed since and their current values.

The values shown are those of the fields the edit itself may change, so the message tells the user no more
than the form already showed. `expected=None` (callers that read and write in one step: CLI, importers,
older API clients) skips the check; the version still moves, so that their writes make forms stale."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import Conflict, Problem

STALE = "stale_version"


def _shown(obj: models.Model, name: str) -> str:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    return "—" if value is None or value == "" else str(value)


def check_version(obj: Any, expected: int | None, fields, *, changed: dict | None = None) -> None:
    """Raise Conflict when `obj` (locked with select_for_update) is no longer at version `expected`.
    `fields` are the fields the edit may change; `changed`, if given, maps those that differ from what the
    user read (e.g. from the audit trail) — otherwise every editable field is listed with its value now."""
    if expected is None or int(expected) == obj.version:
        return
    names = list(changed) if changed else list(fields)
    problems = [
        Problem(name, format_lazy(_("Changed by someone else since you opened it; now: {value}"),
                                  value=_shown(obj, name)), STALE)
        for name in names
    ]
    problems.insert(0, Problem("version", format_lazy(
        _("This record changed after you opened it (version {read}, now {now}). Check the values below; "
          "saving again keeps yours."), read=expected, now=obj.version), STALE))
    raise Conflict(problems, current_version=obj.version,
                   summary=_("This record changed after you opened it."))


def bump(obj: Any) -> None:
    """The next version, to be saved with the edit (in the same transaction as the check)."""
    obj.version = (obj.version or 0) + 1
