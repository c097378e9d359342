"""Coverage of the secretaries and deputy secretaries, the work-plans measure and the page."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from dangvu.cadres import selectors, services
from dangvu.workplans import selectors as plans
from dangvu.workplans import services as workplans
from dangvu.workplans.measures import MEASURES

ON = dt.date(2025, 12, 15)


def _rate_secretary(cast, people):
    services.evaluate(actor=cast.secretary, member=people.dung, year=2025, kind="cadre", post="secretary",
                      score=85, evaluated_on=ON, body=cast.T)


def test_one_of_two_evaluated_and_the_missing_named(cast, people, committee):
    before = selectors.coverage(cast.T.id, 2025, ON)
    assert (before["holders"], before["evaluated"]) == (2, 0)
    _rate_secretary(cast, people)
    found = selectors.coverage(cast.T.id, 2025, ON)
    assert (found["holders"], found["evaluated"]) == (2, 1)
    assert [row["member"] for row in found["missing"]] == [people.an]
    assert selectors.coverage(cast.T.id, 2025, dt.date(2025, 12, 14))["evaluated"] == 0  # not yet made then
    assert selectors.coverage(cast.W2.id, 2025, ON)["holders"] == 0  # another subtree
    # A member evaluation is not a cadre evaluation.
    services.evaluate(actor=cast.secretary, member=people.an, year=2025, kind="member", score=80,
                      evaluated_on=ON, body=cast.C1)
    assert selectors.coverage(cast.T.id, 2025, ON)["evaluated"] == 1


def test_the_work_plans_measure(cast, people, committee):
    _rate_secretary(cast, people)
    assert MEASURES["secretaries_evaluated"].compute(cast.W1.id, dt.date(2025, 1, 1), ON) == 1
    plan = workplans.create_plan(actor=cast.secretary, organization=cast.W1, kind="yearly", title="KH 2025",
                                 period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                                 on=dt.date(2025, 1, 5))
    target = workplans.add_target(actor=cast.secretary, plan=plan, title="Bí thư, phó bí thư được đánh giá",
                                  goal=2, measure="secretaries_evaluated", on=dt.date(2025, 1, 5))
    assert plans.target_value(target, dt.date(2025, 12, 1)) == 0
    assert plans.target_value(target, ON) == 1


def test_the_page_shows_coverage_and_records(cast, people, committee):
    client = Client()
    client.force_login(cast.secretary)
    url = reverse("cadres:coverage")
    page = client.get(url, {"org": "W1", "year": 2025})
    assert page.status_code == 200
    assert page.context["coverage"]["holders"] == 2
    posted = client.post(f"{url}?org=W1&year=2025", {
        "member_code": "DV-AN", "kind": "cadre", "post": "deputy_secretary", "score": "72",
        "evaluated_on": "2025-12-10", "body_code": "W1",
    })
    assert posted.status_code == 302
    assert selectors.coverage(cast.W1.id, 2025, ON)["evaluated"] == 1
    refused = client.post(f"{url}?org=W1&year=2025", {
        "member_code": "DV-DUNG", "kind": "cadre", "post": "secretary", "score": "72", "rating": "excellent",
        "evaluated_on": "2025-12-10", "body_code": "W1",
    })
    assert refused.status_code == 400 and refused.context["form"].errors["rating"]

    outsider = Client()
    outsider.force_login(cast.outsider)
    assert outsider.get(url, {"org": "W1", "year": 2025}).status_code == 404
