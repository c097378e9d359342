"""The oversight cast, on top of tests/conftest.py (T ⊃ W1 ⊃ C1, T ⊃ W2 ⊃ C2, linked since 2000):

- members of cell C1: `an` (official since 2012), `binh` (probationary: admitted 2016-09-01, official on
  2017-09-01), `cuong` (official, holds a post in W1's executive committee); of cell C2: `dung` (official);
- `inspector`: inspection commission staff of W1 (records inspections and discipline in W1's subtree);
- `standing`: standing committee member of T; `cell_secretary` (from tests/conftest) leads C1 since 2022;
- `an_user`: An's own login (a member, no role)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dangvu.accounts.models import User
from dangvu.accounts.roles import Role
from dangvu.members import services as members
from dangvu.organizations import services as organizations
from tests.conftest import make_user


def person(code, name, org, admitted_on, official=True):
    return members.register_existing(
        actor=None,
        code=code,
        full_name=name,
        birth_date=dt.date(1980, 5, 5),
        sex="male",
        organization=org,
        entry_kind="opening",
        registered_on=dt.date(2015, 1, 1) if admitted_on < dt.date(2015, 1, 1) else admitted_on,
        admitted_on=admitted_on,
        official_on=dt.date(admitted_on.year + 1, admitted_on.month, admitted_on.day) if official else None,
    )


@pytest.fixture
def people(cast):
    o = cast
    an = person("M-AN", "Nguyễn Văn An", o.C1, dt.date(2011, 3, 1))
    binh = members.admit(
        actor=None,
        code="M-BINH",
        full_name="Trần Thị Bình",
        birth_date=dt.date(1990, 1, 1),
        sex="female",
        organization=o.C1,
        on=dt.date(2016, 9, 1),
    )
    cuong = person("M-CUONG", "Lê Văn Cường", o.C1, dt.date(2005, 6, 1))
    dung = person("M-DUNG", "Phạm Văn Dũng", o.C2, dt.date(2008, 2, 28))
    term = organizations.open_term(actor=None, organization=o.W1, number=1, start_on=dt.date(2015, 10, 1))
    post = organizations.assign_post(
        actor=None, term=term, member=cuong, post="committee_member", from_on=dt.date(2015, 10, 1)
    )
    inspector = make_user("inspector", "Đỗ Thị Kiểm", (Role.INSPECTION_STAFF, o.W1, dt.date(2015, 1, 1)))
    standing = make_user("standing", "Võ Văn Thường", (Role.STANDING_MEMBER, o.T, dt.date(2015, 1, 1)))
    an_user = User.objects.create_user("an", password=o.password, full_name=an.full_name, member=an)
    return SimpleNamespace(
        **vars(cast),
        an=an,
        binh=binh,
        cuong=cuong,
        dung=dung,
        post=post,
        inspector=inspector,
        standing=standing,
        an_user=an_user,
    )
