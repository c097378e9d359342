"""A small cast for the organisation tests.

Tree (all founded 2000-01-01): the town committee T; wards W1 and W2 under it; cells C1 and C2 under W1,
cell C3 under W2. Members An and Bình are in C1, Cường in C2, Dung in W1 itself, Em in C3, all on the
register since 2017-01-01 (opening entries).
Users: Hoa, secretary of T (may change the register everywhere); Quang, observer at T (figures only);
Sơn, secretary of W2 (nothing under W1).
"""

import datetime as dt

import pytest

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.spans import rebuild_for_members
from dangvu.organizations import services
from dangvu.organizations.models import OrgKind

FOUNDED = dt.date(2000, 1, 1)
OPENING = dt.date(2017, 1, 1)


def make_unit(code, parent=None, kind=OrgKind.CELL, name=None, **extra):
    return services.create_organization(actor=None, code=code, name=name or f"Chi bộ {code}", kind=kind,
                                        parent=parent, established_on=extra.pop("established_on", FOUNDED),
                                        **extra)


def make_member(code, name, unit, since=OPENING, sex="male"):
    member = Member.objects.create(code=code, full_name=name, birth_date=dt.date(1980, 1, 1), sex=sex)
    MemberEvent.objects.create(member=member, kind=EventKind.OPENING, on=since, organization=unit)
    rebuild_for_members([member.id])
    member.refresh_from_db()
    return member


@pytest.fixture
def tree(db):
    t = make_unit("T", kind=OrgKind.COMMITTEE, name="Đảng bộ thị xã Thử")
    w1 = make_unit("W1", t, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ phường Một")
    w2 = make_unit("W2", t, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ phường Hai")
    return {"T": t, "W1": w1, "W2": w2, "C1": make_unit("C1", w1), "C2": make_unit("C2", w1),
            "C3": make_unit("C3", w2)}


@pytest.fixture
def people(tree):
    return {
        "an": make_member("M-AN", "Nguyễn Văn An", tree["C1"]),
        "binh": make_member("M-BINH", "Trần Thị Bình", tree["C1"], sex="female"),
        "cuong": make_member("M-CUONG", "Lê Văn Cường", tree["C2"]),
        "dung": make_member("M-DUNG", "Phạm Thị Dung", tree["W1"], sex="female"),
        "em": make_member("M-EM", "Hoàng Văn Em", tree["C3"]),
    }


def _user(username, full_name, org, role):
    user = User.objects.create_user(username, password="not-used-here-123", full_name=full_name)
    RoleAssignment.objects.create(user=user, organization=org, role=role, valid_from=dt.date(2015, 1, 1))
    return user


@pytest.fixture
def hoa(tree):
    return _user("hoa", "Nguyễn Thị Hoa", tree["T"], Role.SECRETARY)


@pytest.fixture
def quang(tree):
    return _user("quang", "Đỗ Văn Quang", tree["T"], Role.OBSERVER)


@pytest.fixture
def son(tree):
    return _user("son", "Vũ Văn Sơn", tree["W2"], Role.SECRETARY)
