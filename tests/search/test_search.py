"""Search ignores case and diacritics (đ/Đ too), matches words from their start, finds codes and citizen
IDs exactly, keeps to the user's register.view scope, and orders names as Vietnamese offices do."""

import datetime as dt
import unicodedata

import pytest
from django.db import connection

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.core.collation import name_sort_key
from dangvu.members.models import Member
from dangvu.members.search import index_fields, search_members
from dangvu.organizations.models import Organization


@pytest.fixture
def cast(db):
    t = Organization.objects.create(code="T", name="Thị ủy", kind="committee")
    ward = "grassroots_committee"
    w1 = Organization.objects.create(code="W1", name="Phường Một", kind=ward, scope_parent=t)
    w2 = Organization.objects.create(code="W2", name="Phường Hai", kind=ward, scope_parent=t)

    def member(code, name, org, citizen_id=""):
        return Member.objects.create(code=code, full_name=name, birth_date=dt.date(1980, 1, 1), sex="male",
                                     organization=org, citizen_id=citizen_id)

    people = {
        "tuyen": member("M1", "Nguyễn Văn Tuyến", w1, "046080000123"),
        "duc": member("M2", "Trần Minh Đức", w1),
        "duc_plain": member("M3", "Le Van Duc", w1),
        "tuyet": member("M4", "Nguyễn Thị Tuyết", w1),
        "far": member("M5", "Nguyễn Văn Đức", w2),
    }
    hoa = User.objects.create_user("hoa", password="not-used-here-123")
    RoleAssignment.objects.create(user=hoa, organization=w1, role=Role.SECRETARY,
                                  valid_from=dt.date(2020, 1, 1))
    quan = User.objects.create_user("quan", password="not-used-here-123")
    RoleAssignment.objects.create(user=quan, organization=t, role=Role.OBSERVER,
                                  valid_from=dt.date(2020, 1, 1))
    return {"hoa": hoa, "quan": quan, **people}


def names(found):
    return [m.full_name for m in found]


def test_diacritics_and_case_are_ignored_both_ways(cast):
    hoa = cast["hoa"]
    assert names(search_members(hoa, "duc")) == ["Le Van Duc", "Trần Minh Đức"]
    assert names(search_members(hoa, "ĐỨC")) == ["Le Van Duc", "Trần Minh Đức"]
    assert names(search_members(hoa, "nguyen van tuyen")) == ["Nguyễn Văn Tuyến"]
    assert names(search_members(hoa, "Nguyễn")) == ["Nguyễn Văn Tuyến", "Nguyễn Thị Tuyết"]


def test_words_match_from_their_start(cast):
    hoa = cast["hoa"]
    assert names(search_members(hoa, "nguyen v tuy")) == ["Nguyễn Văn Tuyến"]
    assert names(search_members(hoa, "tuy")) == ["Nguyễn Văn Tuyến", "Nguyễn Thị Tuyết"]
    assert search_members(hoa, "uyen") == []  # inside a word: no
    assert search_members(hoa, "   ") == []


def test_code_and_citizen_id_match_exactly(cast):
    hoa = cast["hoa"]
    assert names(search_members(hoa, "m2")) == ["Trần Minh Đức"]
    assert names(search_members(hoa, "046080000123")) == ["Nguyễn Văn Tuyến"]
    assert search_members(hoa, "04608000012") == []


def test_only_members_in_the_users_register_scope(cast):
    assert "Nguyễn Văn Đức" not in names(search_members(cast["hoa"], "duc"))
    assert search_members(cast["quan"], "duc") == []  # an observer sees figures, never persons


def test_limit(cast):
    assert len(search_members(cast["hoa"], "n", limit=1)) == 1


def test_index_fields_are_those_save_fills(cast):
    tuyen = cast["tuyen"]
    assert index_fields(tuyen.full_name) == {"name_folded": tuyen.name_folded, "sort_key": tuyen.sort_key}
    assert index_fields("Đặng Thị Ánh")["name_folded"] == "dang thi anh"


def test_the_search_indexes_exist(cast):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'member_name_tsv'")
            assert "to_tsvector" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                           "AND name = 'member_citizen_id'")
            assert cursor.fetchone() is not None
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'members_member_fts'")
            assert cursor.fetchone() is not None


SORTED = [
    "Lê An",  # no middle name: before every An with one
    "Nguyễn Văn An",
    "Trần Văn An",  # same given and middle names: by family name
    "Lê Thị Ánh",  # Anh after An; tones do not count before letters
    "Nguyễn Văn Anh",
    "Phạm Thị Ăn",  # a < ă < â
    "Hồ Văn Ân",
    "Vũ Dũng",  # d < đ
    "Lê Văn Đức",
    "Hồ On",
    "Hồ Ôn",  # o < ô < ơ
    "Hồ Ơn",
    "Lê Tuân",
    "Lê Tuấn",  # same letters: the tone breaks the tie
    "Lê U",
    "Lê Ư",  # u < ư
]


def test_vietnamese_name_order():
    shuffled = SORTED[1::2] + SORTED[::2]
    assert sorted(shuffled, key=name_sort_key) == SORTED
    # Decomposed input (some keyboards) sorts like composed text.
    assert name_sort_key(unicodedata.normalize("NFD", "Lê Văn Đức")) == name_sort_key("Lê Văn Đức")


def test_search_results_follow_the_name_order(cast):
    assert names(search_members(cast["hoa"], "nguyen")) == ["Nguyễn Văn Tuyến", "Nguyễn Thị Tuyết"]
