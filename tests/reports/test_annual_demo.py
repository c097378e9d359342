"""The demo's annual report of the Hương Trà town committee (HT), 2017 up to 30 November: the seed's
figures in the DOCX and the PDF (read back as text), the same text in both, the Party document's header,
number and signature, the JSON equal to `dangvu stats`, the register's numbering, and the CLI's exit
codes. The demo is built once per run and copied for this module (tests/conftest.py)."""

import datetime as dt
import io
import json

import docx
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import DangvuError
from dangvu.organizations.models import Organization, Post
from dangvu.organizations.selectors import holder_of
from dangvu.reports import annual, renderers, services
from dangvu.reports.models import DocumentCounter, IssuedDocument
from dangvu.reports.stats import stats_payload
from tests.reports.readback import docx_text, normalise, pdf_text

SEED_PHRASES = [
    "Tính đến ngày 30/11/2017, Đảng bộ đã kết nạp 157 đảng viên mới; đến ngày 30/11/2017 toàn Đảng bộ có "
    "3.456 đảng viên",
    "So với đầu kỳ (3.376 đảng viên), tổng số đảng viên tăng 80 đồng chí",
    # One style for counts in the whole document: the seed's "khiển trách 09".
    "kiểm tra đối với 30 tổ chức đảng và 05 đảng viên",
    "giám sát đối với 29 tổ chức đảng và 04 đảng viên",
    "xử lý kỷ luật đối với 16 đảng viên, với các hình thức khiển trách 09, cảnh cáo 05 và khai trừ 02",
]


@pytest.fixture(scope="module")
def seed_report(demo, django_db_blocker):
    with django_db_blocker.unblock():
        document = annual.build(annual.resolve("HT", 2017, dt.date(2017, 11, 30)))
        return document, renderers.render(document, "docx"), renderers.render(document, "pdf")


def cli(*args):
    """(exit code, standard output, error text) of `dangvu report`, run in this process: the exit code
    and the lines DangvuCommand.run_from_argv would print for the project's errors."""
    out = io.StringIO()
    try:
        call_command("report", *args, stdout=out)
    except DangvuError as exc:
        return exc.exit_code, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_docx_and_pdf_contain_the_seed_figures(seed_report, db):
    _document, docx_bytes, pdf_bytes = seed_report
    for text in (docx_text(docx_bytes), pdf_text(pdf_bytes)):
        for phrase in SEED_PHRASES:
            assert phrase in text


def test_the_prose_is_true_and_says_who_reports(seed_report, db):
    document, _docx, _pdf = seed_report
    text = " ".join(document.text_lines())
    assert "nâng tổng số" not in text  # admissions alone do not make the total
    assert document.intro.startswith("Ban Thường vụ Thị ủy Hương Trà báo cáo")
    # No inspection was recorded in 2016: said to be missing, not written as zeros.
    assert "Chưa có số liệu cùng kỳ năm 2016." in text
    assert "kiểm tra 0 tổ chức" not in text
    # Counts under ten carry a leading zero everywhere, tables included.
    cells = [c for s in document.sections for t in s.tables for row in t.rows for c in row[1:]]
    assert cells and not [c for c in cells if c.isdigit() and len(c) == 1 and c != "0"]


def test_docx_and_pdf_say_the_same(seed_report, db):
    document, docx_bytes, pdf_bytes = seed_report
    in_docx, in_pdf = docx_text(docx_bytes), pdf_text(pdf_bytes)
    cells = {normalise(c) for s in document.sections for t in s.tables for row in [t.columns, *t.rows]
             for c in row}
    lines = [normalise(line) for line in document.text_lines()]
    assert len(lines) > 100
    # Running text reads the same in both; a table cell may wrap inside its column in the PDF, so the
    # cells are compared word by word.
    prose = [line for line in lines if line not in cells]
    assert [line for line in prose if line not in in_docx] == []
    assert [line for line in prose if line not in in_pdf] == []
    words = {w for c in cells for w in c.split()}
    assert words - set(in_docx.split()) == set()
    assert words - set(in_pdf.split()) == set()


def test_the_party_document_format(seed_report, db):
    document, docx_bytes, _pdf = seed_report
    text = docx_text(docx_bytes)
    secretary = holder_of(Organization.objects.get(code="HT"), Post.SECRETARY, dt.date(2017, 11, 30))
    assert secretary is not None
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "THỊ ỦY HƯƠNG TRÀ", "Số -BC/TU", "BÁO CÁO",
                     "Hương Trà, ngày 30 tháng 11 năm 2017", "T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                     secretary.full_name, "Nơi nhận:", "- Các tổ chức đảng trực thuộc,"):
        assert expected in text
    # The place-and-date line is in italics, the font the one chosen for the machine.
    word = docx.Document(io.BytesIO(docx_bytes))
    runs = [run for table in word.tables for cell in table.rows[0].cells for p in cell.paragraphs
            for run in p.runs if run.text == document.place_date]
    assert runs and all(run.italic for run in runs)
    assert word.styles["Normal"].font.name in ("Times New Roman", "Liberation Serif")
    # The comparison with the same period of 2016, and the tables by subordinate organisation.
    assert "Cùng kỳ năm 2016" in text
    assert "Biểu 1. Đảng viên theo tổ chức đảng trực thuộc" in text
    assert "Biểu 2. Kiểm tra, giám sát và kỷ luật theo tổ chức đảng trực thuộc" in text


def test_json_and_xlsx_carry_the_figures_of_stats(seed_report, db):
    document, _docx, _pdf = seed_report
    data = json.loads(renderers.render(document, "json"))
    stats = stats_payload("HT", dt.date(2017, 1, 1), dt.date(2017, 11, 30))
    assert data["figures"]["members"] == stats["members"]
    assert data["figures"]["oversight"] == stats["oversight"]
    assert sum(u["members"]["at_end"] for u in data["figures"]["units"]) == 3456
    before = stats_payload("HT", dt.date(2016, 1, 1), dt.date(2016, 11, 30))
    assert data["figures"]["previous"]["members"] == {"admitted": before["members"]["admitted"],
                                                      "at_end": before["members"]["at_end"]}
    assert data["figures"]["previous"]["oversight"] == before["oversight"]
    assert (f"Cùng kỳ năm 2016, kết nạp {before['members']['admitted']} đảng viên mới"
            in " ".join(document.text_lines()))
    book = load_workbook(io.BytesIO(renderers.render(document, "xlsx")))
    figures = {row[0]: row[1] for row in book[book.sheetnames[-1]].iter_rows(values_only=True)}
    assert figures["members.at_end"] == 3456 and figures["oversight.discipline_by_form.reprimand"] == 9
    first_table = book[book.sheetnames[1]]
    assert first_table.cell(row=first_table.max_row, column=7).value == 3456  # the total row, a number


def test_the_plan_and_directive_follow_up_appear_when_there_are_some(demo, db):
    without = annual.build(annual.resolve("HT", 2017, dt.date(2017, 11, 30)))
    assert len(without.sections) == 2  # no plan, no directive before 30/11/2017: left out, not invented
    with_plan = annual.build(annual.resolve("HT", 2018))
    text = " ".join(with_plan.text_lines())
    assert "III. KẾT QUẢ THỰC HIỆN KẾ HOẠCH VÀ KẾT LUẬN CỦA CẤP TRÊN" in text
    assert "Kết nạp đảng viên mới: đạt" in text
    assert "Đề án 18-NQ/TW trình Tỉnh ủy: đạt 1/1 đề án (100%), hoàn thành chỉ tiêu." in text
    with_directive = annual.build(annual.resolve("HT", 2017))
    assert "Thực hiện Thông báo kết luận" in " ".join(with_directive.text_lines())


def test_the_signature_names_whoever_held_the_post_on_the_date(demo, db):
    town = Organization.objects.get(code="HT")
    for year in (2017, 2023):
        document = annual.build(annual.resolve("HT", year))
        holder = holder_of(town, Post.SECRETARY,
                           document.figures and dt.date.fromisoformat(document.figures["to"]))
        assert holder is not None and document.signature.name == holder.full_name


def test_issuing_numbers_the_register_and_keeps_the_bytes(demo, db):
    before = AuditEntry.objects.count()
    first = services.issue_annual_report(actor=None, organization="HT", year=2017, to=dt.date(2017, 11, 30),
                                         fmt="docx")
    second = services.issue_annual_report(actor=None, organization="HT", year=2017, to=dt.date(2017, 11, 30),
                                          fmt="pdf")
    assert (first.code, second.code) == ("01-BC/TU", "02-BC/TU")
    assert "Số 01-BC/TU" in docx_text(bytes(first.content))
    assert "Số 02-BC/TU" in pdf_text(bytes(second.content))
    # Another term restarts at 01.
    later = services.issue_annual_report(actor=None, organization="HT", year=2023, fmt="json")
    assert later.code == "01-BC/TU" and later.term_id != first.term_id
    import hashlib

    stored = IssuedDocument.objects.get(pk=first.pk)
    assert hashlib.sha256(bytes(stored.content)).hexdigest() == stored.sha256
    entries = AuditEntry.objects.filter(action="reports.issue").order_by("seq")
    assert entries.count() == 3 and AuditEntry.objects.count() == before + 3
    assert json.loads(entries.first().after)["sha256"] == stored.sha256


def test_cli_preview_issue_and_bad_input(demo, db, tmp_path):
    out = tmp_path / "r.docx"
    seed = ["annual", "--org", "HT", "--year", "2017", "--to", "2017-11-30"]
    code, stdout, _err = cli(*seed, "--format", "docx", "--out", str(out))
    assert code == 0 and "toàn Đảng bộ có 3.456 đảng viên" in docx_text(out.read_bytes())
    assert DocumentCounter.objects.count() == 0  # a preview takes no number
    cases = [
        (["--org", "NOPE", "--year", "2017"], 3, "NOPE"),
        (["--org", "HT", "--year", "2017", "--to", "2099-01-01"], 2, "tương lai"),
        (["--org", "P-HT", "--year", "2024"], 2, "ngoài thời gian tồn tại"),
        (["--org", "HT", "--year", "2026"], 2, "ngoài thời gian tồn tại"),
    ]
    for args, expected, message in cases:
        code, _out, err = cli("annual", *args, "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--issue")
        assert code == expected, args
        assert message in err
    assert DocumentCounter.objects.count() == 0 and IssuedDocument.objects.count() == 0
    code, stdout, _err = cli(*seed, "--format", "pdf", "--out", str(tmp_path / "i.pdf"), "--issue")
    assert code == 0 and "01-BC/TU" in stdout
    assert (tmp_path / "i.pdf").read_bytes() == bytes(IssuedDocument.objects.get().content)
