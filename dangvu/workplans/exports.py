"""The directive follow-up table as a spreadsheet (XLSX) and as a DOCX annex (Times New Roman, A4
landscape), from selectors.follow_up: for every item, who, by when and how far."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangvu.workplans.models import OVERDUE, Status
from dangvu.workplans.selectors import follow_up


def _status_label(status: str | None) -> str:
    if status is None:
        return gettext("Not yet assigned")
    if status == OVERDUE:
        return gettext("Overdue")
    return str(Status(status).label)


def _safe(text: str) -> str:
    """A cell a spreadsheet would take for a formula is neutralised (CSV/XLSX injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def header() -> list[str]:
    return [
        gettext("No."),
        gettext("Item"),
        gettext("Task"),
        gettext("Accountable person"),
        gettext("Lead unit"),
        gettext("Deadline"),
        gettext("Progress (%)"),
        gettext("Status"),
        gettext("Closed on"),
    ]


def rows(directive, day: dt.date) -> list[list[str]]:
    out = []
    for row in follow_up(directive, day):
        item, task = row["item"], row["task"]
        if task is None:
            out.append([str(item.position), item.text, "", "", "", "", "", _status_label(None), ""])
            continue
        out.append(
            [
                str(item.position),
                item.text,
                task.title,
                task.owner.full_name,
                task.lead_unit.name,
                task.deadline.strftime("%d/%m/%Y"),
                str(task.progress),
                _status_label(row["status"]),
                task.closed_on.strftime("%d/%m/%Y") if task.closed_on and task.closed_on <= day else "",
            ]
        )
    return out


def _title(directive, day: dt.date) -> str:
    return gettext("Follow-up of %(document)s as of %(day)s") % {
        "document": f"{directive.number} — {directive.title}".strip(" —"),
        "day": day.strftime("%d/%m/%Y"),
    }


def xlsx(directive, day: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Follow-up")[:31]
    sheet.append([_safe(_title(directive, day))])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for values in rows(directive, day):
        sheet.append([_safe(v) for v in values])
    for column, width in zip("ABCDEFGHI", (6, 50, 40, 25, 30, 12, 10, 16, 12), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx(directive, day: dt.date) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(gettext("ANNEX"))
    run.bold, run.font.size = True, Pt(14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_title(directive, day)).bold = True
    lines = rows(directive, day)
    table = document.add_table(rows=1 + len(lines), cols=len(header()))
    table.style = "Table Grid"
    for i, text in enumerate(header()):
        cell = table.rows[0].cells[i]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for r, values in enumerate(lines, 1):
        for i, text in enumerate(values):
            table.rows[r].cells[i].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
