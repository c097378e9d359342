"""Deadlines of the register in working days, breakdowns at a date, the home page's attention items and
the `rebuild_spans` command."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from dangvu.members import services as s
from dangvu.members import todo
from dangvu.members.breakdowns import breakdowns
from dangvu.members.entries import Decision
from dangvu.members.models import MembershipSpan
from dangvu.reports.home import items_for

BORN = dt.date(1990, 6, 1)


def admit(tree, code, on, org="C1", birth_date=BORN, sex="male", **profile):
    return s.admit(
        actor=None,
        code=code,
        organization=tree[org],
        on=on,
        full_name=f"Phạm Văn {code}",
        birth_date=birth_date,
        sex=sex,
        profile=profile,
    )


def test_official_review_is_due_30_working_days_after_probation_across_tet(tree):
    a = admit(tree, "A", dt.date(2016, 1, 20))  # before the 2016 rules: not judged
    admit(tree, "B", dt.date(2016, 12, 28))  # probation ends 2017-12-28
    admit(tree, "C", dt.date(2017, 1, 5))  # probation ends 2018-01-05: review due 30 working days later
    d = admit(tree, "D", dt.date(2017, 1, 9))
    s.recognize_official(actor=None, member=d, decision=Decision("1", dt.date(2018, 1, 10)))
    items = todo.official_reviews(tree["T"].id, dt.date(2018, 2, 1))
    assert [i.member_code for i in items] == ["B", "C"]
    item = {i.member_code: i for i in items}["C"]
    assert item.since == dt.date(2018, 1, 5)
    assert item.due == dt.date(2018, 2, 23)  # Tết 2018 (14–20 Feb) does not count; weekdays alone: 16 Feb
    assert not item.overdue
    assert {i.member_code for i in todo.official_reviews(tree["T"].id,
                                                         dt.date(2018, 2, 26)) if i.overdue} == {
        "B",
        "C",
    }
    assert todo.official_reviews(tree["W2"].id, dt.date(2018, 2, 1)) == []
    assert a.pk


def test_temporary_transfer_past_its_end_and_transfer_letters(tree):
    m = admit(tree, "T", dt.date(2017, 3, 15))
    s.temporary_transfer(actor=None, member=m, on=dt.date(2018, 1, 2), until=dt.date(2018, 6, 1),
                         purpose="absence")
    assert [i.member_code for i in todo.temporary_returns(tree["W1"].id, dt.date(2018, 6, 2))] == ["T"]
    assert todo.temporary_returns(tree["W1"].id, dt.date(2018, 6, 1)) == []
    s.end_temporary_transfer(actor=None, member=m, on=dt.date(2018, 6, 4))
    assert todo.temporary_returns(tree["W1"].id, dt.date(2018, 7, 1)) == []
    s.transfer_out(actor=None, member=m, on=dt.date(2019, 3, 1), decision=Decision("8", dt.date(2019, 3, 1)))
    letters = todo.transfer_letters(tree["T"].id, dt.date(2019, 3, 5))
    assert [(i.member_code, i.due) for i in letters] == [("T", dt.date(2019, 4, 12))]
    assert todo.transfer_letters(tree["T"].id, dt.date(2019, 4, 15)) == []


def test_the_home_page_counts_overdue_reviews_in_the_users_scope(tree, hoa, nam):
    admit(tree, "A", dt.date(2020, 1, 6))
    admit(tree, "B", dt.date(2020, 1, 6), org="C2")
    items = items_for(hoa)
    assert [(str(i.label), i.count) for i in items] == [("Probation reviews overdue", 1)] or [
        i.count for i in items
    ] == [1]
    assert items_for(nam) == []


def test_breakdowns_on_a_day(tree):
    admit(tree, "A", dt.date(2017, 3, 15), birth_date=dt.date(1990, 6, 1), ethnicity="Kinh",
          theory_level="elementary")
    admit(tree, "B", dt.date(2017, 3, 15), birth_date=dt.date(1986, 6, 2), sex="female", ethnicity="Tà Ôi")
    old = s.register_existing(
        actor=None,
        code="C",
        full_name="Hồ Văn C",
        birth_date=dt.date(1946, 6, 1),
        sex="male",
        organization=tree["C2"],
        entry_kind="opening",
        registered_on=dt.date(2017, 1, 1),
        admitted_on=dt.date(1970, 1, 1),
        official_on=dt.date(1971, 1, 1),
        profile={"ethnicity": "kinh"},
    )
    day = dt.date(2017, 6, 1)
    b = breakdowns(tree["T"].id, day)
    assert b["status"] == {"official": 1, "probationary": 2}
    assert b["sex"] == {"female": 1, "male": 2}
    assert b["age_band"] == {"18_30": 2, "over_70": 1}  # 26, 30 (31 on 2 June), 71
    assert b["ethnicity"] == {"Kinh": 2, "Tà Ôi": 1}
    assert b["theory_level"] == {"elementary": 1, "none": 2}
    assert breakdowns(tree["T"].id, dt.date(2017, 6, 2))["age_band"]["31_40"] == 1
    assert breakdowns(tree["W2"].id, day, dimensions=("status",)) == {"status": {"official": 1}}
    assert old.pk


def test_rebuild_spans_command(tree):
    admit(tree, "A", dt.date(2017, 3, 15))
    MembershipSpan.objects.all().delete()
    out = StringIO()
    call_command("rebuild_spans", stdout=out)
    assert MembershipSpan.objects.count() == 3  # C1, W1, T
    assert "3" in out.getvalue()
