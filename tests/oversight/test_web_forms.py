"""The oversight forms: each one's success path through the service (actor = the signed-in user), a
refusal that writes nothing and shows the problem next to its field (with the rule for a refused decision),
404 outside scope, and the confidential case forms closed to everyone without `discipline.edit`."""

import datetime as dt
import secrets

from django.conf import settings
from django.test import Client
from django.urls import reverse

from dangvu.accounts.models import ApiToken
from dangvu.audit.models import AuditEntry
from dangvu.oversight import discipline, services
from dangvu.oversight.models import (
    Appeal,
    DisciplineCase,
    DisciplineDecision,
    Programme,
    ProgrammeItem,
    Recommendation,
    Review,
)
from tests.oversight.test_views import client_for


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def errors_of(page, field: str) -> str:
    """The text of the error list rendered next to `field` ("" when none)."""
    html = page.content.decode()
    start = html.find(f'id="id_{field}_error"')
    return html[start : html.find("</ul>", start)] if start >= 0 else ""


def inspection(people, code="KT-1", concluded=True):
    return services.record_review(
        actor=None,
        activity="inspection",
        code=code,
        subject_type="member",
        subject=people.an,
        conducted_by=people.W1,
        kind="violation_signs",
        started_on=dt.date(2024, 1, 5),
        concluded_on=dt.date(2024, 2, 1) if concluded else None,
        violation_found=True if concluded else None,
    )


def open_case(people, code="VV-1", violation_on=None):
    return discipline.open_case(
        actor=None,
        code=code,
        subject_type="member",
        subject=people.an,
        handled_by=people.W1,
        opened_on=dt.date(2024, 1, 10),
        violation_on=violation_on or dt.date(2023, 12, 1),
    )


def decided(people):
    return discipline.decide(actor=None, case=open_case(people, code="VV-2"), code="QĐ-2", form="reprimand",
                             decided_by=people.W1, decided_on=dt.date(2024, 2, 1),
                             announced_on=dt.date(2024, 2, 1))


# --- programmes ----------------------------------------------------------------------------------------
def test_programme_and_planned_items(people):
    inspector = english(client_for(people.inspector))
    url = reverse("oversight:programme_create")
    response = inspector.post(url, {"body": "W1", "year": "2025", "title": "Chương trình 2025"})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response.url == reverse("oversight:programme", args=[programme.pk])
    assert (programme.body, programme.year) == (people.W1, 2025)
    # The same body and year again: refused by the service, shown next to the year, nothing written.
    page = inspector.post(url, {"body": "W1", "year": "2025"})
    assert page.status_code == 400 and "already has a programme" in errors_of(page, "year")
    assert Programme.objects.count() == 1
    # A body outside the inspector's scope is not even offered.
    assert inspector.post(url, {"body": "W2", "year": "2026"}).status_code == 400
    assert Programme.objects.count() == 1

    add = reverse("oversight:item_create", args=[programme.pk])
    item_data = {"subject": "Chi bộ khu phố 1", "activity": "inspection", "kind": "party_fee",
                 "planned_month": "3", "lead": "Đỗ Thị Kiểm"}
    assert inspector.post(add, item_data).status_code == 302
    item = ProgrammeItem.objects.get()
    assert (item.kind, item.planned_month, item.lead) == ("party_fee", 3, "Đỗ Thị Kiểm")
    # A supervision kind for an inspection: the service names the kind.
    page = inspector.post(add, {**item_data, "kind": "thematic"})
    assert page.status_code == 400 and "allowed values" in errors_of(page, "kind")
    assert ProgrammeItem.objects.count() == 1

    edit = reverse("oversight:item_edit", args=[item.pk])
    assert inspector.post(edit, {**item_data, "planned_month": "5"}).status_code == 302
    assert ProgrammeItem.objects.get().planned_month == 5
    assert AuditEntry.objects.filter(action="oversight.programme.item.update").count() == 1
    # The secretary of W1 sees the programme but may not change it; W2's secretary does not see it.
    secretary = client_for(people.secretary)
    assert secretary.get(reverse("oversight:programme", args=[programme.pk])).status_code == 200
    assert secretary.get(add).status_code == 404
    assert secretary.post(edit, {**item_data, "planned_month": "9"}).status_code == 404
    assert secretary.get(url).status_code == 404
    assert client_for(people.outsider).get(edit).status_code == 404
    assert ProgrammeItem.objects.get().planned_month == 5


# --- inspections, supervisions and recommendations ------------------------------------------------------
def test_review_conclusion_and_recommendations(people):
    inspector = english(client_for(people.inspector))
    url = reverse("oversight:review_create", args=["inspection"])
    data = {"code": "KT-9", "subject_type": "member", "subject_code": "M-AN", "conducted_by": "W1",
            "kind": "violation_signs", "team": "Đỗ Thị Kiểm", "started_on": "2024-03-01"}
    # A member not on the register on the start day: refused next to the subject.
    page = inspector.post(url, {**data, "started_on": "2010-01-01"})
    assert page.status_code == 400 and "not on the register" in errors_of(page, "subject_code")
    page = inspector.post(url, {**data, "subject_code": "M-NOBODY"})
    assert "No party member" in errors_of(page, "subject_code")
    assert Review.objects.count() == 0
    response = inspector.post(url, data)
    review = Review.objects.get()
    assert response.url == reverse("oversight:review", args=[review.pk])
    assert (review.subject_member, review.conducted_by) == (people.an, people.W1)

    conclude = reverse("oversight:review_conclude", args=[review.pk])
    page = inspector.post(conclude, {"concluded_on": "2024-02-01", "conclusion": "Có vi phạm"})
    assert page.status_code == 400 and "on or after the start" in errors_of(page, "concluded_on")
    assert Review.objects.get().concluded_on is None
    inspector.post(conclude, {"concluded_on": "2024-04-01", "conclusion": "Có vi phạm",
                              "violation_found": "true", "findings": "Chậm nộp đảng phí"})
    review.refresh_from_db()
    assert (review.concluded_on, review.violation_found, review.findings) == (dt.date(2024, 4, 1), True,
                                                                               "Chậm nộp đảng phí")

    add = reverse("oversight:recommendation_create", args=[review.pk])
    rec_data = {"text": "Nộp đủ đảng phí", "owner_organization": "C1", "owner": "Bí thư chi bộ",
                "deadline": "2024-06-30"}
    page = inspector.post(add, {**rec_data, "deadline": "2024-03-01"})
    assert page.status_code == 400 and "on or after the conclusion" in errors_of(page, "deadline")
    assert Recommendation.objects.count() == 0
    assert inspector.post(add, rec_data).status_code == 302
    rec = Recommendation.objects.get()
    assert (rec.owner_organization, rec.deadline, rec.status) == (people.C1, dt.date(2024, 6, 30), "open")

    status = reverse("oversight:recommendation_status", args=[rec.pk])
    page = inspector.post(status, {"status": "done", "on": ""})
    assert page.status_code == 400 and "date it was carried out" in errors_of(page, "on")
    assert Recommendation.objects.get().status == "open"
    inspector.post(status, {"status": "done", "on": "2024-06-15"})
    assert Recommendation.objects.get().done_on == dt.date(2024, 6, 15)

    # Seeing is not recording; outside the scope, nothing is there at all.
    secretary = client_for(people.secretary)
    assert secretary.get(conclude).status_code == 404
    assert secretary.post(status, {"status": "cancelled"}).status_code == 404
    assert Recommendation.objects.get().status == "done"
    outsider = client_for(people.outsider)
    for page_url in (conclude, add, status, reverse("oversight:review", args=[review.pk])):
        assert outsider.get(page_url).status_code == 404
    assert outsider.get(url).status_code == 404


def test_subject_picker_is_limited_to_scope(people):
    picker = reverse("oversight:subjects")
    inspector = client_for(people.inspector)
    members = inspector.get(picker, {"subject_type": "member", "subject_code": "", "purpose": "review"})
    html = members.content.decode()
    assert "M-AN" in html and "M-CUONG" in html and "M-DUNG" not in html  # Dũng is in W2
    named = inspector.get(picker, {"subject_type": "member", "subject_code": "binh", "purpose": "case"})
    assert "M-BINH" in named.content.decode() and "M-AN" not in named.content.decode()
    units = inspector.get(picker, {"subject_type": "organization", "purpose": "review"}).content.decode()
    assert "C1" in units and "C2" not in units
    # No oversight.edit anywhere: no picker.
    assert client_for(people.secretary).get(picker, {"subject_type": "member"}).status_code == 404


# --- discipline ------------------------------------------------------------------------------------------
def test_case_from_a_conclusion_decision_and_appeal(people):
    review = inspection(people)
    inspector = english(client_for(people.inspector))
    url = reverse("oversight:case_create")
    form = inspector.get(url, {"review": review.pk}).content.decode()
    assert 'value="M-AN"' in form and 'value="conclusion" selected' in form
    data = {"code": "VV-7", "subject_type": "member", "subject_code": "M-AN", "handled_by": "W1",
            "opened_on": "2024-02-10", "violation_on": "2023-11-20", "source_kind": "conclusion",
            "source_review": review.pk}
    page = inspector.post(url, {**data, "violation_on": "2024-03-01"})
    assert page.status_code == 400 and "on or before the opening" in errors_of(page, "violation_on")
    page = inspector.post(url, {**data, "source_review": ""})
    assert "names that conclusion" in page.content.decode()
    assert DisciplineCase.objects.count() == 0
    assert inspector.post(url, data).status_code == 302
    case = DisciplineCase.objects.get()
    assert (case.source_review, case.subject_member, case.status) == (review, people.an, "open")

    decide = reverse("oversight:decision_create", args=[case.pk])
    decision_data = {"code": "QĐ-7", "form": "expulsion", "decided_by": "C1", "decided_on": "2024-03-01",
                     "announced_on": "2024-03-02"}
    # A cell may not expel: refused next to the deciding body, citing the Charter's article.
    page = inspector.post(decide, decision_data)
    assert page.status_code == 400
    assert "A cell may only reprimand or warn" in errors_of(page, "decided_by")
    assert "Điều 36" in errors_of(page, "decided_by")
    assert DisciplineDecision.objects.count() == 0 and DisciplineCase.objects.get().status == "open"
    assert inspector.post(decide, {**decision_data, "form": "warning", "decided_by": "W1"}).status_code == 302
    decision = DisciplineDecision.objects.get()
    assert (decision.form, decision.decided_by) == ("warning", people.W1)
    assert decision.rule_set == "discipline-2022"
    assert DisciplineCase.objects.get().status == "decided"

    appeal_url = reverse("oversight:appeal_create", args=[decision.pk])
    page = inspector.post(appeal_url, {"lodged_on": "2024-05-01", "grounds": "Quá hạn"})
    assert page.status_code == 400 and "time for an appeal ended" in errors_of(page, "lodged_on")
    assert Appeal.objects.count() == 0
    response = inspector.post(appeal_url, {"lodged_on": "2024-03-20", "grounds": "Xin xem xét lại"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()

    outcome = reverse("oversight:appeal_decide", args=[appeal.pk])
    page = inspector.post(outcome, {"outcome": "changed", "decided_by": "W1", "decided_on": "2024-04-10",
                                    "new_form": "warning", "new_code": "QĐ-8"})
    assert page.status_code == 400 and "another form" in errors_of(page, "new_form")
    assert DisciplineDecision.objects.count() == 1 and Appeal.objects.get().outcome == "pending"
    inspector.post(outcome, {"outcome": "changed", "decided_by": "W1", "decided_on": "2024-04-10",
                             "new_form": "reprimand", "new_code": "QĐ-8"})
    new = DisciplineDecision.objects.get(code="QĐ-8")
    assert (new.form, new.replaces_id) == ("reprimand", decision.pk)
    assert DisciplineDecision.objects.get(pk=decision.pk).status == "changed"
    assert Appeal.objects.get().outcome == "changed"


def test_refused_decision_cites_the_limitation_rule(people):
    case = open_case(people, violation_on=dt.date(2012, 1, 1))
    page = client_for(people.inspector).post(
        reverse("oversight:decision_create", args=[case.pk]),
        {"code": "QĐ-1", "form": "reprimand", "decided_by": "W1", "decided_on": "2024-02-01",
         "announced_on": "2024-02-01"},
    )
    errors = errors_of(page, "violation_on")  # Vietnamese by default
    assert page.status_code == 400 and "thời hiệu" in errors and "Quy định 69-QĐ/TW (2022)" in errors
    assert DisciplineDecision.objects.count() == 0


def test_close_case_without_discipline(people):
    case = open_case(people)
    url = reverse("oversight:case_close", args=[case.pk])
    inspector = english(client_for(people.inspector))
    page = inspector.post(url, {"on": "2024-01-01"})
    assert page.status_code == 400 and "on or after the day it opened" in errors_of(page, "on")
    assert DisciplineCase.objects.get().status == "open"
    assert inspector.post(url, {"on": "2024-03-01", "summary": "Không đủ căn cứ"}).status_code == 302
    assert DisciplineCase.objects.get().status == "closed"


def test_confidential_case_forms_are_unreachable_to_outsiders(people):
    case = open_case(people)
    decision = decided(people)
    appeal = discipline.lodge_appeal(actor=None, decision=decision, lodged_on=dt.date(2024, 2, 10))
    urls = [
        reverse("oversight:case_create"),
        reverse("oversight:decision_create", args=[case.pk]),
        reverse("oversight:case_close", args=[case.pk]),
        reverse("oversight:appeal_create", args=[decision.pk]),
        reverse("oversight:appeal_decide", args=[appeal.pk]),
    ]
    post = {"code": "QĐ-X", "form": "reprimand", "decided_by": "W1", "decided_on": "2024-02-01",
            "announced_on": "2024-02-01", "on": "2024-03-01", "outcome": "annulled",
            "lodged_on": "2024-02-11",
            "subject_type": "member", "subject_code": "M-AN", "handled_by": "W1", "opened_on": "2024-01-10",
            "violation_on": "2023-12-01", "source_kind": "direct"}
    # W1's secretary (oversight.view only), W2's secretary, the standing member (discipline.view, not edit),
    # the secretary of the cell and the disciplined member himself.
    for user in (people.secretary, people.outsider, people.standing, people.cell_secretary, people.an_user):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
            assert client.post(url, post).status_code == 404, (user.username, url)
    assert DisciplineCase.objects.count() == 2 and DisciplineDecision.objects.count() == 1
    assert DisciplineCase.objects.get(pk=case.pk).status == "open"
    assert Appeal.objects.get().outcome == "pending"
    # The inspector reaches the decision form, and that read of the case is audited.
    before = AuditEntry.objects.filter(confidential=True, action__endswith=".read").count()
    assert client_for(people.inspector).get(urls[1]).status_code == 200
    assert AuditEntry.objects.filter(confidential=True, action__endswith=".read").count() == before + 1


def test_deadline_view_lists_overdue_appeals_and_limitations(people):
    review = inspection(people)
    services.recommend(actor=None, review=review, text="Khắc phục ngay", owner_organization=people.C1,
                       deadline=dt.date(2024, 3, 1))
    case = open_case(people, code="VV-LIMIT", violation_on=dt.date(2023, 12, 1))
    decision = decided(people)
    discipline.lodge_appeal(actor=None, decision=decision, lodged_on=dt.date(2024, 2, 10))
    html = english(client_for(people.inspector)).get(reverse("oversight:deadlines")).content.decode()
    assert "Khắc phục ngay" in html
    assert reverse("oversight:decision", args=[decision.pk]) in html
    assert "VV-LIMIT" in html and "2028-12-01" in html  # reprimand possible until 5 years after
    # W1's secretary sees the overdue recommendation, but no case and no appeal.
    html = client_for(people.secretary).get(reverse("oversight:deadlines")).content.decode()
    assert "Khắc phục ngay" in html and "VV-LIMIT" not in html and case.code not in html
    # The menu links the deadline view.
    assert reverse("oversight:deadlines") in client_for(people.secretary).get("/").content.decode()


def test_every_page_renders_for_the_inspector(people):
    review = inspection(people)
    rec = services.recommend(actor=None, review=review, text="Khắc phục", owner_organization=people.C1,
                             deadline=dt.date(2024, 3, 1))
    programme = services.create_programme(actor=None, body=people.W1, year=2024)
    item = services.add_item(actor=None, programme=programme, subject="Chi bộ 1", activity="supervision",
                             kind="thematic", planned_month=2)
    case = open_case(people)
    decision = decided(people)
    appeal = discipline.lodge_appeal(actor=None, decision=decision, lodged_on=dt.date(2024, 2, 10))
    inspector = client_for(people.inspector)
    pages = {
        reverse("oversight:programme", args=[programme.pk]): reverse("oversight:item_edit", args=[item.pk]),
        reverse("oversight:programme_create"): "",
        reverse("oversight:item_create", args=[programme.pk]): "",
        reverse("oversight:item_edit", args=[item.pk]): "Chi bộ 1",
        reverse("oversight:review_create", args=["supervision"]) + f"?item={item.pk}": "selected>2024/02",
        reverse("oversight:review", args=[review.pk]): f"/recommendations/{rec.pk}/status/",
        reverse("oversight:review_conclude", args=[review.pk]): "",
        reverse("oversight:recommendation_create", args=[review.pk]): "",
        reverse("oversight:recommendation_status", args=[rec.pk]): "Khắc phục",
        reverse("oversight:case", args=[case.pk]): reverse("oversight:decision_create", args=[case.pk]),
        reverse("oversight:case_close", args=[case.pk]): "",
        reverse("oversight:decision", args=[decision.pk]): f"/appeals/{appeal.pk}/decide/",
        reverse("oversight:appeal_decide", args=[appeal.pk]): "",
        reverse("oversight:cases"): reverse("oversight:case_create"),
        reverse("oversight:programmes"): reverse("oversight:programme_create"),
        reverse("oversight:reviews", args=["inspection"]): "/inspection/new/",
    }
    for url, expected in pages.items():
        page = inspector.get(url)
        assert page.status_code == 200 and expected in page.content.decode(), url


# --- REST API (read-only) --------------------------------------------------------------------------------
def test_api_reviews_and_overdue_recommendations_in_scope(people):
    review = inspection(people)
    services.recommend(actor=None, review=review, text="Quá hạn", owner_organization=people.C1,
                       deadline=dt.date(2024, 3, 1))
    services.recommend(actor=None, review=review, text="Còn hạn", owner_organization=people.C1,
                       deadline=dt.date(2099, 1, 1))

    def get(user, url, **params):
        raw = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name="t", digest=ApiToken.digest_of(raw))
        return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    found = get(people.secretary, "/api/oversight/reviews", org="W1", year=2024).json()
    assert [r["code"] for r in found["items"]] == ["KT-1"] and found["items"][0]["subject"] == "M-AN"
    assert get(people.secretary, "/api/oversight/reviews", org="W1", year=2023).json()["items"] == []
    assert get(people.outsider, "/api/oversight/reviews", org="W1").status_code == 404
    assert get(people.outsider, "/api/oversight/reviews").json()["items"] == []
    overdue = get(people.secretary, "/api/oversight/recommendations", overdue="true").json()["items"]
    assert [r["text"] for r in overdue] == ["Quá hạn"]
    assert len(get(people.secretary, "/api/oversight/recommendations").json()["items"]) == 2
    assert get(people.outsider, "/api/oversight/recommendations", overdue="true").json()["items"] == []
