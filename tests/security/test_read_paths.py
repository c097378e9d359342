"""Side doors of confidentiality (issue 9, point 3), on the security cast: every read path walked as W1's
office staff (who see no oversight data) shows no inspection, supervision or discipline text and no unit
outside W1; history lists give the unit of their day and only the birth year of people now elsewhere; the
audit log withholds what the reader's role may not read; a refused confidential read records nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from dangvu.accounts.roles import Role
from dangvu.audit.models import AuditEntry
from tests.security.cast import INSIDE_SECRET, MOVER_NAME, OUTSIDE_NAME, OUTSIDE_SECRET

HISTORY = {"org": "W1", "on": "2018-01-01"}
# What W1's office staff must never read: oversight and discipline of W1 (codes, texts, findings, actions)
# and anything of W2.
OVERSIGHT_TEXT = (INSIDE_SECRET, "KT-W1", "VV-W1", "QĐ-W1", "Khắc phục W1", "oversight.inspection",
                  "oversight.recommendation", "oversight.programme", "discipline.", "disciplinecase")
OUTSIDE_TEXT = (OUTSIDE_NAME, OUTSIDE_SECRET, "Đảng bộ phường Hai", "Chi bộ khu phố 2", "KT-W2", "VV-W2")


def _get(world, identity, url, params=None, api=False, status=200):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[identity]}"} if api else {}
    response = world.clients[identity].get(url, params or {}, **extra)
    assert response.status_code == status, (url, params, response.status_code)
    return response.content.decode("utf-8-sig")


def _read_paths(world):
    """(url, params, api) of every read path an office staff member reaches."""
    paths = [(reverse("audit:log"), {}, False), (reverse("audit:log"), {"page": 2}, False)]
    scope = AuditEntry.objects.filter(organization_id__in=[s.pk for s in (world.sides["in"].ward,
                                                                          world.sides["in"].cell)])
    paths += [(reverse("audit:entry", args=[seq]), {}, False) for seq in scope.values_list("seq", flat=True)]
    # Filters on the content (their own values are echoed in the form, hence ids and the review type).
    paths += [(reverse("audit:log"), {"object_type": "oversight.review"}, False)]
    paths += [(reverse("audit:log"), {"object_id": str(getattr(world.sides["in"], kind).pk)}, False)
              for kind in ("review", "case", "decision", "recommendation")]
    for params in ({}, {"org": "W1"}, HISTORY, {**HISTORY, "q": "Chuyển"}):
        paths += [(reverse("members:list"), params, False), (reverse("members:print"), params, False),
                  (reverse("members:export", args=["csv"]), params, False), ("/api/members", params, True)]
    paths += [(reverse("core:home"), {}, False), (reverse("workplans:owner_search"), {"q": "Văn"}, False),
              (reverse("workplans:owner_search"), {"q": "Chuyển"}, False),
              (reverse("oversight:deadlines"), {}, False), (reverse("oversight:cases"), {}, False),
              (reverse("oversight:programmes"), {}, False),
              (reverse("oversight:reviews", args=["inspection"]), {}, False),
              (reverse("organizations:tree"), {}, False), (reverse("workplans:board"), {}, False),
              ("/api/oversight/reviews", {}, True), ("/api/oversight/recommendations", {}, True),
              ("/api/tasks", {}, True), ("/api/organizations", {}, True)]
    return paths


def test_every_read_path_as_office_staff_shows_no_oversight_and_nothing_outside(world, db):
    leaks = []
    paths = _read_paths(world)
    assert len(paths) > 40
    # The deadlines page is not theirs to open (issue 13.3): a 404, which must not leak either.
    closed = {reverse("oversight:deadlines")}
    for url, params, api in paths:
        body = _get(world, Role.OFFICE_STAFF, url, params, api, status=404 if url in closed else 200)
        leaks += [(url, params, text) for text in OVERSIGHT_TEXT + OUTSIDE_TEXT if text in body]
    assert leaks == []


def test_the_walked_texts_are_there_for_roles_that_may_read_them(world, db):
    """The texts of the walk are really there for a role that may read them (the walk could not pass by
    looking at empty pages): the secretary reads oversight entries, the standing member the case."""
    html = _get(world, Role.SECRETARY, reverse("audit:log"), {"object_type": "oversight.review"})
    assert "KT-W1" in html and "oversight.inspection.record" in html
    standing = _get(world, Role.STANDING_MEMBER, reverse("oversight:case", args=[world.sides["in"].case.pk]))
    assert INSIDE_SECRET in standing


def test_the_audit_log_withholds_oversight_entries_from_office_staff(world, db):
    review = world.sides["in"].review
    entry = AuditEntry.objects.get(action="oversight.inspection.record", object_id=str(review.pk))
    office = _get(world, Role.OFFICE_STAFF, reverse("audit:entry", args=[entry.seq]))
    assert "Restricted" in office and entry.hash in office
    assert "KT-W1" not in office and INSIDE_SECRET not in office
    assert review.subject_member.full_name not in office
    secretary = _get(world, Role.SECRETARY, reverse("audit:entry", args=[entry.seq]))
    assert "KT-W1" in secretary and INSIDE_SECRET in secretary
    case_entry = AuditEntry.objects.get(action="discipline.case.open", object_label="VV-W1")
    assert "Confidential" in _get(world, Role.SECRETARY, reverse("audit:entry", args=[case_entry.seq]))
    assert INSIDE_SECRET not in _get(world, Role.SECRETARY, reverse("audit:entry", args=[case_entry.seq]))
    # A filter on the content never matches a withheld entry.
    filtered = world.clients[Role.OFFICE_STAFF].get(reverse("audit:log"), {"object_id": str(review.pk),
                                                                           "object_type": "oversight.review"})
    assert filtered.context["rows"] == []


def test_a_history_list_gives_the_unit_of_its_day_and_the_birth_year_of_people_now_elsewhere(world, db):
    api = _get(world, Role.SECRETARY, "/api/members", HISTORY, api=True)
    rows = {r["code"]: r for r in json.loads(api)["items"]}
    mover = rows["M-CHUYEN"]
    assert mover["organization"] == "C1" and mover["organization_name"] == "Chi bộ khu phố 1"
    assert mover["status"] == "official" and mover["birth_year"] == 1980
    text = _get(world, Role.SECRETARY, reverse("members:export", args=["csv"]), HISTORY)
    exported = list(csv.reader(io.StringIO(text)))
    by_code = {r[0]: r for r in exported[1:]}
    assert by_code["M-CHUYEN"][2] == "1980" and by_code["M-TRONG"][2] == "05/05/1980"
    assert by_code["M-CHUYEN"][4] == "Chi bộ khu phố 1" and by_code["M-CHUYEN"][8] == ""
    page = _get(world, Role.SECRETARY, reverse("members:list"), HISTORY)
    assert MOVER_NAME in page and reverse("members:detail", args=["M-CHUYEN"]) not in page
    assert reverse("members:detail", args=["M-TRONG"]) in page
    printed = _get(world, Role.SECRETARY, reverse("members:print"), HISTORY)
    assert "Chi bộ khu phố 2" not in printed and "05/05/1980" in printed
    # Today he is W2's: not on W1's list at all.
    assert MOVER_NAME not in _get(world, Role.SECRETARY, reverse("members:list"), {"org": "W1"})


@pytest.mark.parametrize("route", ["oversight:case_close", "oversight:decision_create"])
def test_a_refused_confidential_read_records_no_read(world, db, route):
    case = world.sides["in"].case
    reads = AuditEntry.objects.filter(action="oversight.disciplinecase.read", object_id=str(case.pk))
    before = reads.count()
    standing, committee = world.clients[Role.STANDING_MEMBER], world.clients[Role.COMMITTEE_MEMBER]
    # The standing member may read the case but not act on it: the form is a 404, and no read is recorded.
    assert standing.get(reverse(route, args=[case.pk])).status_code == 404
    assert committee.get(reverse("oversight:case", args=[case.pk])).status_code == 404
    assert reads.count() == before
    assert standing.get(reverse("oversight:case", args=[case.pk])).status_code == 200
    assert reads.count() == before + 1


def test_a_refused_decision_form_records_no_read(world, db):
    decision = world.sides["in"].decision
    reads = AuditEntry.objects.filter(action="oversight.disciplinedecision.read", object_id=str(decision.pk))
    before = reads.count()
    client = world.clients[Role.STANDING_MEMBER]
    assert client.get(reverse("oversight:appeal_create", args=[decision.pk])).status_code == 404
    appeal = world.sides["in"].appeal
    assert client.get(reverse("oversight:appeal_decide", args=[appeal.pk])).status_code == 404
    assert reads.count() == before
