"""Optimistic locking (core.concurrency): an edit sent with the version it was read at passes and moves the
version; the same edit sent again with the old version is a Conflict that names the fields with their
current values, writes nothing and is a 409 in the API's error shape."""

import json

import pytest
from django.test import RequestFactory

from dangvu.audit.models import AuditEntry
from dangvu.core.api import api
from dangvu.core.errors import Conflict
from dangvu.organizations import services as organizations

pytestmark = pytest.mark.django_db


def test_a_fresh_edit_passes_and_a_stale_one_is_refused_with_what_changed(cast):
    read_at = cast.W1.version
    first = organizations.update_organization(actor=cast.secretary, organization=cast.W1,
                                              expected_version=read_at, place_name="Phường Một")
    assert first.version == read_at + 1
    entries = AuditEntry.objects.count()
    with pytest.raises(Conflict) as refused:
        organizations.update_organization(actor=cast.secretary, organization=cast.W1,
                                          expected_version=read_at, place_name="Phường Khác")
    assert refused.value.current_version == read_at + 1
    fields = {p.field: p for p in refused.value.problems}
    assert {"version", "place_name"} <= set(fields)
    assert "Phường Một" in fields["place_name"].render("en")
    assert fields["place_name"].render("vi") != fields["place_name"].render("en")
    cast.W1.refresh_from_db()
    assert cast.W1.place_name == "Phường Một" and AuditEntry.objects.count() == entries  # nothing written
    again = organizations.update_organization(actor=cast.secretary, organization=cast.W1,
                                              expected_version=refused.value.current_version,
                                              place_name="Phường Khác")
    assert again.place_name == "Phường Khác" and again.version == read_at + 2


def test_without_a_version_the_edit_still_moves_it(cast):
    read_at = cast.W1.version
    organizations.update_organization(actor=cast.secretary, organization=cast.W1, abbreviation="PM")
    cast.W1.refresh_from_db()
    assert cast.W1.version == read_at + 1


def test_a_conflict_is_a_409_in_the_api_error_shape(cast):
    organizations.update_organization(actor=cast.secretary, organization=cast.W1, abbreviation="PM")
    with pytest.raises(Conflict) as refused:
        organizations.update_organization(actor=cast.secretary, organization=cast.W1, expected_version=1,
                                          abbreviation="X")
    response = api.on_exception(RequestFactory().post("/api/x"), refused.value)
    body = json.loads(response.content)
    assert response.status_code == 409 and set(body) == {"detail", "errors"}
    assert {e["rule"] for e in body["errors"]} == {"stale_version"}
