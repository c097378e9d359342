"""The XLSX of a Document: one sheet with the header and the prose, one sheet per table, and the figures
as key/value rows (what a spreadsheet user recomputes from)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangvu.reports import fonts
from dangvu.reports.content import Document, to_bytes


def _number(value: str):
    """Table cells are written as Vietnamese text ("3.456"); a spreadsheet wants numbers."""
    digits = value.replace(".", "").replace(",", "")
    return int(digits) if digits.isdigit() and value else value


def _flatten(prefix: str, data, out: list):
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _flatten(f"{prefix}[{i}]", value, out)
    else:
        out.append((prefix, data))


def render_xlsx(document: Document) -> bytes:
    family = fonts.document_font()
    book = Workbook()
    with override(document.language):
        sheet = book.active
        sheet.title = _("Report")
        sheet.column_dimensions["A"].width = 120
        for line in document.text_lines():
            sheet.append([line])
        for cell in sheet["A"]:
            cell.font = Font(name=family, size=12)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        number = 0
        for section in document.sections:
            for table in section.tables:
                number += 1
                ws = book.create_sheet(_("Table %(n)s") % {"n": number})
                ws.append([table.title])
                ws["A1"].font = Font(name=family, bold=True)
                ws.append(table.columns)
                for cell in ws[2]:
                    cell.font = Font(name=family, bold=True)
                for row in table.rows:
                    ws.append([row[0], *(_number(v) for v in row[1:])])
                ws.column_dimensions["A"].width = 45
        ws = book.create_sheet(_("Figures"))
        rows: list = []
        _flatten("", document.figures, rows)
        ws.append([_("Figure"), _("Value")])
        for key, value in rows:
            ws.append([key, value])
        ws.column_dimensions["A"].width = 60
    return to_bytes(book.save)
