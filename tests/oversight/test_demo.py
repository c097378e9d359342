"""The demo's oversight history, checked through `dangvu stats` as a script would: the seed's figures of
2017 in `HT` exact, the register's figures unchanged by the expulsions, later years active."""

import io
import json

import pytest
from django.core.management import call_command

from dangvu.members.models import Member, MemberEvent
from dangvu.oversight.models import DisciplineDecision, Programme, Recommendation, Review


@pytest.fixture(scope="module")
def loaded(demo):
    """The demo command's output; the demo is built once per run (tests/conftest.py)."""
    return demo


def stats(org, date_from, date_to):
    out = io.StringIO()
    call_command("stats", "--org", org, "--from", date_from, "--to", date_to, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_seed_figures_of_2017(loaded, db):
    data = stats("HT", "2017-01-01", "2017-11-30")
    o = data["oversight"]
    assert (o["inspected_organizations"], o["inspected_members"]) == (30, 5)
    assert (o["supervised_organizations"], o["supervised_members"]) == (29, 4)
    assert o["disciplined_members"] == 16
    assert o["discipline_by_form"] == {"reprimand": 9, "warning": 5, "removal_from_post": 0, "expulsion": 2}
    assert o["disciplined_organizations"] == 0
    assert list(o) == [
        "inspected_organizations",
        "inspected_members",
        "supervised_organizations",
        "supervised_members",
        "disciplined_members",
        "disciplined_organizations",
        "discipline_by_form",
        "organization_discipline_by_form",
    ]
    m = data["members"]
    assert (m["admitted"], m["at_end"], m["expelled"]) == (157, 3456, 2)


def test_expelled_members_leave_through_discipline(loaded, db):
    expelled = MemberEvent.objects.filter(kind="expulsion", on__year=2017)
    assert expelled.count() == 2
    for event in expelled:
        decision = DisciplineDecision.objects.get(pk=int(event.source.split(":")[1]))
        assert decision.form == "expulsion" and decision.announced_on == event.on
        assert Member.objects.get(pk=event.member_id).left_reason == "expelled"


def test_later_years_are_active(loaded, db):
    for year in (2019, 2023):
        o = stats("TU-HUE", f"{year}-01-01", f"{year}-12-31")["oversight"]
        assert o["inspected_organizations"] > 10 and o["supervised_organizations"] > 10
        assert o["disciplined_members"] > 0
    assert Programme.objects.filter(year=2026).exists()
    assert Review.objects.filter(programme_item__isnull=False).count() == Review.objects.count()
    assert Recommendation.objects.filter(status="open").exists()
