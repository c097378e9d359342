"""Exports of a filtered member list: declared columns, the list page's filters, scope, the audit entry,
and the printable A4 list in Vietnamese name order."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.audit.models import AuditEntry
from dangvu.members.importers import run
from dangvu.organizations.services import create_organization
from tests.imports.conftest import write_csv


@pytest.fixture
def cast(db, tmp_path):
    def unit(code, kind, parent=None):
        return create_organization(actor=None, code=code, name=f"Đơn vị {code}", kind=kind, parent=parent,
                                   established_on=dt.date(2000, 1, 1))

    t = unit("T", "committee")
    w1, w2 = unit("W1", "grassroots_committee", t), unit("W2", "grassroots_committee", t)
    w1.issuing_body = "Đảng ủy phường Một"
    w1.save()
    c1, c2 = unit("C1", "cell", w1), unit("C2", "cell", w2)
    write_csv(tmp_path / "m.csv", [
        ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on", "official_on"],
        ["M1", "Trần Văn Ân", "1980-03-02", "Nam", "C1", "2005-05-01", "2006-05-01"],
        ["M2", "Lê Thị An", "1985-01-01", "Nữ", "C1", "2019-05-01", "2020-05-01"],
        ["M3", "Nguyễn Văn Ăn", "1990-01-01", "Nam", "C1", "2023-05-01", ""],
        ["M4", "=cmd|' /C calc'!A0", "1990-01-01", "Nam", "C1", "2023-05-01", ""],
        ["M5", "Phạm Văn Bình", "1970-01-01", "Nam", "C2", "2005-05-01", "2006-05-01"],
    ])
    run("members", tmp_path / "m.csv")

    def user(name, org, role):
        u = User.objects.create_user(name, password="not-used-here-123")
        RoleAssignment.objects.create(user=u, organization=org, role=role, valid_from=dt.date(2020, 1, 1))
        client = Client()
        client.force_login(u)
        return client

    return {"orgs": {"T": t, "W1": w1, "W2": w2, "C1": c1, "C2": c2},
            "hoa": user("hoa", w1, Role.SECRETARY), "quan": user("quan", t, Role.OBSERVER)}


def csv_rows(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_the_declared_columns_and_the_filter(cast):
    response = cast["hoa"].get("/members/export/csv/", {"org": "W1", "sex": "male"})
    assert response.status_code == 200
    assert 'filename="dang-vien-W1.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows[0]) == 9
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"M1", "M3", "M4"}  # female M2 and W2's M5 left out
    assert by_code["M1"][1:4] == ["Trần Văn Ân", "02/03/1980", "Nam"]
    assert by_code["M1"][4] == "Đơn vị C1" and by_code["M1"][6:8] == ["01/05/2005", "01/05/2006"]
    assert by_code["M4"][1] == "'=cmd|' /C calc'!A0"  # neutralised


def test_xlsx_export_and_the_status_and_date_filters(cast):
    params = {"org": "W1", "status": "official", "on": "2021-01-01"}
    response = cast["hoa"].get("/members/export/xlsx/", params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # On 1 January 2021, M1 and M2 were official; M3 and M4 were not yet members.
    assert [r[0] for r in rows[1:]] == ["M2", "M1"]  # An before Ân
    assert rows[2][2].date() == dt.date(1980, 3, 2)

    response = cast["hoa"].get("/members/export/csv/", {"org": "W1", "q": "an", "on": "01/01/2024",
                                                         "status": "probationary"})
    assert [r[0] for r in csv_rows(response)[1:]] == ["M3"]


def test_scope_observers_and_bad_filters(cast):
    assert cast["hoa"].get("/members/export/csv/", {"org": "W2"}).status_code == 404
    assert cast["quan"].get("/members/export/csv/", {"org": "T"}).status_code == 404
    assert cast["quan"].get("/members/print/").status_code == 404
    assert cast["hoa"].get("/members/export/csv/", {"on": "someday"}).status_code == 400
    # Without an organisation: everything in the user's scope, nothing beyond it.
    codes = [r[0] for r in csv_rows(cast["hoa"].get("/members/export/csv/"))[1:]]
    assert sorted(codes) == ["M1", "M2", "M3", "M4"]


def test_exports_are_audited_without_personal_data(cast):
    before = AuditEntry.objects.filter(action="members.export").count()
    cast["hoa"].get("/members/export/csv/", {"org": "W1", "q": "Trần Văn"})
    entries = AuditEntry.objects.filter(action="members.export")
    assert entries.count() == before + 1
    entry = entries.order_by("-seq").first()
    after = json.loads(entry.after)
    assert after == {"count": 1, "filter": {"org": "W1", "search": True}, "format": "csv"}
    assert "Trần" not in entry.after and "Trần" not in entry.object_label


def test_printable_list(cast):
    response = cast["hoa"].get("/members/print/", {"org": "W1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "DANH SÁCH ĐẢNG VIÊN" in html
    assert "ĐẢNG ỦY PHƯỜNG MỘT" in html and "@page" in html
    order = [html.index(n) for n in ("Lê Thị An", "Nguyễn Văn Ăn", "Trần Văn Ân")]  # a < ă < â
    assert order == sorted(order)
    assert AuditEntry.objects.filter(action="members.export", after__contains='"print"').exists()
