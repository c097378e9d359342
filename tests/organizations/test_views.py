"""The organisation pages: the tree, one organisation, and restructuring through preview and confirm."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.models import MemberEvent
from dangvu.organizations import services
from dangvu.organizations.models import Organization, Post, Restructuring


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_tree_today_and_on_a_past_date(tree, people, hoa):
    services.restructure(actor=None, on=dt.date(2020, 1, 1), operation="move", organization="C1", target="W2")
    client = client_for(hoa)
    page = client.get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ thị xã Thử" in page and 'href="/organizations/C1/"' in page
    assert page.index("Chi bộ C1") > page.index("Đảng bộ phường Hai")  # under W2 today
    past = client.get(reverse("organizations:tree"), {"on": "2019-06-30"}).content.decode()
    assert past.index("Chi bộ C1") < past.index("Đảng bộ phường Hai")  # under W1 then
    assert 'href="/organizations/"' in page  # the menu entry


def test_tree_of_a_ward_secretary_shows_only_the_ward(tree, people, son):
    page = client_for(son).get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ phường Hai" in page and "Chi bộ C3" in page
    assert "Đảng bộ phường Một" not in page and "Đảng bộ thị xã Thử" not in page


def test_org_page_shows_committee_children_and_figures(tree, people, hoa, quang):
    term = services.open_term(actor=None, organization=tree["W1"], number=1, start_on=dt.date(2020, 10, 1))
    services.assign_post(actor=None, term=term, member=people["dung"], post=Post.SECRETARY,
                         from_on=dt.date(2020, 10, 1))
    url = reverse("organizations:detail", args=["W1"])
    page = client_for(hoa).get(url).content.decode()
    assert "Phạm Thị Dung" in page and "Chi bộ C1" in page and "Chi bộ C2" in page
    assert response_ok(client_for(hoa).get(url, {"on": "2018-05-01"}))
    observer_page = client_for(quang).get(url).content.decode()
    assert "Phạm Thị Dung" not in observer_page  # figures only, no names
    assert "Chi bộ C1" in observer_page


def response_ok(response):
    return response.status_code == 200


def test_out_of_scope_organisation_is_404(tree, people, son):
    client = client_for(son)
    assert client.get(reverse("organizations:detail", args=["W1"])).status_code == 404
    assert client.get(reverse("organizations:detail", args=["NOPE"])).status_code == 404
    assert client.get(reverse("organizations:detail", args=["C3"])).status_code == 200


def test_restructuring_page_needs_register_edit(tree, quang):
    assert client_for(quang).get(reverse("organizations:restructure")).status_code == 404


def test_restructure_preview_then_confirm(tree, people, hoa):
    client = client_for(hoa)
    url = reverse("organizations:restructure")
    assert client.get(url, {"org": "W1"}).status_code == 200
    data = {"operation": "merge", "on": "2021-01-01", "organization": "W1", "target": "W2",
            "decision_number": "15-QĐ/TU", "note": ""}
    preview = client.post(url, {**data, "preview": "1"})
    body = preview.content.decode()
    assert preview.status_code == 200 and 'name="confirm"' in body
    assert "Phạm Thị Dung" in body and "Chi bộ C1" in body
    assert not Restructuring.objects.exists()

    confirmed = client.post(url, {**data, "confirm": "1"})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("organizations:detail", args=["W1"])
    row = Restructuring.objects.get()
    assert (row.operation, row.target.code, row.decision_number) == ("merge", "W2", "15-QĐ/TU")
    moved = MemberEvent.objects.filter(restructuring=row).values_list("member__code", flat=True)
    assert list(moved) == ["M-DUNG"]
    assert Organization.objects.get(code="W1").closed_on == dt.date(2021, 1, 1)
    closed = client.get(confirmed["Location"])
    assert closed.context["day"] == dt.date(2020, 12, 31)  # a closed unit is shown on its last day
    assert closed.context["figures"]["at_end"] == 4
    assert 'href="/organizations/W2/"' in closed.content.decode()  # its successor


@pytest.mark.parametrize(("data", "field", "text"), [
    ({"operation": "close", "on": "2020-01-01", "organization": "C3"}, "organization", "đảng viên"),
    ({"operation": "merge", "on": "2020-01-01", "organization": "C1"}, "target", "tiếp nhận"),
    ({"operation": "merge", "on": "", "organization": "C1", "target": "C2"}, "on", ""),
])
def test_restructure_errors_are_shown_per_field_in_vietnamese(tree, people, hoa, data, field, text):
    response = client_for(hoa).post(reverse("organizations:restructure"), {**data, "preview": "1"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    if text:
        assert text in " ".join(errors[field]).lower()
    assert not Restructuring.objects.exists()
