"""The API's error shape for the project's own errors, through the handlers registered on the API."""

import json

from django.http import Http404
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from dangvu.core.api import api
from dangvu.core.errors import Forbidden, InvalidInput, NotFound, Problem


def _answer(exc):
    response = api.on_exception(RequestFactory().get("/api/x"), exc)
    return response.status_code, json.loads(response.content)


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


def test_not_found_and_http404_are_404_with_detail():
    assert _answer(NotFound(_("Not found."))) == (404, {"detail": "Không tìm thấy. / Not found."})
    assert _answer(Http404()) == (404, {"detail": "Không tìm thấy. / Not found."})


def test_forbidden_is_403():
    status, body = _answer(Forbidden(_("Not found.")))
    assert status == 403
    assert "detail" in body
