"""Reading CSV and XLSX files into rows (header aliases, BOM, dates, sex) and writing them safely."""

import csv
import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import load_workbook

from dangvu.core import tabular
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.members.importers import MEMBER_COLUMNS
from dangvu.organizations.importers import ORGANIZATION_COLUMNS

from .conftest import write_csv, write_xlsx


def test_csv_with_bom_and_vietnamese_headers_in_any_case_and_order(tmp_path):
    header = ["  HỌ VÀ TÊN ", unicodedata.normalize("NFD", "Mã đảng viên"), "ngày sinh", "Giới tính",
              "Mã tổ chức", "Ngày vào Đảng"]
    path = write_csv(tmp_path / "m.csv", [
        header,
        ["Nguyễn Văn An", "M1", "02/03/1980", "Nam", "C1", "2005-05-01"],
        ["", "", "", "", "", ""],
        ["Lê Thị Bình", "M2", "7/7/1985", "Nữ", "C1", "1/5/2010"],
    ], bom=True)
    table = tabular.read_table(path, MEMBER_COLUMNS)
    assert not table.problems
    assert [r.number for r in table.rows] == [2, 4]  # the empty row 3 is skipped, numbers kept
    first, second = (r.values for r in table.rows)
    assert first["code"] == "M1" and first["full_name"] == "Nguyễn Văn An"  # the BOM is not in the header
    assert first["birth_date"] == dt.date(1980, 3, 2) and first["admitted_on"] == dt.date(2005, 5, 1)
    assert (first["sex"], second["sex"]) == ("male", "female")
    assert second["birth_date"] == dt.date(1985, 7, 7) and second["admitted_on"] == dt.date(2010, 5, 1)
    assert first["official_on"] is None and first["ethnicity"] == ""  # optional columns absent


def test_xlsx_date_cells_numbers_and_sex_words(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", [
        ["Mã đảng viên", "Họ và tên", "Ngày sinh", "Giới tính", "Mã tổ chức", "Ngày vào Đảng", "Số CCCD"],
        [1001, "Trần Văn Cường", dt.datetime(1970, 1, 31), "male", "C1", dt.date(1995, 9, 2), 46070012345],
    ])
    row = tabular.read_table(path, MEMBER_COLUMNS).rows[0]
    assert row.number == 2
    assert row.values["code"] == "1001" and row.values["citizen_id"] == "46070012345"
    assert row.values["birth_date"] == dt.date(1970, 1, 31)
    assert row.values["admitted_on"] == dt.date(1995, 9, 2)


def test_every_bad_cell_is_reported_with_row_and_column(tmp_path):
    path = write_csv(tmp_path / "m.csv", [
        ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on"],
        ["M1", "An", "31/02/1980", "Nam", "C1", "2005-05-01"],
        ["M2", "", "1980-01-01", "x", "C1", "May 2005"],
    ])
    table = tabular.read_table(path, MEMBER_COLUMNS)
    found = sorted((p.row, p.field) for p in table.problems)
    assert found == [(2, "birth_date"), (3, "admitted_on"), (3, "full_name"), (3, "sex")]
    assert "row 3, sex:" in [p.render() for p in table.problems if p.field == "sex"][0]


def test_unknown_duplicate_and_missing_columns_are_refused_at_the_header(tmp_path):
    path = write_csv(tmp_path / "m.csv", [["code", "Họ và tên", "full_name", "nickname"],
                                          ["M1", "A", "A", "x"]])
    with pytest.raises(InvalidInput) as caught:
        tabular.read_table(path, MEMBER_COLUMNS)
    problems = {(p.row, p.field) for p in caught.value.problems}
    assert (1, "nickname") in problems  # the unknown column is named
    assert (1, "full_name") in problems  # twice, under its name and its alias
    assert {(1, "birth_date"), (1, "sex"), (1, "organization_code"), (1, "admitted_on")} <= problems


def test_missing_file_is_not_found_and_other_types_are_refused(tmp_path):
    with pytest.raises(NotFound):
        tabular.read_table(tmp_path / "absent.csv", MEMBER_COLUMNS)
    (tmp_path / "m.txt").write_text("code\n")
    with pytest.raises(InvalidInput):
        tabular.read_table(tmp_path / "m.txt", MEMBER_COLUMNS)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InvalidInput):
        tabular.read_table(tmp_path / "broken.xlsx", MEMBER_COLUMNS)


def test_choices_accept_case_and_vietnamese_theory_levels(tmp_path):
    path = write_csv(tmp_path / "o.csv", [["mã", "tên", "loại"], ["X", "Chi bộ X", "Cell"]])
    assert tabular.read_table(path, ORGANIZATION_COLUMNS).rows[0].values["kind"] == "cell"
    path = write_csv(tmp_path / "m.csv", [
        ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on", "Lý luận chính trị"],
        ["M1", "An", "1980-01-01", "Nam", "C1", "2005-05-01", "Trung cấp"],
    ])
    assert tabular.read_table(path, MEMBER_COLUMNS).rows[0].values["theory_level"] == "intermediate"


@pytest.mark.parametrize("text", ["=1+1", "+84 912", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_is_neutralised_in_csv_and_xlsx(text):
    header, rows = ["name", "born"], [[text, dt.date(1980, 3, 2)], ["Nguyễn Văn An", None]]
    content = tabular.write_csv(header, rows)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert records[1] == ["'" + text, "02/03/1980"]
    assert records[2] == ["Nguyễn Văn An", ""]

    sheet = load_workbook(io.BytesIO(tabular.write_xlsx(header, rows))).active
    assert sheet["A2"].value == "'" + text and sheet["A2"].data_type == "s"
    assert sheet["B2"].value.date() == dt.date(1980, 3, 2) and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["A3"].value == "Nguyễn Văn An"
