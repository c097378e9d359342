"""The member list, the member page with its timeline, and the event forms."""

import datetime as dt

from django.urls import reverse

from dangvu.audit.models import AuditEntry
from dangvu.members import services
from dangvu.members.entries import Decision
from dangvu.members.figures import member_figures
from dangvu.members.models import MemberEvent

from .conftest import client_for

LIST = reverse("members:list")


def detail(member):
    return reverse("members:detail", args=[member.code])


def event_url(member):
    return reverse("members:event_form", args=[member.code])


def test_list_shows_the_scope_in_name_order_with_export_links(register):
    page = client_for(register.secretary).get(LIST).content.decode()
    assert "Nguyễn Văn An" in page and "Đặng Thị Bình" in page
    assert "Lê Văn Cường" not in page  # W2 is not the secretary's
    # Vietnamese name order: by given name, An before Bình.
    assert page.index("Nguyễn Văn An") < page.index("Đặng Thị Bình")
    assert f'href="{reverse("members:export", args=["xlsx"])}"' in page
    assert 'href="/members/import/"' in page  # the menu entry and the button


def test_filters_search_without_diacritics_and_keep_the_export_in_step(register):
    client = client_for(register.secretary)
    page = client.get(LIST, {"q": "dang thi"}).content.decode()
    assert "Đặng Thị Bình" in page and "Nguyễn Văn An" not in page
    assert "/members/export/csv/?q=dang+thi" in page
    page = client.get(LIST, {"status": "probationary", "org": "C1"}).content.decode()
    assert "Nguyễn Văn An" in page and "Đặng Thị Bình" not in page
    page = client.get(LIST, {"sex": "female"}).content.decode()
    assert "Đặng Thị Bình" in page and "Nguyễn Văn An" not in page
    page = client.get(LIST, {"on": "2017-02-01"}).content.decode()  # An was admitted in March
    assert "Đặng Thị Bình" in page and "Nguyễn Văn An" not in page


def test_live_search_answers_with_the_partial_only(register):
    response = client_for(register.secretary).get(LIST, {"q": "an"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Nguyễn Văn An" in html and "Đặng Thị Bình" not in html


def test_a_bad_filter_is_shown_not_crashed(register):
    response = client_for(register.secretary).get(LIST, {"status": "nonsense"})
    assert response.status_code == 400 and "Nguyễn Văn An" not in response.content.decode()


def test_scope_of_pages(register):
    outsider = client_for(register.outsider)
    assert outsider.get(detail(register.an)).status_code == 404
    assert "Nguyễn Văn An" not in outsider.get(LIST).content.decode()
    assert outsider.get(LIST, {"org": "C1"}).status_code == 404
    assert outsider.get(detail(register.cuong)).status_code == 200
    observer = client_for(register.observer)
    assert observer.get(LIST).status_code == 404
    assert observer.get(detail(register.cuong)).status_code == 404
    assert client_for(register.secretary).get(reverse("members:detail", args=["NOPE"])).status_code == 404


def test_member_page_shows_the_profile_and_the_member_sees_his_own(register):
    page = client_for(register.cell_secretary).get(detail(register.binh)).content.decode()
    assert "046075000002" in page and "0905000111" in page and "Chi bộ khu phố 1" in page
    register.observer.member = register.binh
    register.observer.save()
    own = client_for(register.observer).get(detail(register.binh))
    assert own.status_code == 200 and "046075000002" in own.content.decode()
    assert "Record an event" not in own.content.decode() and "Ghi một sự kiện" not in own.content.decode()
    assert client_for(register.observer).get(detail(register.an)).status_code == 404


def test_timeline_in_order_with_the_correction_struck_through(register):
    an = register.an
    services.recognize_official(actor=None, member=an,
                                decision=Decision("30-QĐ/ĐU", dt.date(2018, 3, 20), "Đảng ủy"))
    moved = services.transfer(actor=None, member=an, organization=register.C3, on=dt.date(2019, 5, 10))
    services.correct_event(actor=None, event=moved, reason="Sai ngày trên phiếu", on=dt.date(2019, 5, 12))
    html = client_for(register.secretary).get(detail(an)).content.decode()
    page = html[html.index('id="timeline-title"'):]
    admission, official = page.index("15/03/2017"), page.index("15/03/2018")
    wrong, right = page.index("10/05/2019"), page.index("12/05/2019")
    assert admission < official < wrong < right
    assert f'id="event-{moved.pk}" class="event superseded"' in page
    assert "<del>" in page[wrong - 200:wrong]
    assert "Sai ngày trên phiếu" in page
    assert "12-QĐ/ĐU" in page


def test_the_event_select_loads_the_form_of_the_kind(register):
    client = client_for(register.secretary)
    page = client.get(detail(register.an)).content.decode()
    assert 'value="transfer"' in page
    partial = client.get(event_url(register.an), {"kind": "transfer"}, HTTP_HX_REQUEST="true")
    partial = partial.content.decode()
    assert "<html" not in partial and 'name="organization"' in partial and 'name="decision_number"' in partial
    assert 'value="C3"' in partial and 'value="C2"' not in partial  # only units the user may change
    assert client.get(event_url(register.an), {"kind": "nonsense"}).status_code == 404
    assert client_for(register.outsider).get(event_url(register.an), {"kind": "transfer"}).status_code == 404


def test_a_transfer_through_the_form_moves_the_member_and_the_figures(register):
    client = client_for(register.secretary)
    before = member_figures(register.C3.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    response = client.post(event_url(register.an), {
        "kind": "transfer", "on": "2024-06-03", "organization": "C3", "decision_number": "45-GGT/ĐU",
        "decision_date": "2024-05-30", "decision_body": "Đảng ủy phường Một"})
    assert response.status_code == 302 and response["Location"] == detail(register.an)
    register.an.refresh_from_db()
    assert register.an.organization_id == register.C3.id
    after = member_figures(register.C3.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert after["transferred_in"] == before["transferred_in"] + 1 and after["at_end"] == before["at_end"] + 1
    assert member_figures(register.C1.id, dt.date(2024, 1, 1), dt.date(2024, 12, 31))["transferred_out"] == 1
    entry = AuditEntry.objects.filter(action="member.transfer").get()
    assert entry.actor_id == register.secretary.id
    page = client.get(detail(register.an)).content.decode()
    assert "45-GGT/ĐU" in page


def _refused(response, field):
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_errors"' in html, html
    return html


def test_official_before_admission_is_shown_next_to_the_date_and_writes_nothing(register):
    events, audits = MemberEvent.objects.count(), AuditEntry.objects.count()
    response = client_for(register.secretary).post(event_url(register.an), {
        "kind": "official", "on": "2017-03-01", "decision_date": "2018-03-20"})
    html = _refused(response, "on")
    assert "after the admission" in html or "sau ngày kết nạp" in html
    assert MemberEvent.objects.count() == events and AuditEntry.objects.count() == audits


def test_transfer_to_a_closed_unit_is_refused_in_the_active_language(register):
    events = MemberEvent.objects.count()
    client = client_for(register.secretary)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.post(event_url(register.an),
                           {"kind": "transfer", "on": "2019-06-03", "organization": "SHUT"})
    html = _refused(response, "organization")
    assert "does not exist on this date" in html
    assert MemberEvent.objects.count() == events
    register.an.refresh_from_db()
    assert register.an.organization_id == register.C1.id


def test_a_correction_through_the_form(register):
    moved = services.transfer(actor=None, member=register.an, organization=register.C3,
                              on=dt.date(2019, 5, 10))
    client = client_for(register.secretary)
    form = client.get(event_url(register.an), {"kind": "correction", "event": moved.pk}).content.decode()
    assert 'value="2019-05-10"' in form
    response = client.post(event_url(register.an), {
        "kind": "correction", "event": moved.pk, "on": "2019-05-13", "organization": "C3",
        "reason": "Nhập nhầm ngày"})
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.superseded_by.on == dt.date(2019, 5, 13)
    assert moved.superseded_by.correction_reason == "Nhập nhầm ngày"
    missing = client.post(event_url(register.an), {"kind": "correction", "event": moved.superseded_by.pk})
    _refused(missing, "reason")


def test_admit_and_register_forms(register):
    client = client_for(register.secretary)
    response = client.post(reverse("members:admit"), {
        "code": "M-00010", "full_name": "Hồ Thị Mai", "birth_date": "1998-08-08", "sex": "female",
        "organization": "C1", "on": "2024-09-02", "decision_number": "88-QĐ/ĐU",
        "decision_date": "2024-08-20", "theory_level": "none", "citizen_id": "046198000010"})
    assert response.status_code == 302 and response["Location"] == "/members/M-00010/"
    young = client.post(reverse("members:admit"), {
        "code": "M-00011", "full_name": "Hồ Văn Nhỏ", "birth_date": "2008-01-01", "sex": "male",
        "organization": "C1", "on": "2024-09-02", "theory_level": "none"})
    _refused(young, "on")  # under 18 on the admission date
    response = client.post(reverse("members:register"), {
        "code": "M-00012", "full_name": "Phan Văn Tới", "birth_date": "1980-01-01", "sex": "male",
        "organization": "C3", "entry_kind": "transfer", "registered_on": "2023-04-01",
        "admitted_on": "2005-01-01", "official_on": "2006-01-01", "theory_level": "none"})
    assert response.status_code == 302
    assert client_for(register.observer).get(reverse("members:admit")).status_code == 404


def test_years_and_codes_print_as_text_and_quantities_grouped(register):
    # "Năm sinh 1.988" was a bug: a year is not a quantity (issue 13.1).
    page = client_for(register.secretary).get(LIST).content.decode()
    assert ">1990<" in page and "1.990" not in page
    assert "M-00001" in page
