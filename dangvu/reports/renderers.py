"""The formats of a Document: DOCX (python-docx), PDF (WeasyPrint from the same HTML as the web preview),
XLSX (openpyxl: the tables and the figures) and JSON. A missing system library (Pango for WeasyPrint)
is a clear bilingual error, exit 1, not a traceback."""

from __future__ import annotations

import io
import json

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import DangvuError, bilingual
from dangvu.reports import fonts
from dangvu.reports.content import Document
from dangvu.reports.docx_writer import render_docx
from dangvu.reports.lazytext import lazy_format
from dangvu.reports.xlsx_writer import render_xlsx

FORMATS = ("docx", "pdf", "xlsx", "json")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


class RendererUnavailable(DangvuError):
    """A library the format needs is not installed on this machine (exit 1, HTTP 503)."""

    exit_code = 1

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return bilingual(self.message)


def document_css() -> str:
    return render_to_string("reports/document.css").replace("FONT_STACK", fonts.css_font_stack())


def html(document: Document) -> str:
    return render_to_string("reports/document_pdf.html", {"document": document, "css": document_css(),
                                                           "font_stack": fonts.css_font_stack()})


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise RendererUnavailable(lazy_format(
            _("PDF output needs WeasyPrint and the Pango library (Debian: apt-get install libpango-1.0-0 "
              "libpangoft2-1.0-0; Python: pip install weasyprint). Missing: %(what)s"),
            what=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from None
    return weasyprint


def render_pdf(document: Document) -> bytes:
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html(document)).write_pdf()


def render_json(document: Document) -> bytes:
    return json.dumps(document.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def render(document: Document, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    if fmt == "xlsx":
        return render_xlsx(document)
    if fmt == "json":
        return render_json(document)
    raise ValueError(fmt)


def to_bytes(save) -> bytes:
    buffer = io.BytesIO()
    save(buffer)
    return buffer.getvalue()
