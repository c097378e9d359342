"""The DOCX of a Document, laid out as Hướng dẫn 36-HD/VPTW asks: A4, Times New Roman 14 (or its metric
twin), the header in two columns, the place-and-date line in italics, the signature block on the right."""

from __future__ import annotations

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangvu.reports import fonts
from dangvu.reports.content import Document, to_bytes

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup(docx, family: str) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = docx.styles["Normal"]
    style.font.name = family
    style.font.size = Pt(fonts.SIZE_PT)
    # East-Asian and complex-script slots too, or Word falls back to another font for some glyphs.
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), family)
    style.paragraph_format.space_after = Pt(3)


def _line(container, text: str, *, align=None, bold=False, italic=False, underline=False, size=None,
          indent=False):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _cell(cell, lines):
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for text, options in lines:
        if text:
            _line(cell, text, **options)


def render_docx(document: Document) -> bytes:
    docx = Docx()
    _setup(docx, fonts.document_font())
    header = docx.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    _cell(left, [(document.superior, {"align": CENTER, "size": 13}),
                 (document.issuing_body, {"align": CENTER, "bold": True, "size": 13}),
                 ("*", {"align": CENTER}),
                 (document.number, {"align": CENTER, "size": 13})])
    _cell(right, [(document.party, {"align": RIGHT, "bold": True, "underline": True}),
                  (document.place_date, {"align": RIGHT, "italic": True})])
    _line(docx, document.kind, align=CENTER, bold=True, size=15)
    _line(docx, document.title, align=CENTER, bold=True)
    if document.subtitle:
        _line(docx, document.subtitle, align=CENTER)
    _line(docx, "-----", align=CENTER)
    _line(docx, document.intro, align=JUSTIFY, indent=True)
    for section in document.sections:
        _line(docx, section.heading, bold=True)
        for paragraph in section.paragraphs:
            _line(docx, paragraph, align=JUSTIFY, indent=True)
        for table in section.tables:
            _line(docx, table.title, italic=True)
            grid = docx.add_table(rows=1 + len(table.rows), cols=len(table.columns))
            grid.style = "Table Grid"
            for i, column in enumerate(table.columns):
                cell = grid.rows[0].cells[i]
                cell.text = ""
                run = cell.paragraphs[0].add_run(column)
                run.bold, run.font.size = True, Pt(11)
            for r, row in enumerate(table.rows, start=1):
                for i, value in enumerate(row):
                    paragraph = grid.rows[r].cells[i].paragraphs[0]
                    paragraph.alignment = RIGHT if i else None
                    paragraph.add_run(value).font.size = Pt(11)
    footer = docx.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    s = document.signature
    _cell(left, [(document.recipients_label, {"underline": True, "size": 12, "italic": True, "bold": True})]
          + [(line, {"size": 12}) for line in document.recipients])
    strong = {"align": CENTER, "bold": True}
    _cell(right, [(s.on_behalf, strong), (s.for_post, strong), (s.post, strong), (" ", {"align": CENTER}),
                  (" ", {"align": CENTER}), (s.name, strong)])
    return to_bytes(docx.save)
