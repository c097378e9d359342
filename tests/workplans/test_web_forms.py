"""The forms that create plans, targets, directives and tasks, and hand a task to another person: each
success path writes through its service, each refusal writes nothing and shows the problem next to the
field, and anything outside the user's `tasks.assign` scope is a 404. Also the `reassign` service."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.workdays import add_working_days
from dangvu.oversight.models import ALL_KINDS, Recommendation, Review
from dangvu.workplans import services
from dangvu.workplans.models import Directive, Plan, PlanItem, Target, TargetReport, Task

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def english(client):
    """The client after its user chose English (the language switch's cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def hoa(cast, people):
    """The secretary of W1, who assigns."""
    return client_for(cast.secretary)


@pytest.fixture
def plan(cast):
    return services.create_plan(
        actor=cast.secretary,
        organization=cast.W1,
        kind="yearly",
        title="Kế hoạch công tác năm",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2099, 12, 31),
    )


def _task_fields(**overrides):
    fields = {
        "title": "Rà soát hồ sơ",
        "product": "Báo cáo rà soát",
        "owner": "DV-BINH",
        "lead_unit": "C1",
        "deadline": "2099-01-31",
        "priority": "high",
        "weight": "1",
    }
    fields.update(overrides)
    return fields


# --- Plans --------------------------------------------------------------------------------------------


def test_a_plan_is_created_from_the_form(hoa, cast):
    response = hoa.post(
        reverse("workplans:plan_create"),
        {
            "organization": "W1",
            "kind": "thematic",
            "number": "05-KH/ĐU",
            "title": "Kế hoạch chuyên đề",
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == reverse("workplans:plan", args=[plan.pk])
    assert (plan.organization, plan.kind, plan.number, plan.created_by) == (
        cast.W1,
        "thematic",
        "05-KH/ĐU",
        cast.secretary,
    )
    assert AuditEntry.objects.filter(action="plan.create").count() == 1


def test_a_plan_ending_before_it_starts_is_refused_next_to_the_field(hoa):
    fields = {
        "organization": "W1",
        "kind": "yearly",
        "title": "KH",
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
    }
    response = english(hoa).post(reverse("workplans:plan_create"), fields)
    assert response.status_code == 400
    assert "The period must end on or after its start." in str(response.context["form"].errors["period_end"])
    assert not Plan.objects.exists()


def test_the_refusal_is_shown_in_the_active_language(hoa):
    fields = {
        "organization": "W1",
        "kind": "yearly",
        "title": "KH",
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
    }
    hoa.cookies["django_language"] = "vi"
    response = hoa.post(reverse("workplans:plan_create"), fields)
    message = str(response.context["form"].errors["period_end"])
    assert "The period must end" not in message and message.strip()


def test_a_committee_outside_the_scope_cannot_be_chosen(hoa):
    fields = {
        "organization": "W2",
        "kind": "yearly",
        "title": "KH",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
    }
    assert hoa.post(reverse("workplans:plan_create"), fields).status_code == 400
    assert not Plan.objects.exists()


def test_items_targets_and_a_hand_report_are_added(hoa, plan):
    assert (
        hoa.post(
            reverse("workplans:plan_item_create", args=[plan.pk]),
            {"title": "Nâng cao chất lượng sinh hoạt", "requires_evidence": "on"},
        ).status_code
        == 302
    )
    item = PlanItem.objects.get(plan=plan)
    assert item.requires_evidence and item.position == 1
    measured = {"title": "Kết nạp đảng viên mới", "measure": "members_admitted", "goal": "5", "item": item.pk}
    hand = {"title": "Bí thư được đánh giá", "measure": "", "goal": "100", "unit_label": "%"}
    assert hoa.post(reverse("workplans:target_create", args=[plan.pk]), measured).status_code == 302
    assert hoa.post(reverse("workplans:target_create", args=[plan.pk]), hand).status_code == 302
    by_hand = Target.objects.get(measure="")
    assert Target.objects.get(measure="members_admitted").item == item
    response = hoa.post(
        reverse("workplans:target_report", args=[by_hand.pk]),
        {"on": "2025-06-30", "value": "80", "evidence": "Báo cáo 12-BC/ĐU"},
    )
    assert response.status_code == 302
    report = TargetReport.objects.get()
    assert (report.target, report.on, report.value) == (by_hand, dt.date(2025, 6, 30), 80)
    page = hoa.get(reverse("workplans:plan", args=[plan.pk])).content.decode()
    assert (
        "Nâng cao chất lượng sinh hoạt" in page
        and reverse("workplans:target_report", args=[by_hand.pk]) in page
    )


def test_a_measured_target_is_not_reported_by_hand(hoa, plan, cast):
    target = services.add_target(
        actor=cast.secretary, plan=plan, title="Kết nạp", goal=5, measure="members_admitted"
    )
    response = hoa.post(
        reverse("workplans:target_report", args=[target.pk]),
        {"on": "2025-06-30", "value": "3", "evidence": "BC"},
    )
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not TargetReport.objects.exists()


def test_another_committees_plan_is_a_404(plan, cast):
    outsider = client_for(cast.outsider)
    assert outsider.get(reverse("workplans:plan_item_create", args=[plan.pk])).status_code == 404
    assert (
        outsider.post(reverse("workplans:plan_item_create", args=[plan.pk]), {"title": "X"}).status_code
        == 404
    )
    assert (
        outsider.post(
            reverse("workplans:target_create", args=[plan.pk]), {"title": "X", "goal": "1"}
        ).status_code
        == 404
    )
    assert not plan.items.exists() and not plan.targets.exists()
    # a member without any assigning role gets no form at all
    assert client_for(cast.observer).get(reverse("workplans:plan_create")).status_code == 404


# --- Directives ---------------------------------------------------------------------------------------


def test_a_directive_is_recorded_with_its_items_and_an_item_becomes_tasks(hoa, cast):
    response = hoa.post(
        reverse("workplans:directive_create"),
        {
            "organization": "W1",
            "kind": "conclusion",
            "issuer": "Ban Thường vụ Thị ủy",
            "number": "120-TB/TU",
            "issued_on": "2025-03-03",
            "title": "Thông báo kết luận về công tác cán bộ",
            "items": "Rà soát quy hoạch\n\n  Kiện toàn chi bộ  \n",
        },
    )
    directive = Directive.objects.get()
    assert response.url == reverse("workplans:directive", args=[directive.pk])
    assert [i.text for i in directive.items.all()] == ["Rà soát quy hoạch", "Kiện toàn chi bộ"]
    item = directive.items.get(position=1)
    url = reverse("workplans:task_create") + f"?directive_item={item.pk}"
    assert item.text in hoa.get(url).content.decode()
    for title in ("Việc một", "Việc hai"):
        assert hoa.post(url, _task_fields(title=title)).status_code == 302
    assert list(Task.objects.filter(directive_item=item).values_list("title", flat=True)) == [
        "Việc một",
        "Việc hai",
    ]
    follow_up = hoa.get(reverse("workplans:directive", args=[directive.pk])).content.decode()
    assert "Việc hai" in follow_up


def test_a_directive_without_items_is_refused(hoa):
    response = hoa.post(
        reverse("workplans:directive_create"),
        {
            "organization": "W1",
            "kind": "directive",
            "issuer": "Thị ủy",
            "issued_on": "2025-03-03",
            "title": "Chỉ thị",
            "items": "   \n",
        },
    )
    assert response.status_code == 400 and not Directive.objects.exists()


# --- Tasks --------------------------------------------------------------------------------------------


def test_a_task_from_a_plan_item_with_cooperating_units(hoa, plan, cast):
    item = services.add_plan_item(actor=cast.secretary, plan=plan, title="Rà soát")
    url = reverse("workplans:task_create") + f"?plan_item={item.pk}"
    response = hoa.post(url, _task_fields(cooperating_units=["W1"], lead_unit="C1"))
    task = Task.objects.get()
    assert response.url == reverse("workplans:task", args=[task.pk])
    assert (task.organization, task.plan_item, task.owner.code, task.priority, task.assigned_by) == (
        cast.W1,
        item,
        "DV-BINH",
        "high",
        cast.secretary,
    )
    assert list(task.cooperating_units.all()) == [cast.W1]


def test_a_standalone_task_with_a_deadline_in_working_days(hoa, cast):
    response = hoa.post(
        reverse("workplans:task_create"), _task_fields(organization="W1", deadline="", working_days="10")
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.source == "none" and task.organization == cast.W1
    assert task.deadline == add_working_days(task.created_on, 10)


def test_a_subtask_takes_the_committee_and_source_of_its_parent(hoa, make_task, cast):
    parent = make_task(deadline=dt.date(2099, 6, 30), on=None)
    url = reverse("workplans:task_create") + f"?parent={parent.pk}"
    response = hoa.post(url, _task_fields(title="Phần việc", owner="DV-AN", lead_unit="W1", weight="3"))
    assert response.status_code == 302
    sub = Task.objects.get(parent=parent)
    assert (sub.organization, sub.owner.code, sub.weight) == (cast.W1, "DV-AN", 3)


def test_a_task_from_an_inspection_recommendation_links_back(hoa, cast):
    review = Review.objects.create(
        code="KT-01",
        activity="inspection",
        kind=ALL_KINDS[0][0],
        conducted_by=cast.W1,
        subject_type="organization",
        subject_organization=cast.C1,
        started_on=dt.date(2025, 1, 6),
    )
    rec = Recommendation.objects.create(
        review=review,
        text="Khắc phục thiếu sót về hồ sơ",
        owner_organization=cast.C1,
        deadline=dt.date(2099, 3, 31),
    )
    url = reverse("workplans:task_create") + f"?recommendation={rec.pk}"
    form_page = hoa.get(url).content.decode()
    assert "Khắc phục thiếu sót về hồ sơ" in form_page
    assert hoa.post(url, _task_fields()).status_code == 302
    task = Task.objects.get()
    # the responsible unit C1 lies in the secretary's scope, so C1 assigns the follow-up
    assert (task.recommendation, task.organization, task.source) == (rec, cast.C1, "recommendation")
    page = hoa.get(reverse("workplans:task", args=[task.pk])).content.decode()
    assert reverse("oversight:review", args=[review.pk]) in page


def test_an_owner_outside_the_committee_is_refused_and_nothing_is_written(hoa):
    # An is on the register of W1, above cell C1: not in the assigning committee's subtree
    response = english(hoa).post(reverse("workplans:task_create"),
                                 _task_fields(organization="C1", owner="DV-AN"))
    assert response.status_code == 400
    assert "accountable person must be a member" in str(response.context["form"].errors["owner"])
    # Chi is in W2, which the secretary of W1 cannot even see
    response = hoa.post(reverse("workplans:task_create"), _task_fields(organization="W1", owner="DV-CHI"))
    assert response.status_code == 400 and response.context["form"].errors["owner"]
    assert not Task.objects.exists()
    assert not AuditEntry.objects.filter(action="task.create").exists()


def test_a_deadline_before_the_day_of_assignment_is_refused(hoa):
    response = english(hoa).post(reverse("workplans:task_create"),
                                 _task_fields(organization="W1", deadline="2020-01-01"))
    assert response.status_code == 400
    assert "deadline cannot be before" in str(response.context["form"].errors["deadline"])
    assert not Task.objects.exists()


def test_a_source_outside_the_scope_is_a_404(cast, people, plan, make_task):
    item = services.add_plan_item(actor=cast.secretary, plan=plan, title="Rà soát")
    parent = make_task()
    outsider = client_for(cast.outsider)
    for query in (f"plan_item={item.pk}", f"parent={parent.pk}", "plan_item=999999", "parent=abc"):
        url = reverse("workplans:task_create") + "?" + query
        assert outsider.get(url).status_code == 404
        assert outsider.post(url, _task_fields(owner="DV-CHI", lead_unit="C2")).status_code == 404
    assert Task.objects.count() == 1


def test_the_owner_search_lists_members_of_the_committee_only(hoa):
    found = hoa.get(
        reverse("workplans:owner_search"), {"q": "binh", "organization": "W1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "DV-BINH" in found
    found = hoa.get(reverse("workplans:owner_search"), {"q": "an", "organization": "C1"}).content.decode()
    assert "DV-AN" not in found
    picked = hoa.get(reverse("workplans:owner_search"), {"pick": "DV-BINH"}).content.decode()
    assert 'value="DV-BINH"' in picked and "Trần Văn Bình" in picked
    assert "DV-CHI" not in hoa.get(reverse("workplans:owner_search"), {"q": "chi"}).content.decode()


# --- Reassigning --------------------------------------------------------------------------------------


def test_the_assigner_hands_a_task_to_another_member(hoa, make_task, people):
    task = make_task(deadline=dt.date(2099, 1, 1), on=None)
    response = hoa.post(
        reverse("workplans:reassign", args=[task.pk]), {"owner": "DV-AN", "reason": "Đồng chí Bình đi học"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == people.an
    entry = AuditEntry.objects.get(action="task.reassign")
    assert str(people.binh.pk) in entry.before and "Đồng chí Bình đi học" in entry.after


def test_reassigning_without_a_reason_or_outside_the_scope_writes_nothing(hoa, make_task, cast, people):
    task = make_task(deadline=dt.date(2099, 1, 1), on=None)
    response = hoa.post(reverse("workplans:reassign", args=[task.pk]), {"owner": "DV-AN", "reason": ""})
    assert response.status_code == 400
    assert (
        client_for(cast.outsider)
        .post(reverse("workplans:reassign", args=[task.pk]), {"owner": "DV-CHI", "reason": "x"})
        .status_code
        == 404
    )
    task.refresh_from_db()
    assert task.owner == people.binh and not AuditEntry.objects.filter(action="task.reassign").exists()


def test_reassign_service_rules(make_task, cast, people):
    task = make_task(deadline=dt.date(2099, 1, 1), on=None)
    with pytest.raises(InvalidInput) as refused:
        services.reassign(actor=cast.secretary, task=task, owner=people.chi, reason="x")
    assert [p.field for p in refused.value.problems] == ["owner"]
    with pytest.raises(InvalidInput):
        services.reassign(actor=cast.secretary, task=task, owner=people.binh, reason="x")
    # the cell secretary neither assigned the task nor holds tasks.assign on W1
    with pytest.raises(NotFound):
        services.reassign(actor=cast.cell_secretary, task=task, owner=people.an, reason="x")
    # the office staff of W1 did not assign it but holds tasks.assign on W1
    services.reassign(actor=cast.office, task=task, owner=people.an, reason="Phân công lại")
    task.refresh_from_db()
    assert task.owner == people.an
    services.cancel_task(actor=cast.secretary, task=task, reason="Không còn cần")
    with pytest.raises(InvalidInput):
        services.reassign(actor=cast.secretary, task=task, owner=people.binh, reason="x")


def test_an_empty_task_form_names_every_missing_part_at_once(hoa):
    response = hoa.post(reverse("workplans:task_create"), {"organization": "W1", "priority": "normal"})
    assert response.status_code == 400
    assert {"title", "product", "owner", "lead_unit", "deadline"} <= set(response.context["form"].errors)
    assert not Task.objects.exists()
