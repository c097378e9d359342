"""Reading and writing the CSV and XLSX files of imports and exports (CONTRACT.md "Import").

Readers turn a file into rows of cleaned values keyed by the CONTRACT column name, each with its file row
(1-based, header = row 1); a header is matched by its CONTRACT name or its Vietnamese alias, whatever the
case, spacing or Unicode normal form (the national member database exports Vietnamese headers and
dd/mm/yyyy dates). Cell problems are collected, never raised one by one, so that every bad row is reported.

Writers make CSV with a BOM (Excel then reads Vietnamese correctly) and XLSX; a text cell that a
spreadsheet would take for a formula is neutralised with a leading apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput, NotFound, Problem
from dangvu.core.text import fold

TEXT, DATE, SEX, CHOICE = "text", "date", "sex", "choice"
SEXES = {"male": "male", "female": "female", "nam": "male", "nu": "female"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EARLIEST = dt.date(1900, 1, 1)  # no date of this register (the Party was founded in 1930) comes before


@dataclass(frozen=True)
class Column:
    """One column of an import: its CONTRACT name, Vietnamese aliases, and how its cells are read.
    `choices` maps a folded input ('so cap', 'opening') to the stored value."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = TEXT
    choices: Mapping[str, str] | None = None


@dataclass
class Row:
    number: int
    values: dict


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems if p.row is not None}


def header_key(text) -> str:
    """How headers are compared: trimmed, NFC, lower case, single spaces."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(text.lower().split())


# ---------------------------------------------------------------- reading


def _cell(value):
    """A raw cell as a date, or as trimmed NFC text (Excel numbers without a trailing '.0')."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _csv_records(path: Path) -> Iterator[list]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
    except UnicodeDecodeError:
        raise InvalidInput.one("file", _("The file is not UTF-8 text (save the CSV as UTF-8).")) from None
    except csv.Error as exc:
        message = format_lazy(_("The CSV file is malformed: {error}"), error=exc)
        raise InvalidInput.one("file", message) from None


def _xlsx_records(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput.one("file", _("The file is not a readable XLSX workbook.")) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def records(path) -> Iterator[Sequence]:
    """The raw records of a CSV or XLSX file, header first. A missing file is NotFound (exit 3)."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(format_lazy(_("File not found: {path}"), path=str(path)))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_records(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_records(path)
    raise InvalidInput.one("file", _("Unsupported file type: use .csv or .xlsx."))


def count_records(path) -> int:
    """Rows in the file, header included (for a progress bar; an estimate for XLSX without dimensions)."""
    return sum(1 for _ in records(path))


def _map_header(header: Sequence, columns: Iterable[Column]) -> list[Column | None]:
    columns = list(columns)
    lookup = {}
    for column in columns:
        for label in (column.name, *column.aliases):
            lookup[header_key(label)] = column
    mapped: list[Column | None] = []
    seen, problems = set(), []
    for text in header:
        key = header_key(text)
        if not key:
            mapped.append(None)
            continue
        found = lookup.get(key)
        if found is None:
            problems.append(Problem(str(text).strip(), _("Unknown column."), row=1))
        elif found.name in seen:
            problems.append(Problem(found.name, _("The column appears twice."), row=1))
        else:
            seen.add(found.name)
        mapped.append(found)
    for column in columns:
        if column.required and column.name not in seen:
            label = f"{column.name} [{column.aliases[0]}]" if column.aliases else column.name
            problems.append(Problem(column.name, format_lazy(_("Required column {column} is missing."),
                                                             column=label), row=1))
    if problems:
        raise InvalidInput(problems)
    return mapped


def parse_date(value) -> dt.date | None:
    """YYYY-MM-DD, dd/mm/yyyy (d/m/yyyy too) or an XLSX date cell; None when it is none of these."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _control_character(text: str) -> str | None:
    """The first control or invisible format character (NUL, line breaks inside a cell, bidi
    overrides, zero-width spaces): never part of a name or a code, often a sign of a broken file."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return char
    return None


def _parse(column: Column, value, row: int, problems: list[Problem]):
    if isinstance(value, str) and (char := _control_character(value)) is not None:
        message = format_lazy(_("The cell contains a control character ({code}), which is not allowed."),
                              code=f"U+{ord(char):04X}")
        problems.append(Problem(column.name, message, row=row))
        return None if column.kind == DATE else ""
    if value == "":
        if column.required:
            problems.append(Problem(column.name, _("A value is required."), row=row))
        return None if column.kind == DATE else ""
    if column.kind == DATE:
        day = parse_date(value)
        if day is None:
            problems.append(Problem(column.name, _("Not a date (YYYY-MM-DD or dd/mm/yyyy)."), row=row))
        elif day < EARLIEST:
            problems.append(Problem(column.name, _("A date before 01/01/1900 is not accepted."), row=row))
            return None
        return day
    if isinstance(value, dt.date):
        value = value.isoformat()
    if column.kind == SEX:
        sex = SEXES.get(fold(value))
        if sex is None:
            problems.append(Problem(column.name, _("Sex must be male/female (Nam/Nữ)."), row=row))
        return sex or ""
    if column.kind == CHOICE:
        choices = column.choices or {}
        choice = choices.get(fold(value).replace(" ", "_")) or choices.get(fold(value))
        if choice is None:
            allowed = ", ".join(sorted(set(choices.values())))
            problems.append(Problem(column.name, format_lazy(_("Not one of the allowed values: {allowed}."),
                                                             allowed=allowed), row=row))
        return choice or ""
    return value


def read_table(path, columns: Iterable[Column], *, progress: Callable[[int], None] | None = None) -> Table:
    """Every non-empty row of the file, parsed. Header problems raise InvalidInput at once (row 1); cell
    problems are collected in `Table.problems` with their row and column."""
    rows = records(path)
    table = Table()
    try:
        header = next(rows)
    except StopIteration:
        raise InvalidInput([Problem("file", _("The file is empty."), row=1)]) from None
    mapped = _map_header([_cell(v) for v in header], columns)
    for number, record in enumerate(rows, start=2):
        cells = [_cell(v) for v in record]
        if progress and number % 100 == 0:
            progress(number)
        if all(c == "" for c in cells):
            continue
        extra = [i for i, c in enumerate(cells[len(mapped):], start=len(mapped) + 1) if c != ""]
        if extra:
            # A shifted row (an unquoted comma in a name) loses its last value here: refuse it.
            table.problems.append(Problem(f"#{extra[0]}", format_lazy(
                _("The row has {count} fields but the header only {header}."),
                count=len(cells), header=len(mapped)), row=number))
        values = {}
        for column, cell in zip(mapped, cells, strict=False):
            if column is not None:
                values[column.name] = _parse(column, cell, number, table.problems)
            elif cell != "":
                table.problems.append(Problem("", _("A value stands in a column without a header."),
                                              row=number))
        for column in mapped:
            if column is not None and column.name not in values:
                values[column.name] = _parse(column, "", number, table.problems)
        table.rows.append(Row(number, values))
    for column in columns:  # optional columns absent from the file
        for row in table.rows:
            row.values.setdefault(column.name, None if column.kind == DATE else "")
    return table


# ---------------------------------------------------------------- writing


def neutralise(value):
    """A text cell that begins like a formula gets a leading apostrophe (OWASP "CSV injection")."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(neutralise(str(value)))


def write_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a BOM, comma-separated; dates as dd/mm/yyyy."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_text(h) for h in header])
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: list[str], rows: Iterable[list], *, title: str = "Sheet1") -> bytes:
    """One sheet, header in bold; dates as date cells shown dd/mm/yyyy."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    heads = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(str(text)))
        cell.font = bold
        heads.append(cell)
    sheet.append(heads)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            else:
                cell = WriteOnlyCell(sheet, value=neutralise("" if value is None else value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guesses
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
