"""The register in the REST API, with bearer tokens: list, detail, events, and the stats of the CLI."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command
from django.test import Client

from dangvu.members.figures import member_figures
from dangvu.members.models import MemberEvent

from .conftest import token_for


def get(user, path, **params):
    return Client().get(path, params, **token_for(user))


def post(user, path, body):
    return Client().post(path, json.dumps(body), content_type="application/json", **token_for(user))


def test_list_is_scoped_filtered_and_paginated(register):
    data = get(register.secretary, "/api/members").json()
    assert [m["code"] for m in data["items"]] == ["M-00001", "M-00002"] and data["count"] == 2
    assert data["items"][0]["organization"] == "C1" and data["items"][0]["birth_year"] == 1990
    found = get(register.secretary, "/api/members", q="dang", status="official").json()
    assert [m["full_name"] for m in found["items"]] == ["Đặng Thị Bình"]
    assert get(register.outsider, "/api/members", org="C1").status_code == 404
    assert [m["code"] for m in get(register.outsider, "/api/members").json()["items"]] == ["M-00003"]
    assert get(register.observer, "/api/members").status_code == 404  # personal data: never for observers
    bad = get(register.secretary, "/api/members", status="nonsense")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "query.status"
    assert Client().get("/api/members").status_code == 401


def test_detail_has_the_profile_and_the_events(register):
    data = get(register.cell_secretary, "/api/members/M-00001").json()
    assert data["full_name"] == "Nguyễn Văn An" and data["status"] == "probationary"
    [admission] = data["events"]
    assert admission["kind"] == "admission" and admission["on"] == "2017-03-15"
    assert admission["decision_number"] == "12-QĐ/ĐU" and admission["validated"] is True
    assert get(register.outsider, "/api/members/M-00001").status_code == 404
    assert get(register.observer, "/api/members/M-00001").status_code == 404
    assert get(register.secretary, "/api/members/NOPE").status_code == 404


def test_posting_an_event_calls_the_service(register):
    response = post(register.secretary, "/api/members/M-00001/events", {
        "kind": "transfer", "on": "2024-06-03", "organization": "C3", "decision_number": "45-GGT/ĐU",
        "decision_date": "2024-05-30"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "transfer" and response.json()["organization"] == "C3"
    register.an.refresh_from_db()
    assert register.an.organization_id == register.C3.id
    assert member_figures(register.C3.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31))["transferred_in"] == 1


def test_a_refused_event_is_400_with_both_languages_and_writes_nothing(register):
    count = MemberEvent.objects.count()
    response = post(register.secretary, "/api/members/M-00001/events",
                    {"kind": "transfer", "on": "2019-06-03", "organization": "SHUT"})
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["field"] == "organization" and "does not exist on this date" in problem["message_en"]
    assert problem["message_vi"] != problem["message_en"]
    assert post(register.secretary, "/api/members/M-00001/events", {"kind": "nonsense"}).status_code == 400
    assert post(register.outsider, "/api/members/M-00001/events",
                {"kind": "death", "on": "2024-01-01"}).status_code == 404
    assert MemberEvent.objects.count() == count


def _cli(org, date_from, date_to):
    out = StringIO()
    call_command("stats", "--org", org, "--from", date_from, "--to", date_to, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_stats_equal_the_cli(register):
    api = get(register.observer, "/api/stats", org="T", **{"from": "2017-01-01", "to": "2017-12-31"})
    assert api.status_code == 200
    assert api.json() == _cli("T", "2017-01-01", "2017-12-31")
    assert api.json()["members"]["admitted"] == 1 and api.json()["members"]["at_end"] == 3
    ward = get(register.secretary, "/api/stats", org="W1", **{"from": "2017-01-01", "to": "2017-12-31"})
    assert ward.json() == _cli("W1", "2017-01-01", "2017-12-31")
    assert get(register.secretary, "/api/stats", org="W2", **{"from": "2017-01-01", "to": "2017-12-31"}
               ).status_code == 404
    reversed_period = get(register.observer, "/api/stats", org="T",
                          **{"from": "2018-01-01", "to": "2017-01-01"})
    assert reversed_period.status_code == 400 and reversed_period.json()["errors"][0]["field"] == "from"
