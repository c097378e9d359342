"""The pages: "my tasks" with progress in two taps, scope (404 outside), the board, the plan with its
targets, the directive follow-up and its exports, the accountability page and the home page's item."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.workplans import services
from dangvu.workplans.models import Status

from .conftest import ASSIGNED

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_my_tasks_on_a_phone_progress_in_two_taps(make_task, cast):
    task = make_task(deadline=dt.date(2099, 1, 1))
    client = client_for(cast.cell_secretary)
    page = client.get(reverse("workplans:mine"))
    assert page.status_code == 200 and task.title in page.content.decode()
    response = client.post(reverse("workplans:progress", args=[task.pk]), {"progress": "50", "next": "mine"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.progress, task.status) == (50, Status.IN_PROGRESS)


def test_a_bad_progress_posted_is_refused_and_nothing_changes(make_task, cast):
    task = make_task(deadline=dt.date(2099, 1, 1))
    client_for(cast.cell_secretary).post(reverse("workplans:progress", args=[task.pk]), {"progress": "150"})
    task.refresh_from_db()
    assert task.progress == 0 and not task.notes.exists()


def test_a_task_outside_the_scope_is_a_404(make_task, cast):
    task = make_task()
    client = client_for(cast.outsider)
    assert client.get(reverse("workplans:task", args=[task.pk])).status_code == 404
    assert client.post(reverse("workplans:progress", args=[task.pk]), {"progress": "50"}).status_code == 404
    assert client_for(cast.secretary).get(reverse("workplans:task", args=[task.pk])).status_code == 200


def test_board_plan_directive_and_accountability_pages(make_task, cast):
    plan = services.create_plan(
        actor=cast.secretary,
        organization=cast.W1,
        kind="yearly",
        title="KH 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        on=ASSIGNED,
    )
    item = services.add_plan_item(actor=cast.secretary, plan=plan, title="Rà soát", on=ASSIGNED)
    services.add_target(
        actor=cast.secretary, plan=plan, title="Kết nạp mới", goal=5, measure="members_admitted", on=ASSIGNED
    )
    directive = services.record_directive(
        actor=cast.secretary,
        organization=cast.W1,
        kind="directive",
        issuer="Thị ủy",
        issued_on=ASSIGNED,
        title="Chỉ thị thử",
        items=["Việc một"],
        on=ASSIGNED,
    )
    make_task(plan_item=item, title="Việc của kế hoạch")
    make_task(directive_item=directive.items.get(), title="Việc của chỉ thị")
    client = client_for(cast.secretary)
    board = client.get(reverse("workplans:board"), {"status": "overdue", "source": "plan"}).content.decode()
    assert "Việc của kế hoạch" in board and "Việc của chỉ thị" not in board
    plan_page = client.get(reverse("workplans:plan", args=[plan.pk]), {"on": "2024-06-30"}).content.decode()
    assert "Kết nạp mới" in plan_page and "Việc của kế hoạch" in plan_page
    assert (
        "Việc của chỉ thị" in client.get(reverse("workplans:directive", args=[directive.pk])).content.decode()
    )
    for fmt in ("xlsx", "docx"):
        response = client.get(reverse("workplans:directive_export", args=[directive.pk, fmt]))
        assert response.status_code == 200 and response.content[:2] == b"PK"
    assert (
        client.get(
            reverse("workplans:accountability"), {"date_from": "2024-01-01", "date_to": "2024-12-31"}
        ).status_code
        == 200
    )
    assert client_for(cast.outsider).get(reverse("workplans:plan", args=[plan.pk])).status_code == 404


def test_the_home_page_counts_my_overdue_tasks(make_task, cast):
    from dangvu.reports.home import items_for

    make_task(deadline=dt.date(2024, 3, 31))
    labels = {str(i.label): i.count for i in items_for(cast.cell_secretary)}
    assert 1 in labels.values()
