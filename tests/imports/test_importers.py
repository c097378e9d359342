"""The four import KINDs through `members.importers.run`: counts on success; on any bad row every problem
by row and column and nothing written; a dry run writes nothing."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, bilingual
from dangvu.members.importers import run
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.organizations.models import Organization, OrganizationParent, Restructuring

from .conftest import MEMBER_HEADER, write_csv, write_xlsx


def counts():
    return (Organization.objects.count(), OrganizationParent.objects.count(), Member.objects.count(),
            MemberEvent.objects.count(), MembershipSpan.objects.count(), Restructuring.objects.count(),
            AuditEntry.objects.count())


def problems_of(kind, path, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        run(kind, path, **kwargs)
    return caught.value.problems


# ---------------------------------------------------------------- organizations


def test_organizations_parents_from_the_file_or_the_database(tree, tmp_path):
    path = write_csv(tmp_path / "o.csv", [
        ["Mã", "Tên", "Loại", "Mã cấp trên", "Ngày thành lập"],
        ["W3", "Đảng bộ phường Ba", "grassroots_committee", "T", "01/01/2010"],  # parent in the database
        ["W3-C1", "Chi bộ khu phố 1", "cell", "W3", "2010-01-01"],  # parent earlier in the file
    ])
    result = run("organizations", path)
    assert result.count == 2
    assert bilingual(result.message).endswith("Imported 2 organisations")
    c1 = Organization.objects.get(code="W3-C1")
    assert c1.scope_parent.code == "W3" and c1.established_on == dt.date(2010, 1, 1)


def test_bad_organisation_rows_are_all_reported_and_nothing_is_written(tree, tmp_path):
    before = counts()
    path = write_csv(tmp_path / "o.csv", [
        ["code", "name", "kind", "parent_code", "established_on", "closed_on"],
        ["X-C1", "Chi bộ con", "cell", "X", "", ""],  # the parent comes later
        ["X", "Đảng bộ X", "grassroots_committee", "T", "2010-01-01", ""],
        ["Y", "Đảng bộ Y", "club", "T", "31/02/2010", ""],  # two bad cells
        ["W1", "Trùng mã", "cell", "T", "", ""],  # the code exists (a service rule)
        ["Z", "Đảng bộ Z", "grassroots_committee", "NOPE", "", ""],
        ["V", "Đảng bộ V", "grassroots_committee", "T", "2012-01-01", "2011-01-01"],
    ])
    found = [(p.row, p.field) for p in problems_of("organizations", path)]
    assert found == [(2, "parent_code"), (4, "established_on"), (4, "kind"), (5, "code"),
                     (6, "parent_code"), (7, "closed_on")]
    assert counts() == before


def test_dry_run_checks_and_writes_nothing(tree, tmp_path):
    before = counts()
    path = write_csv(tmp_path / "o.csv", [["code", "name", "kind", "parent_code"], ["W3", "P3", "cell", "T"]])
    result = run("organizations", path, dry_run=True)
    assert result.count == 1 and result.dry_run
    assert "nothing written" in bilingual(result.message)
    assert counts() == before
    # …and finds what a real run would refuse
    write_csv(path, [["code", "name", "kind", "parent_code"], ["W1", "P3", "cell", "T"]])
    assert [(p.row, p.field) for p in problems_of("organizations", path, dry_run=True)] == [(2, "code")]


# ---------------------------------------------------------------- members


def test_national_database_export_with_vietnamese_headers_and_opening_entries(tree, tmp_path):
    path = write_xlsx(tmp_path / "csdl.xlsx", [
        ["Mã đảng viên", "Họ và tên", "Ngày sinh", "Giới tính", "Mã tổ chức", "Ngày vào Đảng",
         "Ngày chính thức", "Hình thức", "Ngày đến", "Dân tộc", "Số thẻ đảng viên"],
        ["4600001", "Nguyễn Văn Tuyến", "02/03/1970", "Nam", "C1", "01/05/1995", "01/05/1996", "opening",
         "01/01/2017", "Kinh", "01234"],
        ["4600002", "Lê Thị Đức", dt.datetime(1980, 7, 7), "Nữ", "C2", dt.datetime(2005, 3, 8),
         dt.datetime(2006, 3, 8), "opening", dt.datetime(2017, 1, 1), "", ""],
    ])
    result = run("members", path)
    assert result.count == 2
    assert bilingual(result.message) == "Đã nhập 2 đảng viên / Imported 2 members"
    tuyen = Member.objects.get(code="4600001")
    assert tuyen.full_name == "Nguyễn Văn Tuyến" and tuyen.birth_date == dt.date(1970, 3, 2)
    assert tuyen.organization.code == "C1" and tuyen.ethnicity == "Kinh"
    assert tuyen.name_folded == "nguyen van tuyen"  # the bulk path fills the search column
    assert set(tuyen.events.values_list("kind", "on")) == {
        (EventKind.OPENING, dt.date(2017, 1, 1)), (EventKind.OFFICIAL, dt.date(1996, 5, 1))}
    assert Member.objects.get(code="4600002").sex == "female"


def test_every_bad_member_row_is_reported_and_nothing_is_written(tree, tmp_path):
    write_csv(tmp_path / "ok.csv", [MEMBER_HEADER, ["M0", "Trần Văn Có", "1970-01-01", "Nam", "C1",
                                                    "2001-01-01"]])
    run("members", tmp_path / "ok.csv")
    before = counts()
    path = write_csv(tmp_path / "m.csv", [
        MEMBER_HEADER + ["entry_kind", "registered_on"],
        ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01", "", ""],  # good
        ["M2", "Lê Thị Bình", "31/02/1980", "Nữ", "C9", "2005-05-01", "", ""],  # bad date AND unknown unit
        ["M0", "Trần Văn Có", "1970-01-01", "Nam", "C1", "2001-01-01", "", ""],  # already registered
        ["M4", "Phạm Văn Dũng", "1980-01-01", "Nam", "C1", "2005-05-01", "opening", ""],  # no day of entry
        ["M1", "Võ Văn Em", "1980-01-01", "Nam", "C1", "2005-05-01", "", ""],  # code repeated
    ])
    found = {(p.row, p.field) for p in problems_of("members", path)}
    assert {(3, "birth_date"), (3, "organization_code"), (4, "code"), (5, "registered_on"),
            (6, "code")} <= found
    assert not any(row == 2 for row, _f in found)
    assert counts() == before


def test_a_user_imports_only_into_units_in_scope(tree, hoa, tmp_path):
    path = write_csv(tmp_path / "m.csv", [
        MEMBER_HEADER,
        ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"],
        ["M2", "Lê Thị Bình", "1980-01-01", "Nữ", "C2", "2005-05-01"],  # W2 is not Hoa's
    ])
    assert [(p.row, p.field) for p in problems_of("members", path, actor=hoa)] == [(3, "organization_code")]
    assert not Member.objects.exists()
    write_csv(path, [MEMBER_HEADER, ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"]])
    assert run("members", path, actor=hoa).count == 1


# ---------------------------------------------------------------- transfers and restructurings


def test_transfers_and_restructurings(tree, tmp_path):
    write_csv(tmp_path / "m.csv", [MEMBER_HEADER, ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1",
                                                   "2005-05-01"]])
    run("members", tmp_path / "m.csv")
    bad = write_csv(tmp_path / "t-bad.csv", [["member_code", "ngày", "chuyển đến"],
                                             ["M1", "2020-01-01", "NOPE"], ["M9", "2020-01-01", "C2"]])
    found = [(p.row, p.field) for p in problems_of("transfers", bad)]
    assert (2, "to_organization_code") in found and any(row == 3 for row, _f in found)
    good = write_csv(tmp_path / "t.csv", [["member_code", "on", "to_organization_code"],
                                          ["M1", "01/06/2020", "C2"]])
    assert run("transfers", good).count == 1
    assert Member.objects.get(code="M1").organization.code == "C2"

    before = counts()
    bad = write_csv(tmp_path / "r-bad.csv", [
        ["Ngày", "Thao tác", "Mã tổ chức", "Mã tổ chức nhận", "Tên mới"],
        ["2021-01-01", "rename", "C1", "", "Chi bộ Một"],
        ["2021-01-01", "explode", "C1", "", ""],
        ["2021-01-01", "merge", "C9", "", ""],
    ])
    found = [(p.row, p.field) for p in problems_of("restructurings", bad)]
    assert found == [(3, "operation"), (4, "organization_code"), (4, "target_code")]
    assert counts() == before
    good = write_csv(tmp_path / "r.csv", [["on", "operation", "organization_code", "target_code", "new_name"],
                                          ["2021-01-01", "rename", "C1", "", "Chi bộ Một"],
                                          ["2022-01-01", "move", "C1", "W2", ""]])
    assert run("restructurings", good).count == 2
    assert [r.operation for r in Restructuring.objects.order_by("on")] == ["rename", "move"]
