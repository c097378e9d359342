"""Import KINDs `organizations` and `restructurings` (CONTRACT.md "Import"): the columns, and the rows
applied one by one in file order through `organizations.services`, each in a savepoint so that a refused
row is reported and the next rows still checked. The caller (`members.importers.run`) holds the one
transaction and rolls it back when any row was refused."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import DangvuError, InvalidInput, Problem
from dangvu.core.tabular import CHOICE, DATE, Column, Row
from dangvu.organizations.models import Operation, Organization, OrgKind
from dangvu.organizations.services import create_organization, restructure

ORGANIZATION_COLUMNS = (
    Column("code", ("mã",), required=True),
    Column("name", ("tên",), required=True),
    Column("kind", ("loại",), required=True, kind=CHOICE, choices={k: k for k in OrgKind.values}),
    Column("parent_code", ("mã cấp trên",)),
    Column("established_on", ("ngày thành lập",), kind=DATE),
    Column("closed_on", ("ngày giải thể",), kind=DATE),
)

OPERATIONS = ("move", "merge", "rename", "close")
RESTRUCTURING_COLUMNS = (
    Column("on", ("ngày",), required=True, kind=DATE),
    Column("operation", ("thao tác",), required=True, kind=CHOICE,
           choices={op: op for op in OPERATIONS if op in Operation.values}),
    Column("organization_code", ("mã tổ chức",), required=True),
    Column("target_code", ("mã tổ chức nhận",)),
    Column("new_name", ("tên mới",)),
)

# Service field names → the file's column names.
FIELD_COLUMNS = {"parent": "parent_code", "organization": "organization_code", "target": "target_code"}


def rebased(problems: list[Problem], row: int, default_field: str) -> list[Problem]:
    """The service's problems placed on the file row and named by the file's columns."""
    for problem in problems:
        problem.row = problem.row or row
        problem.field = FIELD_COLUMNS.get(problem.field, problem.field) or default_field
    return problems


def apply_row(row: Row, write: Callable[[], object], default_field: str) -> list[Problem]:
    """Run one row's write in a savepoint; its problems (rules, scope) on that row."""
    try:
        with transaction.atomic():
            write()
    except InvalidInput as exc:
        return rebased(list(exc.problems), row.number, default_field)
    except DangvuError as exc:  # NotFound or Forbidden: the unit is outside the actor's scope
        return [Problem(default_field, getattr(exc, "message", str(exc)), row=row.number)]
    return []


def import_organizations(rows: list[Row], *, actor, progress=None) -> int:
    problems: list[Problem] = []
    later = {row.values["code"]: row.number for row in rows}
    for index, row in enumerate(rows, start=1):
        v = row.values
        parent = v["parent_code"]
        if parent and not Organization.objects.filter(code=parent).exists():
            if later.get(parent, 0) > row.number:
                message = _("The superior organisation must come before its units in the file.")
            elif parent in later:
                message = _("The superior organisation's row was refused.")
            else:
                message = _("No organisation has this code, in the file or the database.")
            problems.append(Problem("parent_code", message, row=row.number))
            continue
        problems += apply_row(row, lambda v=v, parent=parent: create_organization(
            actor=actor, code=v["code"], name=v["name"], kind=v["kind"], parent=parent or None,
            established_on=v["established_on"], closed_on=v["closed_on"],
        ), "code")
        if progress:
            progress(index)
    if problems:
        raise InvalidInput(problems)
    return len(rows)


def _unit(code: str, field: str, row: Row, problems: list[Problem]) -> Organization | None:
    org = Organization.objects.filter(code=code).first() if code else None
    if code and org is None:
        problems.append(Problem(field, _("No organisation has this code."), row=row.number))
    return org


def import_restructurings(rows: list[Row], *, actor, progress=None) -> int:
    problems: list[Problem] = []
    for index, row in enumerate(rows, start=1):
        v = row.values
        found: list[Problem] = []
        organization = _unit(v["organization_code"], "organization_code", row, found)
        target = _unit(v["target_code"], "target_code", row, found)
        if v["operation"] in ("move", "merge") and not v["target_code"]:
            found.append(Problem("target_code", _("A move or a merge needs the receiving organisation."),
                                 row=row.number))
        if v["operation"] == "rename" and not v["new_name"]:
            found.append(Problem("new_name", _("A rename needs the new name."), row=row.number))
        if found:
            problems += found
            continue
        problems += apply_row(row, lambda v=v, organization=organization, target=target: restructure(
            actor=actor, on=v["on"], operation=v["operation"], organization=organization, target=target,
            new_name=v["new_name"],
        ), "organization_code")
        if progress:
            progress(index)
    if problems:
        raise InvalidInput(problems)
    return len(rows)
