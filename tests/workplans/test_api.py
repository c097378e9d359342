"""Tasks in the REST API with bearer tokens: the list with its filters and the scope, one task, progress
by the owner or the assigner (bilingual 400 for a bad value, nothing written), and the overdue list equal
to `dangvu tasks overdue --json`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from dangvu.accounts.services import create_api_token
from dangvu.workplans.models import ProgressNote, Status

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = create_api_token(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def tasks(make_task, cast, people):
    """An overdue task of C1 (deadline 2024-03-31) owned by Bình, and an open one of W1 owned by An."""
    late = make_task(title="Rà soát hồ sơ", cooperating_units=[cast.W1])
    current = make_task(title="Chuẩn bị đại hội", owner=people.an, lead_unit=cast.W1,
                        deadline=dt.date(2099, 1, 1))
    return late, current


def test_without_a_token_the_api_is_closed(client, tasks):
    assert client.get("/api/tasks").status_code == 401


def test_the_list_with_its_filters(client, cast, tasks):
    late, current = tasks
    auth = bearer(cast.secretary)
    body = client.get("/api/tasks", **auth).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["id"], first["owner_code"], first["unit"], first["committee"], first["status"]) == (
        late.pk,
        "DV-BINH",
        "C1",
        "W1",
        "overdue",
    )
    assert first["cooperating_units"] == ["W1"] and first["source"] == "none"
    only_c1 = client.get("/api/tasks", {"org": "C1"}, **auth).json()
    assert [t["id"] for t in only_c1["items"]] == [late.pk]
    overdue = client.get("/api/tasks", {"status": "overdue"}, **auth).json()
    assert [t["id"] for t in overdue["items"]] == [late.pk]
    on_day = client.get("/api/tasks", {"overdue_on": "2024-03-31"}, **auth).json()
    assert on_day["count"] == 0  # the deadline day itself is still on time
    on_day = client.get("/api/tasks", {"overdue_on": "2024-04-01"}, **auth).json()
    assert [t["id"] for t in on_day["items"]] == [late.pk]
    refused = client.get("/api/tasks", {"status": "lost"}, **auth)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "query.status"


def test_the_list_is_limited_to_the_scope(client, cast, tasks):
    auth = bearer(cast.outsider)
    assert client.get("/api/tasks", **auth).json()["count"] == 0
    assert client.get("/api/tasks", {"org": "W1"}, **auth).status_code == 404
    # the cell secretary sees the tasks led by C1 and, as Bình, his own
    mine = client.get("/api/tasks", **bearer(cast.cell_secretary)).json()
    assert [t["owner_code"] for t in mine["items"]] == ["DV-BINH"]


def test_one_task_and_the_404_outside_the_scope(client, cast, tasks):
    late, _current = tasks
    body = client.get(f"/api/tasks/{late.pk}", **bearer(cast.secretary)).json()
    assert (body["title"], body["product"], body["notes"], body["subtasks"]) == (
        "Rà soát hồ sơ",
        "Báo cáo rà soát",
        [],
        [],
    )
    assert client.get(f"/api/tasks/{late.pk}", **bearer(cast.outsider)).status_code == 404
    assert client.get("/api/tasks/999999", **bearer(cast.secretary)).status_code == 404


def test_the_owner_reports_progress(client, cast, tasks):
    late, _current = tasks
    response = client.post(
        f"/api/tasks/{late.pk}/progress",
        {"progress": 40, "note": "Đã rà soát 20 hồ sơ"},
        content_type="application/json",
        **bearer(cast.cell_secretary),
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["progress"], body["notes"][0]["text"], body["notes"][0]["progress"]) == (
        40,
        "Đã rà soát 20 hồ sơ",
        40,
    )
    late.refresh_from_db()
    assert (late.progress, late.status) == (40, Status.IN_PROGRESS)


def test_the_assigner_closes_it_late(client, cast, tasks):
    late, _current = tasks
    response = client.post(
        f"/api/tasks/{late.pk}/progress",
        {"progress": 100},
        content_type="application/json",
        **bearer(cast.secretary),
    )
    assert response.status_code == 201 and response.json()["status"] == Status.DONE_LATE


def test_progress_120_is_a_bilingual_400_and_writes_nothing(client, cast, tasks):
    late, _current = tasks
    response = client.post(
        f"/api/tasks/{late.pk}/progress",
        {"progress": 120},
        content_type="application/json",
        **bearer(cast.cell_secretary),
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"].endswith("progress")  # the schema's bound (0..100), as documented
    assert error["message_en"] == "The value is too large."
    assert error["message_vi"] and error["message_vi"] != error["message_en"]
    missing = client.post(
        f"/api/tasks/{late.pk}/progress", {}, content_type="application/json", **bearer(cast.cell_secretary)
    )
    assert missing.status_code == 400
    late.refresh_from_db()
    assert late.progress == 0 and not ProgressNote.objects.exists()


def test_progress_outside_the_scope_is_a_404(client, cast, tasks):
    late, _current = tasks
    response = client.post(
        f"/api/tasks/{late.pk}/progress",
        {"progress": 50},
        content_type="application/json",
        **bearer(cast.outsider),
    )
    assert response.status_code == 404 and not ProgressNote.objects.exists()


def test_the_overdue_list_is_the_one_of_the_command(client, cast, tasks):
    out = StringIO()
    call_command("tasks", "overdue", "--org", "W1", "--on", "2024-04-10", "--json", stdout=out)
    expected = json.loads(out.getvalue())
    assert [row["days_overdue"] for row in expected] == [10]
    response = client.get("/api/tasks/overdue", {"org": "W1", "on": "2024-04-10"}, **bearer(cast.secretary))
    assert response.status_code == 200 and response.json() == expected
    assert client.get("/api/tasks/overdue", {"org": "W1"}, **bearer(cast.outsider)).status_code == 404
    assert client.get("/api/tasks/overdue", {"org": "NOPE"}, **bearer(cast.secretary)).status_code == 404
