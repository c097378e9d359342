"""Optimistic locking (core.concurrency): a write read at the current version passes and moves the version;
a stale one is a Conflict that names the editable fields with their current values (Vietnamese and
English) and the version to send again, and is a 409 in the API's error shape. No model carries a
`version` yet (issue 9.4 is not finished): the helper is tested on a stand-in record."""

import json
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from dangvu.core.api import api
from dangvu.core.concurrency import bump, check_version
from dangvu.core.errors import Conflict


def _record(version=3):
    return SimpleNamespace(version=version, place_name="Phường Một", abbreviation="")


def test_the_version_read_passes_and_moves_on():
    record = _record()
    check_version(record, 3, ["place_name"])
    check_version(record, None, ["place_name"])  # callers that read and write in one step
    bump(record)
    assert record.version == 4


def test_a_stale_version_is_refused_with_the_values_now():
    with pytest.raises(Conflict) as refused:
        check_version(_record(), 2, ["place_name", "abbreviation"])
    assert refused.value.current_version == 3
    problems = {p.field: p for p in refused.value.problems}
    assert set(problems) == {"version", "place_name", "abbreviation"}
    assert "Phường Một" in problems["place_name"].render("en")
    assert problems["place_name"].render("vi") != problems["place_name"].render("en")
    assert problems["abbreviation"].render("en").endswith("now: — [stale_version]")


def test_a_conflict_is_a_409_in_the_api_error_shape():
    with pytest.raises(Conflict) as refused:
        check_version(_record(), 1, ["place_name"])
    response = api.on_exception(RequestFactory().post("/api/x"), refused.value)
    body = json.loads(response.content)
    assert response.status_code == 409 and set(body) == {"detail", "errors"}
    assert {e["rule"] for e in body["errors"]} == {"stale_version"}
