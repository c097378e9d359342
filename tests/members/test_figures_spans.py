"""Figures from spans on a small tree: flows are counted where a member crosses the subtree's border."""

import datetime as dt

import pytest

from dangvu.members.figures import member_figures
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.spans import rebuild_all
from dangvu.organizations.models import Organization, OrganizationParent

SINCE = dt.date(2000, 1, 1)


def unit(code, parent=None, since=SINCE):
    org = Organization.objects.create(code=code, name=code, kind="cell" if parent else "committee",
                                      scope_parent=parent)
    OrganizationParent.objects.create(organization=org, parent=parent, valid_from=since)
    return org


def event(member, kind, on, org=None):
    return MemberEvent.objects.create(member=member, kind=kind, on=on, organization=org)


@pytest.fixture
def tree(db):
    t = unit("T")
    w1, w2 = unit("W1", t), unit("W2", t)
    return {"T": t, "W1": w1, "W2": w2, "C1": unit("C1", w1), "C2": unit("C2", w2)}


def test_admission_official_transfer_and_move(tree):
    m = Member.objects.create(code="M1", full_name="Nguyễn Văn An", birth_date=dt.date(1990, 5, 1),
                              sex="male")
    event(m, EventKind.ADMISSION, dt.date(2017, 3, 1), tree["C1"])
    event(m, EventKind.OFFICIAL, dt.date(2018, 3, 1))
    event(m, EventKind.TRANSFER, dt.date(2018, 6, 1), tree["C2"])
    rebuild_all()

    w1_2017 = member_figures(tree["W1"].id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert (w1_2017["at_start"], w1_2017["admitted"], w1_2017["at_end"]) == (0, 1, 1)
    assert w1_2017["probationary_at_end"] == 1

    w1_2018 = member_figures(tree["W1"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert w1_2018["transferred_out"] == 1 and w1_2018["made_official"] == 1 and w1_2018["at_end"] == 0
    w2_2018 = member_figures(tree["W2"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert w2_2018["transferred_in"] == 1 and w2_2018["official_at_end"] == 1
    assert w2_2018["made_official"] == 0
    t_2018 = member_figures(tree["T"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert t_2018["transferred_in"] == t_2018["transferred_out"] == 0 and t_2018["at_end"] == 1

    # Edge days: the transfer day counts in the period that contains it, not the day before.
    assert member_figures(tree["W1"].id, dt.date(2018, 6, 1), dt.date(2018, 6, 1))["transferred_out"] == 1
    assert member_figures(tree["W1"].id, dt.date(2018, 5, 31), dt.date(2018, 5, 31))["at_end"] == 1
    m.refresh_from_db()
    assert m.organization_id == tree["C2"].id and m.status == "official"


def test_moving_a_unit_counts_as_transfers_across_the_border(tree):
    m = Member.objects.create(code="M2", full_name="Trần Thị Bình", birth_date=dt.date(1985, 1, 1),
                              sex="female")
    event(m, EventKind.OPENING, dt.date(2017, 1, 1), tree["C1"])
    link = OrganizationParent.objects.get(organization=tree["C1"])
    link.valid_to = dt.date(2019, 1, 1)
    link.save()
    OrganizationParent.objects.create(organization=tree["C1"], parent=tree["W2"],
                                      valid_from=dt.date(2019, 1, 1))
    rebuild_all()
    year = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert member_figures(tree["W1"].id, *year)["transferred_out"] == 1
    assert member_figures(tree["W2"].id, *year)["transferred_in"] == 1
    whole = member_figures(tree["T"].id, *year)
    assert whole["transferred_in"] == whole["transferred_out"] == 0
    assert whole["at_start"] == whole["at_end"] == 1
    assert member_figures(tree["T"].id, dt.date(2017, 1, 1), dt.date(2017, 1, 1))["opening"] == 1


def test_death_and_expulsion_leave_the_register(tree):
    a = Member.objects.create(code="M3", full_name="Lê Văn Cường", birth_date=dt.date(1950, 1, 1), sex="male")
    b = Member.objects.create(code="M4", full_name="Phạm Thị Dung", birth_date=dt.date(1960, 1, 1),
                              sex="female")
    event(a, EventKind.OPENING, dt.date(2017, 1, 1), tree["C1"])
    event(b, EventKind.OPENING, dt.date(2017, 1, 1), tree["C1"])
    event(a, EventKind.DEATH, dt.date(2017, 8, 15))
    event(b, EventKind.EXPULSION, dt.date(2017, 9, 1))
    rebuild_all()
    figures = member_figures(tree["T"].id, dt.date(2017, 1, 2), dt.date(2017, 12, 31))
    assert (figures["at_start"], figures["died"], figures["expelled"], figures["at_end"]) == (2, 1, 1, 0)
    balance = (figures["at_start"] + figures["admitted"] + figures["opening"] + figures["reinstated"]
               + figures["transferred_in"] - figures["transferred_out"] - figures["removed"]
               - figures["expelled"] - figures["died"])
    assert balance == figures["at_end"]
