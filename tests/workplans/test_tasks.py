"""Tasks: the rules of a task ("rõ người, rõ việc, rõ thời gian"), progress and its roll-up, closing with
evidence, cancelling, and deadline extensions decided only by the assigner."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.workdays import add_working_days
from dangvu.workplans import services
from dangvu.workplans.models import Extension, Status, Task

from .conftest import ASSIGNED

pytestmark = pytest.mark.django_db


def fields_of(exc) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_a_task_has_one_owner_a_unit_a_deadline_and_is_audited(make_task, cast, people):
    task = make_task(cooperating_units=[cast.W1])
    assert (task.owner, task.lead_unit, task.assigned_by, task.status) == (
        people.binh,
        cast.C1,
        cast.secretary,
        Status.NOT_STARTED,
    )
    assert list(task.cooperating_units.all()) == [cast.W1]
    assert AuditEntry.objects.filter(action="task.create", object_id=str(task.pk)).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner": None}, "owner"),
        ({"deadline": dt.date(2024, 2, 28)}, "deadline"),
        ({"deadline": None}, "deadline"),
        ({"product": "  "}, "product"),
        ({"lead_unit": "C2"}, "lead_unit"),
    ],
)
def test_bad_tasks_are_refused_naming_the_field_and_nothing_is_written(make_task, cast, overrides, field):
    if overrides.get("lead_unit") == "C2":
        overrides = {"lead_unit": cast.C2}
    entries = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as exc:
        make_task(**overrides)
    assert field in fields_of(exc)
    assert Task.objects.count() == 0 and AuditEntry.objects.count() == entries


def test_an_owner_outside_the_assigning_committee_is_refused(make_task, people):
    with pytest.raises(InvalidInput) as exc:
        make_task(owner=people.chi)
    assert fields_of(exc) == {"owner"}
    assert "scope" in exc.value.problems[0].rule


def test_a_user_without_scope_cannot_assign(make_task, cast):
    with pytest.raises(NotFound):
        make_task(actor=cast.outsider)
    assert not Task.objects.exists()


def test_a_deadline_in_working_days_uses_the_vietnamese_calendar(make_task):
    # Assigned on Friday 2024-02-02: 10 working days run over Tết (8–14 February 2024); weekdays alone
    # would give 16 February.
    task = make_task(deadline=None, working_days=10, on=dt.date(2024, 2, 2))
    assert task.deadline == add_working_days(dt.date(2024, 2, 2), 10) == dt.date(2024, 2, 23)


@pytest.mark.parametrize("value", [-1, 101, 50.5])
def test_progress_outside_0_100_is_refused(make_task, cast, value):
    task = make_task()
    with pytest.raises(InvalidInput) as exc:
        services.add_progress(actor=cast.cell_secretary, task=task, progress=value, on=dt.date(2024, 3, 5))
    assert fields_of(exc) == {"progress"}
    assert not task.notes.exists()


def test_the_owner_reports_progress_and_100_closes_on_time_or_late(make_task, cast):
    task = make_task()
    services.add_progress(
        actor=cast.cell_secretary, task=task, progress=40, text="Đã rà 40%", on=dt.date(2024, 3, 5)
    )
    task.refresh_from_db()
    assert (task.status, task.progress) == (Status.IN_PROGRESS, 40)
    services.add_progress(actor=cast.cell_secretary, task=task, progress=100, on=dt.date(2024, 3, 31))
    task.refresh_from_db()
    assert (task.status, task.closed_on) == (Status.DONE, dt.date(2024, 3, 31))
    late = make_task(title="Việc trễ")
    services.add_progress(actor=cast.secretary, task=late, progress=100, on=dt.date(2024, 4, 2))
    late.refresh_from_db()
    assert late.status == Status.DONE_LATE


def test_someone_else_cannot_report_on_a_task(make_task, cast):
    task = make_task()
    with pytest.raises(NotFound):
        services.add_progress(actor=cast.outsider, task=task, progress=10, on=dt.date(2024, 3, 5))


def test_a_plan_item_that_requires_evidence_blocks_closing_without_it(make_task, cast):
    plan = services.create_plan(
        actor=cast.secretary,
        organization=cast.W1,
        kind="yearly",
        title="KH 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        on=ASSIGNED,
    )
    item = services.add_plan_item(
        actor=cast.secretary, plan=plan, title="Đề án", requires_evidence=True, on=ASSIGNED
    )
    task = make_task(plan_item=item)
    with pytest.raises(InvalidInput) as exc:
        services.add_progress(actor=cast.cell_secretary, task=task, progress=100, on=dt.date(2024, 3, 20))
    assert fields_of(exc) == {"evidence"}
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED and not task.notes.exists()
    services.add_progress(
        actor=cast.cell_secretary, task=task, progress=100, link="/documents/12-QD/", on=dt.date(2024, 3, 20)
    )
    task.refresh_from_db()
    assert task.status == Status.DONE and task.source == "plan"


def test_subtasks_roll_up_weighted_and_the_parent_closes_only_when_they_are_closed(make_task, cast, people):
    parent = make_task(owner=people.an, lead_unit=cast.W1)
    heavy = make_task(parent=parent, weight=3, title="Phần lớn")
    light = make_task(parent=parent, weight=1, title="Phần nhỏ")
    dropped = make_task(parent=parent, weight=5, title="Phần bỏ")
    services.cancel_task(actor=cast.secretary, task=dropped, reason="Không còn cần thiết",
                         on=dt.date(2024, 3, 2))
    services.add_progress(actor=cast.cell_secretary, task=heavy, progress=100, on=dt.date(2024, 3, 10))
    parent.refresh_from_db()
    assert parent.progress == 75  # (3×100 + 1×0) / 4; the cancelled one is left out
    with pytest.raises(InvalidInput) as exc:
        services.add_progress(actor=cast.secretary, task=parent, progress=100, on=dt.date(2024, 3, 11))
    assert fields_of(exc) == {"status"}
    with pytest.raises(InvalidInput):
        services.add_progress(actor=cast.secretary, task=parent, progress=30, on=dt.date(2024, 3, 11))
    services.add_progress(actor=cast.cell_secretary, task=light, progress=50, on=dt.date(2024, 3, 12))
    parent.refresh_from_db()
    assert parent.progress == round((300 + 50) / 4)
    services.add_progress(actor=cast.cell_secretary, task=light, progress=100, on=dt.date(2024, 3, 13))
    services.add_progress(actor=cast.secretary, task=parent, progress=100, on=dt.date(2024, 3, 14))
    parent.refresh_from_db()
    assert parent.status == Status.DONE and parent.progress == 100


def test_cancelling_needs_a_reason(make_task, cast):
    task = make_task()
    with pytest.raises(InvalidInput) as exc:
        services.cancel_task(actor=cast.secretary, task=task, reason=" ", on=dt.date(2024, 3, 2))
    assert fields_of(exc) == {"cancel_reason"}
    services.cancel_task(actor=cast.secretary, task=task, reason="Trùng việc", on=dt.date(2024, 3, 2))
    task.refresh_from_db()
    assert (task.status, task.cancel_reason, task.closed_on) == (
        Status.CANCELLED,
        "Trùng việc",
        dt.date(2024, 3, 2),
    )


def test_an_extension_moves_the_deadline_only_when_the_assigner_approves(make_task, cast, people):
    cast.office.member = people.an
    cast.office.save()
    task = make_task()
    ext = services.request_extension(
        actor=cast.cell_secretary,
        task=task,
        new_deadline=dt.date(2024, 4, 15),
        reason="Chờ số liệu của các chi bộ",
        on=dt.date(2024, 3, 25),
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 3, 31)
    # The office holds tasks.assign on W1 but did not assign this task.
    with pytest.raises(InvalidInput) as exc:
        services.decide_extension(actor=cast.office, extension=ext, approve=True, on=dt.date(2024, 3, 26))
    assert fields_of(exc) == {"decided_by"}
    ext.refresh_from_db()
    task.refresh_from_db()
    assert ext.status == "pending" and task.deadline == dt.date(2024, 3, 31)
    services.decide_extension(actor=cast.secretary, extension=ext, approve=True, on=dt.date(2024, 3, 26))
    task.refresh_from_db()
    assert task.deadline == dt.date(2024, 4, 15)
    actions = list(AuditEntry.objects.filter(object_id=str(task.pk)).values_list("action", flat=True))
    assert "task.extension.request" in actions and "task.extension.decide" in actions


def test_an_extension_needs_a_reason_and_a_later_date(make_task, cast):
    task = make_task()
    with pytest.raises(InvalidInput) as exc:
        services.request_extension(
            actor=cast.cell_secretary, task=task, new_deadline=dt.date(2024, 3, 30), reason="",
                                   on=dt.date(2024, 3, 25)
        )
    assert fields_of(exc) == {"reason", "new_deadline"}
    assert not Extension.objects.exists()
