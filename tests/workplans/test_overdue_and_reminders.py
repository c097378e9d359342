"""`dangvu tasks overdue` (CONTRACT.md "Tasks"), the reminders command (run twice: one reminder), the
accountability figures, measured and reported targets, and the directive follow-up exports."""

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command

from dangvu.core.errors import InvalidInput
from dangvu.workplans import exports, reminders, selectors, services
from dangvu.workplans.models import Notice, Task

from .conftest import ASSIGNED

pytestmark = pytest.mark.django_db


def overdue_json(org, on):
    out = io.StringIO()
    call_command("tasks", "overdue", "--org", org, "--on", on, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_overdue_starts_the_day_after_the_deadline(make_task, cast, people):
    task = make_task(deadline=dt.date(2024, 3, 31))
    assert overdue_json("W1", "2024-03-31") == []
    rows = overdue_json("W1", "2024-04-03")
    assert rows == [
        {
            "id": task.pk,
            "title": task.title,
            "owner": "Trần Văn Bình",
            "owner_code": "DV-BINH",
            "unit": "C1",
            "committee": "W1",
            "deadline": "2024-03-31",
            "days_overdue": 3,
            "source": "none",
        }
    ]
    assert overdue_json("C1", "2024-04-03")[0]["id"] == task.pk
    assert overdue_json("W2", "2024-04-03") == []


def test_a_task_done_later_was_overdue_before_and_an_extension_does_not_rewrite_history(make_task, cast):
    task = make_task(deadline=dt.date(2024, 3, 31))
    ext = services.request_extension(
        actor=cast.cell_secretary,
        task=task,
        new_deadline=dt.date(2024, 4, 30),
        reason="Thiếu số liệu",
        on=dt.date(2024, 4, 2),
    )
    services.decide_extension(actor=cast.secretary, extension=ext, approve=True, on=dt.date(2024, 4, 5))
    services.add_progress(actor=cast.cell_secretary, task=task, progress=100, on=dt.date(2024, 4, 20))
    assert [r["days_overdue"] for r in overdue_json("W1", "2024-04-03")] == [3]  # the old deadline held then
    assert overdue_json("W1", "2024-04-06") == []  # extended on 5 April
    assert overdue_json("W1", "2024-05-10") == []  # done on 20 April


@pytest.mark.parametrize(
    ("args", "code"), [(["--org", "NOPE"], 3), (["--org", "T", "--on", "2024-02-30"], 2)]
)
def test_unknown_org_exits_3_and_a_bad_date_exits_2(cast, args, code):
    from dangvu.workplans.management.commands.tasks import Command

    command = Command(stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(SystemExit) as exc:
        command.run_from_argv(["dangvu", "tasks", "overdue", *args, "--json"])
    assert exc.value.code == code


def test_reminders_run_twice_send_once(make_task, cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    soon = make_task(deadline=dt.date(2024, 4, 2), title="Sắp đến hạn")
    late = make_task(deadline=dt.date(2024, 3, 20), title="Đã quá hạn")
    out = io.StringIO()
    call_command("tasks", "remind", "--on", "2024-03-31", "--escalate-after", "7", stdout=out)
    call_command("tasks", "remind", "--on", "2024-03-31", "--escalate-after", "7", stdout=out)
    notices = sorted(Notice.objects.values_list("task_id", "kind", "recipient__username"))
    assert notices == sorted(
        [
            (soon.pk, "due_soon", "cell_secretary"),
            (late.pk, "overdue", "cell_secretary"),
            (late.pk, "escalation", "secretary"),
        ]
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "binh@example.invalid",
        "binh@example.invalid",
        "hoa@example.invalid",
    ]
    assert selectors.inbox(cast.cell_secretary).count() == 2


def test_an_approved_extension_arms_the_reminders_again(make_task, cast):
    task = make_task(deadline=dt.date(2024, 3, 20))
    reminders.run(dt.date(2024, 3, 22), before=3, after=30)
    ext = services.request_extension(
        actor=cast.cell_secretary,
        task=task,
        new_deadline=dt.date(2024, 4, 10),
        reason="Chờ ý kiến",
        on=dt.date(2024, 3, 22),
    )
    services.decide_extension(actor=cast.secretary, extension=ext, approve=True, on=dt.date(2024, 3, 23))
    assert reminders.run(dt.date(2024, 4, 12), before=3, after=30).overdue == 1
    assert reminders.run(dt.date(2024, 4, 12), before=3, after=30).overdue == 0


def test_accountability_per_person_and_unit(make_task, cast, people):
    on_time = make_task(deadline=dt.date(2024, 3, 31))
    late = make_task(deadline=dt.date(2024, 3, 20))
    make_task(deadline=dt.date(2024, 3, 25), owner=people.an, lead_unit=cast.W1)  # never done
    cancelled = make_task(deadline=dt.date(2024, 3, 28))
    services.add_progress(actor=cast.cell_secretary, task=on_time, progress=100, on=dt.date(2024, 3, 30))
    services.add_progress(actor=cast.cell_secretary, task=late, progress=100, on=dt.date(2024, 3, 24))
    services.cancel_task(actor=cast.secretary, task=cancelled, reason="Trùng", on=dt.date(2024, 3, 10))
    figures = selectors.accountability(Task.objects.all(), dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    people_rows = {r["code"]: r for r in figures["people"]}
    assert people_rows["DV-BINH"] == {
        "code": "DV-BINH",
        "name": "Trần Văn Bình",
        "assigned": 2,
        "on_time": 1,
        "late": 1,
        "overdue": 0,
        "cancelled": 1,
        "average_delay": 4.0,
    }
    assert people_rows["DV-AN"]["overdue"] == 1 and people_rows["DV-AN"]["average_delay"] == 6.0
    units = {r["code"]: r["assigned"] for r in figures["units"]}
    assert units == {"C1": 2, "W1": 1}


def test_targets_measured_live_and_reported_by_hand(cast, people):
    from dangvu.members import services as members

    plan = services.create_plan(
        actor=cast.secretary,
        organization=cast.W1,
        kind="yearly",
        title="KH 2024",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        on=ASSIGNED,
    )
    admitted = services.add_target(
        actor=cast.secretary, plan=plan, title="Kết nạp", goal=2, measure="members_admitted", on=ASSIGNED
    )
    manual = services.add_target(
        actor=cast.secretary, plan=plan, title="Đánh giá bí thư", goal=100, on=ASSIGNED
    )
    members.admit(
        actor=None,
        code="DV-NEW",
        full_name="Đỗ Văn Mới",
        birth_date=dt.date(2000, 1, 1),
        sex="male",
        organization=cast.C1,
        on=dt.date(2024, 5, 10),
    )
    assert selectors.target_value(admitted, dt.date(2024, 5, 9)) == 0
    assert selectors.target_value(admitted, dt.date(2024, 6, 1)) == 1
    assert selectors.target_value(manual, dt.date(2024, 6, 1)) is None
    with pytest.raises(InvalidInput) as exc:
        services.report_target(actor=cast.secretary, target=manual, on=dt.date(2024, 6, 1), value=50,
                               evidence="")
    assert exc.value.problems[0].field == "evidence"
    services.report_target(actor=cast.secretary, target=manual, on=dt.date(2024, 6, 1), value=50,
                           evidence="BC 3")
    assert selectors.target_value(manual, dt.date(2024, 6, 2)) == 50


def test_directive_follow_up_exports(make_task, cast):
    directive = services.record_directive(
        actor=cast.secretary,
        organization=cast.W1,
        kind="conclusion",
        issuer="Thị ủy",
        issued_on=dt.date(2024, 2, 20),
        title="Kết luận",
        items=["Rà soát hồ sơ", "Kiện toàn chi bộ"],
        on=ASSIGNED,
    )
    first = directive.items.get(position=1)
    task = make_task(directive_item=first)
    rows = selectors.follow_up(directive, dt.date(2024, 4, 2))
    assert [(r["item"].position, r["task"], r["status"]) for r in rows] == [
        (1, task, "overdue"),
        (2, None, None),
    ]
    book = exports.xlsx(directive, dt.date(2024, 4, 2))
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    assert [c.value for c in sheet[3]][:4] == ["1", "Rà soát hồ sơ", task.title, "Trần Văn Bình"]
    annex = exports.docx(directive, dt.date(2024, 4, 2))
    assert "Kiện toàn chi bộ" in zipfile.ZipFile(io.BytesIO(annex)).read("word/document.xml").decode()
