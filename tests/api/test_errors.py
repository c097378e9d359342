"""Every error of the API is JSON of one shape ({"detail", "errors"}), from the project's own errors, from
django-ninja's validation, and from what happens outside an operation: an unknown route, a method the path
does not take, a number past the database's integers, an unexpected exception (logged without personal
data)."""

import json
import logging

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.core.api import api
from dangvu.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem

from .conftest import bearer


def _answer(exc):
    response = api.on_exception(RequestFactory().get("/api/x"), exc)
    return response.status_code, json.loads(response.content)


def _is_error_shape(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    return body


def test_invalid_input_is_400_with_every_problem():
    exc = InvalidInput(
        [Problem("code", _("This field is required."), "R1"), Problem("name", _("Not found."))]
    )
    status, body = _answer(exc)
    assert status == 400
    errors = body["errors"]
    assert [e["field"] for e in errors] == ["code", "name"]
    assert errors[0]["rule"] == "R1"
    assert errors[0]["message_en"] == "This field is required."
    assert errors[0]["message_vi"] == "Trường này là bắt buộc."
    assert body["detail"].endswith("/ Invalid input.")


def test_not_found_and_http404_are_404_with_detail():
    expected = (404, {"detail": "Không tìm thấy. / Not found.", "errors": []})
    assert _answer(NotFound(_("Not found."))) == expected
    assert _answer(Http404()) == expected


def test_forbidden_is_403():
    status, body = _answer(Forbidden(_("Not found.")))
    assert status == 403
    assert body["errors"] == []


def test_conflict_is_409_with_the_fields_changed():
    exc = Conflict([Problem("name", _("Not found."), "stale_version")], current_version=4,
                   summary=_("Not found."))
    status, body = _answer(exc)
    assert status == 409
    assert [e["field"] for e in body["errors"]] == ["name"]


@pytest.mark.parametrize("path", [
    "/api/members?page=99999999999999999999",
    "/api/organizations?page=99999999999999999999",
    "/api/tasks?page=99999999999999999999",
    "/api/oversight/reviews?page=99999999999999999999",
    "/api/oversight/recommendations?page=99999999999999999999",
    "/api/organizations?page_size=99999999999999999999",
])
def test_a_page_past_the_database_integers_is_400(client, hoa, path):
    response = client.get(path, **bearer(hoa.raw_token))
    assert response.status_code == 400
    body = _is_error_shape(response)
    assert body["errors"][0]["field"].startswith("query.page")
    assert body["errors"][0]["message_en"] == "The value is too large."


@pytest.mark.parametrize("path", ["/api/tasks/99999999999999999999", "/api/tasks/0"])
def test_an_id_past_the_database_integers_is_400(client, hoa, path):
    response = client.get(path, **bearer(hoa.raw_token))
    assert response.status_code == 400
    assert _is_error_shape(response)["errors"][0]["field"] == "path.task_id"


def test_a_year_past_the_calendar_is_400(client, hoa):
    response = client.get("/api/oversight/reviews?year=100000", **bearer(hoa.raw_token))
    assert response.status_code == 400
    assert _is_error_shape(response)["errors"][0]["field"] == "query.year"


def test_a_parameter_sent_twice_is_refused(client, hoa):
    response = client.get("/api/tasks?overdue_on=2024-01-01&overdue_on=2024-02-01", **bearer(hoa.raw_token))
    assert response.status_code == 400
    assert _is_error_shape(response)["errors"][0]["field"] == "query.overdue_on"
    assert client.get("/api/tasks?overdue_on=2024-01-01", **bearer(hoa.raw_token)).status_code == 200


@pytest.mark.parametrize("path", ["/api/nowhere", "/api/members/", "/api/", "/api/tasks/1/nothing"])
def test_an_unknown_route_is_a_json_404(client, hoa, path):
    for method in (client.get, client.post, client.delete):
        response = method(path, **bearer(hoa.raw_token))
        assert response.status_code == 404
        assert _is_error_shape(response)["detail"] == "Không tìm thấy. / Not found."


def test_a_method_the_path_does_not_take_is_a_json_405_with_allow(client, hoa):
    response = client.delete("/api/members", **bearer(hoa.raw_token))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert "Method not allowed." in _is_error_shape(response)["detail"]


def test_a_body_that_is_not_json_is_400(client, hoa):
    response = client.post("/api/tasks/1/progress", data="{not json", content_type="application/json",
                           **bearer(hoa.raw_token))
    assert response.status_code == 400
    _is_error_shape(response)


def test_an_unexpected_exception_is_a_json_500_logged_without_personal_data(client, hoa, monkeypatch, caplog):
    secret = "Nguyễn Văn Bí mật 001234567890"

    def broken(user):
        raise RuntimeError(secret)

    monkeypatch.setattr(access, "roles_held", broken)
    with caplog.at_level(logging.INFO):
        response = client.get("/api/me", **bearer(hoa.raw_token))
    assert response.status_code == 500
    body = _is_error_shape(response)
    assert secret not in body["detail"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RuntimeError" in logged and "api.py" in logged  # enough to find the fault
    error_id = body["detail"].rsplit(" ", 1)[-1]
    assert error_id in logged  # the answer's id leads to the log line
    assert secret not in logged and "Bí mật" not in logged and "001234567890" not in logged
    assert [r.name for r in caplog.records if r.levelno >= logging.ERROR] == ["dangvu.api"]  # logged once


def test_an_unknown_query_parameter_is_400_naming_it(client, hoa):
    response = client.get("/api/tasks?overdu=true", **bearer(hoa.raw_token))
    assert response.status_code == 400
    assert [e["field"] for e in _is_error_shape(response)["errors"]] == ["query.overdu"]


def test_the_schema_documents_the_errors_and_the_enumerations(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "401", "403", "404"} | ({"409"} if method != "get" else set())
            assert expected <= set(operation["responses"]), (method, path)
            for status in expected:
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    components = schema["components"]["schemas"]
    assert components["OrgKind"]["enum"][0] == "committee"
    assert "overdue" in components["TaskStatus"]["enum"]
    assert components["TaskOut"]["properties"]["status"]["$ref"].endswith("/TaskStatus")
    page = next(p for p in schema["paths"]["/api/members"]["get"]["parameters"] if p["name"] == "page")
    assert page["schema"]["maximum"] == 10_000_000
