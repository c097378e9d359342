"""The demo generator without a database: the same rows on every run, the seed's figures exact in the
generated history, and only synthetic identifiers."""

import datetime as dt
from collections import Counter

import pytest

from dangvu.demo import huong_tra as ht
from dangvu.demo import names, posts
from dangvu.demo.history import REAL_NAMES, generate


@pytest.fixture(scope="module")
def history():
    return generate()


def on_register(history, day, cells=None):
    units = (history.unit_on(p, day) for p in history.people)
    return sum(1 for u in units if u is not None and (cells is None or u in cells))


def test_two_runs_give_the_same_rows(history):
    again = generate()
    assert again.member_entries() == history.member_entries()
    assert again.transfer_entries() == history.transfer_entries()
    assert posts.holders(again) == posts.holders(history)
    assert generate(seed=1).member_entries() != history.member_entries()


def test_the_seed_figures_hold_in_the_generated_history(history):
    admitted = [p for p in history.people if p.entry_kind == "admission"
                and dt.date(2017, 1, 1) <= p.admitted_on <= dt.date(2017, 11, 30)]
    assert len(admitted) == 157
    assert on_register(history, dt.date(2017, 11, 30)) == 3456
    assert on_register(history, ht.REFORM, set(ht.ward_cells())) == 1115


def test_the_tree(history):
    codes = [u.code for u in history.units]
    assert len(codes) == len(set(codes))
    by_code = {u.code: u for u in history.units}
    assert by_code["HT"].issuing_body == "THỊ ỦY HƯƠNG TRÀ" and by_code["HT"].kind == "committee"
    assert by_code["HT-TUHA"].name == "Đảng bộ phường Tứ Hạ"
    assert by_code["HT-BTHANH"].name == "Đảng bộ xã Bình Thành"
    assert by_code["P-HT"].issuing_body == "ĐẢNG ỦY PHƯỜNG HƯƠNG TRÀ"
    assert len(ht.ward_cells()) == 48
    assert all(by_code[u.parent] for u in history.units if u.parent)  # parents come first
    assert all(codes.index(u.parent) < codes.index(u.code) for u in history.units if u.parent)
    reform = ht.restructurings()[-1]
    assert {s.on for s in reform} == {ht.REFORM} and reform[-1] == ht.Step(ht.REFORM, "close", "HT")


def test_identifiers_are_synthetic(history):
    people = history.people
    ids = [p.profile["citizen_id"] for p in people]
    assert all(names.is_synthetic_citizen_id(i) for i in ids) and len(set(ids)) == len(ids)
    phones = [p.profile["phone"] for p in people if "phone" in p.profile]
    assert phones and all(names.is_synthetic_phone(n) for n in phones)
    assert not {p.full_name for p in people} & REAL_NAMES
    # A card only for a member recognised as official.
    assert all(p.official_on is not None for p in people if "card_number" in p.profile)


def test_the_people_look_like_a_party_organisation_of_hue(history):
    people = history.people
    women = sum(p.sex == "female" for p in people) / len(people)
    assert 0.30 <= women <= 0.40
    ages = [p.age_on(dt.date(2017, 11, 30)) for p in people if history.unit_on(p, dt.date(2017, 11, 30))]
    assert min(ages) >= 18 and max(ages) <= 90
    families = Counter(p.full_name.split()[0] for p in people)
    assert families.most_common(1)[0][0] == "Nguyễn" and families["Tôn"] > 0
    assert Counter(p.profile["ethnicity"] for p in people).most_common(1)[0][0] == "Kinh"
    assert all(p.age_on(p.admitted_on) >= 18 for p in people)


def test_no_member_has_two_membership_changes_on_one_day(history):
    for p in history.people:
        days = [p.entered_on, *(on for on, _to in p.moves)] + ([p.left_on] if p.left_on else [])
        assert len(days) == len(set(days)) and days == sorted(days), p.code
        assert not set(days) & ht.RESTRUCTURING_DAYS - {p.entered_on}
