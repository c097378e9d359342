"""A small cast for the import tests: the town committee T with ward W1 (cell C1) and ward W2 (cell C2),
built through the organisation service. Hoa is secretary of W1 (may change W1's register, not W2's);
Quan is an observer of the superior committee at T; Nam holds no role."""

import csv
import datetime as dt

import pytest
from openpyxl import Workbook

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.organizations.services import create_organization


@pytest.fixture
def tree(db):
    def unit(code, name, kind, parent=None):
        return create_organization(actor=None, code=code, name=name, kind=kind, parent=parent,
                                   established_on=dt.date(2000, 1, 1))

    t = unit("T", "Đảng bộ thị xã Thử", "committee")
    w1 = unit("W1", "Đảng bộ phường Một", "grassroots_committee", t)
    w2 = unit("W2", "Đảng bộ phường Hai", "grassroots_committee", t)
    return {"T": t, "W1": w1, "W2": w2, "C1": unit("C1", "Chi bộ khu phố 1", "cell", w1),
            "C2": unit("C2", "Chi bộ khu phố 2", "cell", w2)}


def _user(username, org=None, role=None):
    user = User.objects.create_user(username, password="not-used-here-123", full_name=username.title())
    if org is not None:
        RoleAssignment.objects.create(user=user, organization=org, role=role, valid_from=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def hoa(tree):
    return _user("hoa", tree["W1"], Role.SECRETARY)


@pytest.fixture
def quan(tree):
    return _user("quan", tree["T"], Role.OBSERVER)


@pytest.fixture
def nam(tree):
    return _user("nam")


def write_csv(path, rows, *, bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


MEMBER_HEADER = ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on"]
