"""The DOCX of a Document, laid out as Hướng dẫn 36-HD/VPTW asks: A4, Times New Roman 14 (the font is
named; Word on the office's machines has it), the header in two columns with the sizes of its Phụ lục 3
(title 15 bold; superior 14; issuing body 14 bold; number 14; place and date 14 italic; kind 16 bold),
page numbers at the top centre from page 2, "Nơi nhận:" 14 underlined over 12-point lines, and the
signature block kept on the page of the last paragraph."""

from __future__ import annotations

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from dangvu.reports import fonts
from dangvu.reports.content import Document, to_bytes
from dangvu.reports.typeset import keep_name

CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # A4 less the 3 cm and 1.5 cm margins


def _page_numbers(section) -> None:
    """A PAGE field at the top centre, none on the first page (36-HD/VPTW: Arabic numerals, 14)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cant_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


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
    _page_numbers(section)


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
    _setup(docx, FONT)
    header = docx.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    _cell(left, [(keep_name(document.superior), {"align": CENTER}),
                 (keep_name(document.issuing_body), {"align": CENTER, "bold": True}),
                 ("*", {"align": CENTER}),
                 (document.number, {"align": CENTER})])
    _cell(right, [(document.party, {"align": RIGHT, "bold": True, "underline": True, "size": 15}),
                  (document.place_date, {"align": RIGHT, "italic": True})])
    _line(docx, document.kind, align=CENTER, bold=True, size=16)
    _line(docx, document.title, align=CENTER, bold=True)
    if document.subtitle:
        _line(docx, document.subtitle, align=CENTER)
    _line(docx, "-----", align=CENTER)
    tail = [_line(docx, document.intro, align=JUSTIFY, indent=True)]
    for section in document.sections:
        _line(docx, section.heading, bold=True)
        for paragraph in section.paragraphs:
            tail = [_line(docx, paragraph, align=JUSTIFY, indent=True)]
        for table in section.tables:
            _line(docx, table.title, italic=True)
            grid = docx.add_table(rows=1 + len(table.rows), cols=len(table.columns))
            grid.style = "Table Grid"
            grid.autofit = False
            # The first column takes the names; the others are wide enough for "30/11/2017" at 11 points.
            widths = _widths(len(table.columns))
            for row in grid.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = width
            _cant_split(grid.rows[0])
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
            tail = [p for cell in grid.rows[-1].cells for p in cell.paragraphs]
    # The signature never stands alone on a page: the last paragraph keeps with it, its row is not split.
    for paragraph in tail:
        paragraph.paragraph_format.keep_with_next = True
    footer = docx.add_table(rows=1, cols=2)
    _cant_split(footer.rows[0])
    left, right = footer.rows[0].cells
    s = document.signature
    _cell(left, [(document.recipients_label, {"underline": True})]
          + [(line, {"size": 12}) for line in document.recipients])
    strong = {"align": CENTER, "bold": True}
    _cell(right, [(s.on_behalf, strong), (s.for_post, strong), (s.post, strong), (" ", {"align": CENTER}),
                  (" ", {"align": CENTER}), (s.name, strong)])
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
    return to_bytes(docx.save)


def _widths(count: int) -> list:
    if count <= 2:
        return [Cm(TEXT_WIDTH_CM / count)] * count
    first = max(TEXT_WIDTH_CM - (count - 1) * 2.2, TEXT_WIDTH_CM * 0.3)
    return [Cm(first)] + [Cm((TEXT_WIDTH_CM - first) / (count - 1))] * (count - 1)
