"""`dangvu import KIND FILE [--dry-run]` and the web import (CONTRACT.md "Import").

`run()` reads the file (core.tabular), hands the well-formed rows to the KIND's writer, and keeps the whole
file in one `audit.atomic()`: any bad row — a cell that does not parse or a row a service refuses — and
the transaction is rolled back, and every problem of every row is reported together. A dry run does the
same work and always rolls back, so it finds exactly the problems a real run would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, Problem
from dangvu.core.tabular import CHOICE, DATE, SEX, Column, Row, read_table
from dangvu.members.bulk import register_members, transfer_members
from dangvu.members.entries import Decision, MemberEntry, TransferEntry
from dangvu.members.models import TheoryLevel
from dangvu.organizations import importers as org_importers
from dangvu.oversight import importers as oversight_importers

ENTRY_KINDS = {"admission": "admission", "transfer": "transfer", "opening": "opening"}
LEFT_REASONS = {r: r for r in ("transferred_out", "removed", "expelled", "died")}
THEORY_LEVELS = {
    **{v: v for v in TheoryLevel.values},
    "khong": TheoryLevel.NONE, "so cap": TheoryLevel.ELEMENTARY, "trung cap": TheoryLevel.INTERMEDIATE,
    "cao cap": TheoryLevel.ADVANCED, "cu nhan": TheoryLevel.BACHELOR,
}
DECISION_COLUMNS = (
    Column("decision_number", ("số quyết định",)),
    Column("decision_date", ("ngày quyết định",), kind=DATE),
    Column("decision_body", ("cơ quan quyết định",)),
)
PROFILE_COLUMNS = (
    Column("ethnicity", ("dân tộc",)),
    Column("religion", ("tôn giáo",)),
    Column("hometown", ("quê quán",)),
    Column("citizen_id", ("số định danh cá nhân", "số căn cước", "số cccd")),
    Column("phone", ("điện thoại", "số điện thoại")),
    Column("education", ("trình độ học vấn", "giáo dục phổ thông")),
    Column("theory_level", ("lý luận chính trị",), kind=CHOICE, choices=THEORY_LEVELS),
    Column("card_number", ("số thẻ đảng viên", "số thẻ đảng")),
)
MEMBER_COLUMNS = (
    Column("code", ("mã đảng viên",), required=True),
    Column("full_name", ("họ và tên",), required=True),
    Column("birth_date", ("ngày sinh",), required=True, kind=DATE),
    Column("sex", ("giới tính",), required=True, kind=SEX),
    Column("organization_code", ("mã tổ chức",), required=True),
    Column("admitted_on", ("ngày vào đảng",), required=True, kind=DATE),
    Column("official_on", ("ngày chính thức",), kind=DATE),
    Column("entry_kind", ("hình thức",), kind=CHOICE, choices=ENTRY_KINDS),
    Column("registered_on", ("ngày đến",), kind=DATE),
    Column("left_on", ("ngày ra",), kind=DATE),
    Column("left_reason", ("lý do ra",), kind=CHOICE, choices=LEFT_REASONS),
    *PROFILE_COLUMNS,
    *DECISION_COLUMNS,
)
TRANSFER_COLUMNS = (
    Column("member_code", ("mã đảng viên",), required=True),
    Column("on", ("ngày",), required=True, kind=DATE),
    Column("to_organization_code", ("chuyển đến",), required=True),
    *DECISION_COLUMNS,
)


def _decision(v: dict) -> Decision:
    return Decision(number=v["decision_number"], date=v["decision_date"], body=v["decision_body"])


def member_entry(row: Row) -> MemberEntry:
    v = row.values
    return MemberEntry(
        row=row.number, code=v["code"], full_name=v["full_name"], birth_date=v["birth_date"], sex=v["sex"],
        organization_code=v["organization_code"], admitted_on=v["admitted_on"], official_on=v["official_on"],
        entry_kind=v["entry_kind"] or "admission", registered_on=v["registered_on"], left_on=v["left_on"],
        left_reason=v["left_reason"],
        profile={c.name: v[c.name] for c in PROFILE_COLUMNS if v[c.name]},
        decision=_decision(v),
    )


def transfer_entry(row: Row) -> TransferEntry:
    v = row.values
    return TransferEntry(row=row.number, member_code=v["member_code"], on=v["on"],
                         to_organization_code=v["to_organization_code"], decision=_decision(v))


def import_members(rows: list[Row], *, actor, progress=None, dry_run=False) -> int:
    entries = [member_entry(r) for r in rows]
    register_members(actor=actor, entries=entries, dry_run=dry_run)
    return len(entries)


def import_transfers(rows: list[Row], *, actor, progress=None, dry_run=False) -> int:
    entries = [transfer_entry(r) for r in rows]
    transfer_members(actor=actor, entries=entries, dry_run=dry_run)
    return len(entries)


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    columns: tuple[Column, ...]
    write: Callable  # (rows, *, actor, progress) -> count; raises InvalidInput
    done: Callable[[int], object]  # count → the one line of counts
    checked: Callable[[int], object]  # the same after a dry run
    # The writer checks every row before any transaction and writes in a short one of its own (members.bulk):
    # then no transaction is held around it (issue 9.5: readers on SQLite wait for no validation).
    bulk: bool = False


def _n(message, count: int):
    return format_lazy(message, count=count)


# Each line spelled out so that makemessages finds the plural forms.
IMPORTERS: dict[str, Kind] = {
    "organizations": Kind(
        "organizations", _("Organisations"), org_importers.ORGANIZATION_COLUMNS,
        org_importers.import_organizations,
        lambda n: _n(ngettext_lazy("Imported {count} organisation", "Imported {count} organisations", n), n),
        lambda n: _n(ngettext_lazy("Dry run: {count} organisation valid, nothing written",
                                   "Dry run: {count} organisations valid, nothing written", n), n),
    ),
    "members": Kind(
        "members", _("Party members"), MEMBER_COLUMNS, import_members,
        lambda n: _n(ngettext_lazy("Imported {count} member", "Imported {count} members", n), n),
        lambda n: _n(ngettext_lazy("Dry run: {count} member valid, nothing written",
                                   "Dry run: {count} members valid, nothing written", n), n),
        bulk=True,
    ),
    "transfers": Kind(
        "transfers", _("Transfers"), TRANSFER_COLUMNS, import_transfers,
        lambda n: _n(ngettext_lazy("Imported {count} transfer", "Imported {count} transfers", n), n),
        lambda n: _n(ngettext_lazy("Dry run: {count} transfer valid, nothing written",
                                   "Dry run: {count} transfers valid, nothing written", n), n),
    ),
    "restructurings": Kind(
        "restructurings", _("Restructurings"), org_importers.RESTRUCTURING_COLUMNS,
        org_importers.import_restructurings,
        lambda n: _n(ngettext_lazy("Imported {count} restructuring",
                                   "Imported {count} restructurings", n), n),
        lambda n: _n(ngettext_lazy("Dry run: {count} restructuring valid, nothing written",
                                   "Dry run: {count} restructurings valid, nothing written", n), n),
    ),
}

# Inspection, supervision and discipline (CONTRACT.md KINDs `inspections`, `supervisions`, `disciplines`).
IMPORTERS.update(oversight_importers.KINDS)


@dataclass
class ImportResult:
    kind: str
    count: int
    dry_run: bool
    message: object  # lazy: render with core.errors.bilingual or str()


class _RollBack(Exception):
    """Leaves the import's transaction without writing anything."""


def _row_of(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.field or "")


def run(kind: str, path, *, actor=None, dry_run: bool = False,
        progress: Callable[[str, int], None] | None = None) -> ImportResult:
    """Import one file of KIND `kind` as `actor` (None: the system, for the CLI). InvalidInput lists every
    problem of the file, by row then column; NotFound when the file is missing."""
    spec = IMPORTERS.get(kind)
    if spec is None:
        raise InvalidInput.one("KIND", format_lazy(_("Unknown kind of import; use one of: {kinds}."),
                                                   kinds=", ".join(IMPORTERS)))
    table = read_table(path, spec.columns, progress=(lambda n: progress("read", n)) if progress else None)
    problems = list(table.problems)
    # Rows with cells that did not parse go to the writer too (the cell left empty), so that their other
    # rule errors are reported as well; what the writer says again about those cells is dropped.
    unparsed = {(p.row, p.field) for p in problems}
    count = 0
    if spec.bulk:
        try:
            count = spec.write(table.rows, actor=actor, dry_run=dry_run or bool(problems),
                               progress=(lambda n: progress("write", n)) if progress else None)
        except InvalidInput as exc:
            problems += [p for p in exc.problems if (p.row, p.field) not in unparsed]
        return _result(spec, kind, count, dry_run, problems)
    try:
        with audit.atomic():
            try:
                count = spec.write(table.rows, actor=actor,
                                   progress=(lambda n: progress("write", n)) if progress else None)
            except InvalidInput as exc:
                problems += [p for p in exc.problems if (p.row, p.field) not in unparsed]
            if problems or dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return _result(spec, kind, count, dry_run, problems)


def _result(spec: Kind, kind: str, count: int, dry_run: bool, problems: list[Problem]) -> ImportResult:
    if problems:
        raise InvalidInput(sorted(problems, key=_row_of))
    message = (spec.checked if dry_run else spec.done)(count)
    return ImportResult(kind=kind, count=count, dry_run=dry_run, message=message)
