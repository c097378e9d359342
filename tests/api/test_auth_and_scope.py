import datetime as dt

import pytest
from django.utils import timezone

from dangvu.accounts.models import ApiToken

from .conftest import bearer


def test_without_token_is_401(client, hoa):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"]
    assert "Authorization" in response.json()["detail"]


def test_unknown_token_is_401(client, hoa):
    assert client.get("/api/me", **bearer("not-a-token")).status_code == 401


def test_session_login_does_not_open_the_api(client, hoa):
    client.force_login(hoa)
    assert client.get("/api/organizations").status_code == 401


def test_revoked_token_is_401(client, hoa):
    ApiToken.objects.filter(user=hoa).update(revoked_at=timezone.now())
    assert client.get("/api/me", **bearer(hoa.raw_token)).status_code == 401


def test_inactive_user_is_401(client, hoa):
    hoa.is_active = False
    hoa.save()
    assert client.get("/api/me", **bearer(hoa.raw_token)).status_code == 401


def test_me_names_the_user_and_the_roles_held_today(client, hoa):
    response = client.get("/api/me", **bearer(hoa.raw_token))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "hoa"
    assert body["full_name"] == "Nguyễn Thị Hoa"
    assert [(r["organization"], r["role"]) for r in body["roles"]] == [("W1", "secretary")]


def test_me_leaves_out_a_role_that_ended(client, lan):
    body = client.get("/api/me", **bearer(lan.raw_token)).json()
    assert body["roles"] == []


def test_last_used_is_written_at_most_once_a_minute(client, hoa):
    token = ApiToken.objects.get(user=hoa)
    assert token.last_used_at is None
    client.get("/api/me", **bearer(hoa.raw_token))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/me", **bearer(hoa.raw_token))
    token.refresh_from_db()
    assert token.last_used_at == first
    stale = first - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get("/api/me", **bearer(hoa.raw_token))
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_list_holds_the_ward_and_its_cell_only(client, hoa):
    response = client.get("/api/organizations", **bearer(hoa.raw_token))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [o["code"] for o in body["items"]] == ["W1", "W1-C1"]
    cell = body["items"][1]
    assert cell == {
        "code": "W1-C1", "name": "Chi bộ khu phố 1", "kind": "cell", "parent": "W1",
        "established_on": None, "closed_on": "2030-01-01",
    }


def test_no_role_sees_nothing(client, nam):
    body = client.get("/api/organizations", **bearer(nam.raw_token)).json()
    assert body == {"items": [], "count": 0}


def test_ended_role_sees_nothing(client, lan):
    assert client.get("/api/organizations/W2", **bearer(lan.raw_token)).status_code == 404


@pytest.mark.parametrize("code", ["W1", "W1-C1"])
def test_detail_inside_scope(client, hoa, code):
    response = client.get(f"/api/organizations/{code}", **bearer(hoa.raw_token))
    assert response.status_code == 200
    assert response.json()["code"] == code


@pytest.mark.parametrize("code", ["W2", "T", "NO-SUCH-UNIT"])
def test_detail_outside_scope_is_404_like_an_unknown_code(client, hoa, code):
    response = client.get(f"/api/organizations/{code}", **bearer(hoa.raw_token))
    assert response.status_code == 404
    assert "/" in response.json()["detail"]  # Vietnamese / English


def test_pages(client, hoa):
    body = client.get("/api/organizations?page=2&page_size=1", **bearer(hoa.raw_token)).json()
    assert body["count"] == 2
    assert [o["code"] for o in body["items"]] == ["W1-C1"]


def test_malformed_page_is_400_naming_the_field_in_both_languages(client, hoa):
    response = client.get("/api/organizations?page=two", **bearer(hoa.raw_token))
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["field"] == "query.page"
    assert problem["message_en"] == "Enter a whole number."
    assert problem["message_vi"] and problem["message_vi"] != problem["message_en"]
    assert problem["rule"] == "int_parsing"


def test_page_below_one_is_400(client, hoa):
    response = client.get("/api/organizations?page=0", **bearer(hoa.raw_token))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "query.page"
