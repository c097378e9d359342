"""The cast of tests/conftest.py plus members on the register since 2015: Dung (ward W1), secretary of
W1's committee, An (cell C1), its deputy secretary, both since 2020-10-01; Bình, Cường, Giang, Hải, Khoa,
Lan and Minh (cell C1), plain members; Chi (cell C2 under W2). `secretary` (W1) may change W1's register;
`outsider` (W2) may not."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dangvu.members import services as members
from dangvu.organizations import services as organizations
from dangvu.organizations.models import Post

TERM_START = dt.date(2020, 10, 1)


def _member(code, name, org):
    return members.register_existing(
        actor=None, code=code, full_name=name, birth_date=dt.date(1980, 5, 5), sex="male", organization=org,
        entry_kind="opening", registered_on=dt.date(2015, 1, 1), admitted_on=dt.date(2005, 1, 1),
        official_on=dt.date(2006, 1, 1),
    )


@pytest.fixture
def people(cast):
    found = {
        "dung": _member("DV-DUNG", "Phạm Thị Dung", cast.W1),
        "an": _member("DV-AN", "Lê Thị An", cast.C1),
        "chi": _member("DV-CHI", "Phạm Văn Chi", cast.C2),
    }
    for code, name in [("BINH", "Trần Văn Bình"), ("CUONG", "Lê Văn Cường"), ("GIANG", "Võ Văn Giang"),
                       ("HAI", "Đỗ Văn Hải"), ("KHOA", "Ngô Văn Khoa"), ("LAN", "Bùi Thị Lan"),
                       ("MINH", "Đinh Văn Minh")]:
        found[code.lower()] = _member(f"DV-{code}", name, cast.C1)
    return SimpleNamespace(**found)


@pytest.fixture
def committee(cast, people):
    term = organizations.open_term(actor=None, organization=cast.W1, number=1, start_on=TERM_START)
    organizations.assign_post(actor=None, term=term, member=people.dung, post=Post.SECRETARY,
                              from_on=TERM_START)
    organizations.assign_post(actor=None, term=term, member=people.an, post=Post.DEPUTY_SECRETARY,
                              from_on=TERM_START)
    return term
