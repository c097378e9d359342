"""The oversight pages: scope (404 outside), the audited case page, the deadline view, the member's own
decision with the appeal form, and marking a recommendation carried out."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.audit.models import AuditEntry
from dangvu.oversight import discipline, services
from dangvu.oversight.models import Appeal, Recommendation


def client_for(user):
    """Logged in, and for staff verified with a TOTP device (django_otp keeps the device in the session)."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_review_pages_and_recommendation(people):
    review = services.record_review(
        actor=None,
        activity="inspection",
        code="KT-1",
        subject_type="organization",
        subject=people.C1,
        conducted_by=people.W1,
        kind="party_fee",
        started_on=dt.date(2024, 3, 1),
        concluded_on=dt.date(2024, 4, 1),
        violation_found=True,
    )
    rec = services.recommend(
        actor=None,
        review=review,
        text="Thu đủ đảng phí",
        owner_organization=people.C1,
        deadline=dt.date(2024, 6, 1),
    )
    secretary = client_for(people.secretary)
    page = secretary.get(reverse("oversight:deadlines"))
    assert page.status_code == 200 and "Thu đủ đảng phí" in page.content.decode()
    assert secretary.get(reverse("oversight:review", args=[review.pk])).status_code == 200
    assert "KT-1" in secretary.get(reverse("oversight:reviews", args=["inspection"])).content.decode()
    assert client_for(people.outsider).get(reverse("oversight:review", args=[review.pk])).status_code == 404
    # The secretary may see but not record; the inspector records.
    secretary.post(reverse("oversight:recommendation_done", args=[rec.pk]), {"on": "2024-05-20"})
    assert Recommendation.objects.get(pk=rec.pk).status == "open"
    inspector = client_for(people.inspector)
    inspector.post(reverse("oversight:recommendation_done", args=[rec.pk]), {"on": "2024-05-20"})
    assert Recommendation.objects.get(pk=rec.pk).done_on == dt.date(2024, 5, 20)


def test_case_pages_are_confidential_and_audited(people):
    decision = discipline.record_discipline(
        actor=None,
        code="KL-1",
        subject_type="member",
        subject=people.an,
        form="reprimand",
        decided_by=people.W1,
        decided_on=dt.date(2017, 3, 1),
        announced_on=dt.date(2017, 3, 2),
        violation_on=dt.date(2017, 1, 1),
    )
    url = reverse("oversight:case", args=[decision.case_id])
    assert client_for(people.secretary).get(url).status_code == 404
    assert client_for(people.observer).get(url).status_code == 404
    before = AuditEntry.objects.filter(confidential=True, action__endswith=".read").count()
    page = client_for(people.inspector).get(url)
    assert page.status_code == 200 and "KL-1" in page.content.decode()
    assert AuditEntry.objects.filter(confidential=True, action__endswith=".read").count() == before + 1
    assert "KL-1" in client_for(people.standing).get(reverse("oversight:cases")).content.decode()


def test_member_sees_and_appeals_own_decision(people):
    from dangvu.accounts.selectors import today

    day = today() - dt.timedelta(days=3)
    decision = discipline.record_discipline(
        actor=None,
        code="KL-2",
        subject_type="member",
        subject=people.an,
        form="warning",
        decided_by=people.W1,
        decided_on=day,
        announced_on=day,
        violation_on=day - dt.timedelta(days=40),
    )
    an = client_for(people.an_user)
    url = reverse("oversight:decision", args=[decision.pk])
    assert an.get(url).status_code == 200
    assert an.get(reverse("oversight:case", args=[decision.case_id])).status_code == 404
    an.post(url, {"grounds": "Tôi xin trình bày lại."})
    assert Appeal.objects.get().decision_id == decision.pk
    assert client_for(people.outsider).get(url).status_code == 404
