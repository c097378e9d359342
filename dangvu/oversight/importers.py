"""Import KINDs `inspections`, `supervisions` and `disciplines` (CONTRACT.md "Import"): the columns and the
rows applied one by one in file order through the oversight services, each in a savepoint so that every
refused row is reported (naming the rule it breaks). `members.importers.run` holds the one transaction and
rolls it back when any row was refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from dangvu.core.errors import InvalidInput, Problem
from dangvu.core.tabular import CHOICE, DATE, Column, Row
from dangvu.organizations.importers import apply_row
from dangvu.oversight import discipline, services
from dangvu.oversight.models import Activity, Form, InspectionKind, SubjectType, SupervisionKind

SUBJECT_TYPES = {
    "organization": "organization",
    "member": "member",
    "to chuc": "organization",
    "dang vien": "member",
    "to_chuc": "organization",
    "dang_vien": "member",
}
YES_NO = {"yes": "yes", "no": "no", "co": "yes", "khong": "no"}


def _subject_columns() -> tuple[Column, ...]:
    return (
        Column("code", ("mã",), required=True),
        Column("subject_type", ("loại đối tượng",), required=True, kind=CHOICE, choices=SUBJECT_TYPES),
        Column("subject_code", ("mã đối tượng",), required=True),
    )


def _review_columns(kinds, conducted: str, inspections: bool) -> tuple[Column, ...]:
    columns = (
        *_subject_columns(),
        Column("conducted_by", (conducted,), required=True),
        Column("kind", ("loại",), required=True, kind=CHOICE, choices={k: k for k in kinds.values}),
        Column("started_on", ("ngày bắt đầu",), required=True, kind=DATE),
        Column("concluded_on", ("ngày kết luận",), kind=DATE),
    )
    if inspections:
        columns += (Column("violation_found", ("có vi phạm",), kind=CHOICE, choices=YES_NO),)
    return columns


INSPECTION_COLUMNS = _review_columns(InspectionKind, "chủ thể kiểm tra", True)
SUPERVISION_COLUMNS = _review_columns(SupervisionKind, "chủ thể giám sát", False)
DISCIPLINE_COLUMNS = (
    *_subject_columns(),
    Column("form", ("hình thức",), required=True, kind=CHOICE, choices={f: f for f in Form.values}),
    Column("decided_by", ("cấp quyết định",), required=True),
    Column("decided_on", ("ngày quyết định",), required=True, kind=DATE),
    Column("announced_on", ("ngày công bố",), required=True, kind=DATE),
    Column("violation_on", ("ngày vi phạm",), required=True, kind=DATE),
)


def _rows(rows: list[Row], write, progress) -> int:
    problems: list[Problem] = []
    for index, row in enumerate(rows, start=1):
        problems += apply_row(row, lambda v=row.values: write(v), "code")
        if progress:
            progress(index)
    if problems:
        raise InvalidInput(problems)
    return len(rows)


def _review_writer(activity: str, actor):
    def write(v: dict):
        found = {"yes": True, "no": False}.get(v.get("violation_found") or "")
        return services.record_review(
            actor=actor,
            activity=activity,
            code=v["code"],
            subject_type=v["subject_type"],
            subject=v["subject_code"],
            conducted_by=v["conducted_by"],
            kind=v["kind"],
            started_on=v["started_on"],
            concluded_on=v["concluded_on"],
            violation_found=found,
        )

    return write


def import_inspections(rows: list[Row], *, actor, progress=None) -> int:
    return _rows(rows, _review_writer(Activity.INSPECTION, actor), progress)


def import_supervisions(rows: list[Row], *, actor, progress=None) -> int:
    return _rows(rows, _review_writer(Activity.SUPERVISION, actor), progress)


def import_disciplines(rows: list[Row], *, actor, progress=None) -> int:
    def write(v: dict):
        if v["subject_type"] not in SubjectType.values:  # the cell did not parse: reported already
            raise InvalidInput.one("subject_type", _("The subject type must be organization or member."))
        return discipline.record_discipline(
            actor=actor,
            code=v["code"],
            subject_type=v["subject_type"],
            subject=v["subject_code"],
            form=v["form"],
            decided_by=v["decided_by"],
            decided_on=v["decided_on"],
            announced_on=v["announced_on"],
            violation_on=v["violation_on"],
        )

    return _rows(rows, write, progress)


@dataclass(frozen=True)
class Kind:
    """The shape of `members.importers.Kind` (which adds these KINDs to its table; importing it from here
    would make the two modules import each other)."""

    name: str
    label: object
    columns: tuple[Column, ...]
    write: Callable
    done: Callable[[int], object]
    checked: Callable[[int], object]
    bulk: bool = False  # rows go through the services one by one, in the import's one transaction


def _n(message, count: int):
    return format_lazy(message, count=count)


# Each line spelled out so that makemessages finds the plural forms.
KINDS: dict[str, Kind] = {
    "inspections": Kind(
        "inspections",
        _("Inspections"),
        INSPECTION_COLUMNS,
        import_inspections,
        lambda n: _n(ngettext_lazy("Imported {count} inspection", "Imported {count} inspections", n), n),
        lambda n: _n(
            ngettext_lazy(
                "Dry run: {count} inspection valid, nothing written",
                "Dry run: {count} inspections valid, nothing written",
                n,
            ),
            n,
        ),
    ),
    "supervisions": Kind(
        "supervisions",
        _("Supervisions"),
        SUPERVISION_COLUMNS,
        import_supervisions,
        lambda n: _n(ngettext_lazy("Imported {count} supervision", "Imported {count} supervisions", n), n),
        lambda n: _n(
            ngettext_lazy(
                "Dry run: {count} supervision valid, nothing written",
                "Dry run: {count} supervisions valid, nothing written",
                n,
            ),
            n,
        ),
    ),
    "disciplines": Kind(
        "disciplines",
        _("Discipline decisions"),
        DISCIPLINE_COLUMNS,
        import_disciplines,
        lambda n: _n(
            ngettext_lazy("Imported {count} discipline decision", "Imported {count} discipline decisions", n),
            n,
        ),
        lambda n: _n(
            ngettext_lazy(
                "Dry run: {count} discipline decision valid, nothing written",
                "Dry run: {count} discipline decisions valid, nothing written",
                n,
            ),
            n,
        ),
    ),
}
