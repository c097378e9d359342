"""The fixed lines of a Party document (36-HD/VPTW): names break only between level and proper name,
the date line's leading zeros, dates in table headers unbreakable, page numbers and the signature kept
with the last paragraph in the DOCX."""

import datetime as dt
import io

import docx
from django.utils import translation

from dangvu.reports import typeset
from dangvu.reports.content import Document, Section, Signature, Table
from dangvu.reports.docx_writer import render_docx
from dangvu.reports.templatetags.reports import nowrap_dates

NBSP = typeset.NBSP


def test_a_name_breaks_only_between_level_and_proper_name():
    expected = f"ĐẢNG{NBSP}BỘ{NBSP}TỈNH THỪA{NBSP}THIÊN{NBSP}HUẾ"
    assert typeset.keep_name("ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ") == expected
    assert typeset.keep_name("THỊ ỦY HƯƠNG TRÀ") == f"THỊ{NBSP}ỦY HƯƠNG{NBSP}TRÀ"


def test_the_date_line_leading_zeros():
    with translation.override("vi"):
        assert typeset.document_date(dt.date(2017, 11, 30)) == "ngày 30 tháng 11 năm 2017"
        assert typeset.document_date(dt.date(2018, 2, 3)) == "ngày 03 tháng 02 năm 2018"
        assert typeset.document_date(dt.date(2018, 4, 3)) == "ngày 03 tháng 4 năm 2018"


def test_dates_in_table_headers_do_not_break():
    html = nowrap_dates("Đến ngày 30/11/2017 <b>")
    assert html == 'Đến ngày <span class="nowrap">30/11/2017</span> &lt;b&gt;'


def _document():
    return Document(
        party="ĐẢNG CỘNG SẢN VIỆT NAM", superior="ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ",
        issuing_body="THỊ ỦY HƯƠNG TRÀ",
        number="Số 01-BC/TU", place_date="Hương Trà, ngày 30 tháng 11 năm 2017", kind="BÁO CÁO", title="T",
        subtitle="", intro="Mở đầu.",
        sections=[Section("I. A", ["Một.", "Cuối."], [Table("Biểu", ["Tổ chức", "Đến ngày 30/11/2017"],
                                                                [["A", "01"]])])],
        signature=Signature("T/M BAN THƯỜNG VỤ", "", "BÍ THƯ", "Nguyễn Văn A"), recipients_label="Nơi nhận:",
        recipients=["- Lưu."], figures={})


def test_the_docx_names_times_numbers_pages_and_keeps_the_signature():
    word = docx.Document(io.BytesIO(render_docx(_document())))
    assert word.styles["Normal"].font.name == "Times New Roman"
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    # The body ends with a table: its last row keeps with the signature, whose row is not split.
    last_row = word.tables[-2].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    footer = word.tables[-1]
    assert "w:cantSplit" in footer.rows[0]._tr.xml
    assert all(p.paragraph_format.keep_with_next for c in footer.rows[0].cells for p in c.paragraphs)
    header = word.tables[0].rows[0].cells[0]
    sizes = {p.text: p.runs[0].font.size.pt if p.runs[0].font.size else 14 for p in header.paragraphs}
    assert sizes[f"THỊ{NBSP}ỦY HƯƠNG{NBSP}TRÀ"] == 14
