"""The committee office browses the audit log of its own scope: W1's secretary sees W1's entries (and its
cells'), not W2's nor those of no organisation; confidential values only with discipline.view."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangvu.accounts.roles import Role
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry
from tests.audit.conftest import write_entries
from tests.conftest import make_user

BACKEND = "django.contrib.auth.backends.ModelBackend"
SINCE = dt.date(2020, 1, 1)


@pytest.fixture
def log(cast):
    """Entries of W1, its cell C1, W2, no organisation, and a confidential one of W1."""
    c = cast
    chief = make_user("chief", "Đặng Văn Trưởng", (Role.SECRETARY, c.T, SINCE))
    guardian = make_user("guardian", "Bùi Thị Kiểm", (Role.SECRETARY, c.W1, SINCE),
                         (Role.STANDING_MEMBER, c.W1, SINCE))
    with audit.atomic():
        audit.record(actor=c.secretary, action="member.update", object_type="members.member", object_id="7",
                     label="Đảng viên số 7", organization_id=c.W1.pk,
                     before={"phone": "0901000001", "sex": "female"},
                     after={"phone": "0902000002", "sex": "female"})
        audit.record(actor=c.cell_secretary, action="member.update", object_type="members.member",
                     object_id="8", organization_id=c.C1.pk, after={"phone": "0903"})
    audit.record(actor=c.outsider, action="member.transfer", object_type="members.member", object_id="9",
                 organization_id=c.W2.pk, after={"phone": "0904"})
    audit.record(actor=None, action="account.create", object_type="accounts.user", object_id="1")
    audit.record(actor=guardian, action="discipline.case.update", object_type="discipline.case",
                 object_id="3", label="Vụ việc của đảng viên Mật Danh", organization_id=c.W1.pk,
                 confidential=True, after={"finding": "SECRET-FINDING"})
    return SimpleNamespace(**vars(cast), chief=chief, guardian=guardian)


def client_for(user, language="en"):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user, backend=BACKEND)
    return client


def actions(response):
    return [row["entry"].action for row in response.context["rows"]]


def seq_of(action):
    return AuditEntry.objects.get(action=action).seq


def test_the_log_needs_a_login(client, db):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_without_audit_view_anywhere_the_log_is_not_found(log):
    assert client_for(log.observer).get(reverse("audit:log")).status_code == 404


def test_a_ward_secretary_sees_the_ward_and_its_cells_only(log):
    response = client_for(log.secretary).get(reverse("audit:log"))
    assert response.status_code == 200
    assert actions(response) == ["discipline.case.update", "member.update", "member.update"]
    html = response.content.decode()
    assert "0902000002" in html  # the diff of an ordinary entry
    assert "member.transfer" not in html and "account.create" not in html


def test_confidential_values_need_discipline_view(log):
    hidden = client_for(log.secretary).get(reverse("audit:log")).content.decode()
    assert "SECRET-FINDING" not in hidden and "Mật Danh" not in hidden
    assert "Confidential" in hidden
    shown = client_for(log.guardian).get(reverse("audit:log")).content.decode()
    assert "SECRET-FINDING" in shown and "Mật Danh" in shown
    detail = reverse("audit:entry", args=[seq_of("discipline.case.update")])
    assert "SECRET-FINDING" not in client_for(log.secretary).get(detail).content.decode()
    assert "SECRET-FINDING" in client_for(log.guardian).get(detail).content.decode()


def test_the_root_secretary_sees_everything_including_entries_of_no_organisation(log):
    response = client_for(log.chief).get(reverse("audit:log"))
    assert sorted(actions(response)) == ["account.create", "discipline.case.update", "member.transfer",
                                         "member.update", "member.update"]
    assert "SECRET-FINDING" not in response.content.decode()


def test_filters_by_object_actor_and_date(log):
    client = client_for(log.chief)
    url = reverse("audit:log")
    by_object = client.get(url, {"object_type": "members.member", "object_id": "9"})
    assert actions(by_object) == ["member.transfer"]
    by_actor = client.get(url, {"actor": "secretary"})
    assert actions(by_actor) == ["member.update"]
    assert actions(client.get(url, {"actor": "system"})) == ["account.create"]
    today = timezone.localdate()
    assert len(actions(client.get(url, {"date_from": today, "date_to": today}))) == 5
    later = client.get(url, {"date_from": today + dt.timedelta(days=1)})
    assert actions(later) == []
    assert "No audit entries match these filters." in later.content.decode()
    assert actions(client.get(url, {"date_to": today - dt.timedelta(days=1)})) == []


def test_filters_never_widen_the_scope(log):
    response = client_for(log.secretary).get(reverse("audit:log"), {"object_id": "9"})
    assert actions(response) == []


def test_an_entry_page_shows_the_changes_and_hides_other_scopes(log):
    client = client_for(log.secretary)
    w1 = AuditEntry.objects.filter(action="member.update", organization_id=log.W1.pk).get()
    response = client.get(reverse("audit:entry", args=[w1.seq]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>0901000001</del>" in html and "<ins>0902000002</ins>" in html
    assert w1.correlation_id in html
    assert client.get(reverse("audit:entry", args=[seq_of("member.transfer")])).status_code == 404
    assert client.get(reverse("audit:entry", args=[seq_of("account.create")])).status_code == 404
    assert client.get(reverse("audit:entry", args=[999])).status_code == 404


def test_an_empty_log_says_so_in_vietnamese_by_default(cast):
    response = client_for(cast.outsider, language="vi").get(reverse("audit:log"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhật ký kiểm toán" in html
    assert "chưa có bản ghi nào" in html


def test_the_log_is_paginated(cast):
    write_entries(55, organization_id=cast.W1.pk, per_transaction=11)
    client = client_for(cast.secretary)
    first = client.get(reverse("audit:log"), {"actor": "system"})
    assert len(first.context["rows"]) == 50 and first.context["rows"][0]["entry"].seq == 55
    second = client.get(reverse("audit:log"), {"actor": "system", "page": 2})
    assert [row["entry"].seq for row in second.context["rows"]] == [5, 4, 3, 2, 1]
    assert "actor=system&amp;page=1" in second.content.decode()
