"""The lifecycle services: each rule with its real numbers, each refusal naming the field and the rule,
nothing written on refusal, figures and audit following every write."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.members import services as s
from dangvu.members.entries import Decision
from dangvu.members.figures import member_figures
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan

BORN, CEREMONY = dt.date(1995, 4, 2), dt.date(2017, 3, 15)


def person(code="A1", birth=BORN, **extra):
    return {"code": code, "full_name": "Nguyễn Văn An", "birth_date": birth, "sex": "male", **extra}


def admitted(tree, on=CEREMONY, **kw):
    return s.admit(
        actor=None,
        organization=tree["C1"],
        on=on,
        decision=Decision("12-QĐ/ĐU", on, "Đảng ủy"),
        **person(**kw),
    )


def fields(exc):
    return {p.field for p in exc.value.problems}


def refused(exc, field, rule_part=""):
    assert field in fields(exc), [p.render("en") for p in exc.value.problems]
    if rule_part:
        assert any(rule_part in p.rule for p in exc.value.problems if p.field == field)


def nothing_written(before_events, before_audit):
    assert MemberEvent.objects.count() == before_events and AuditEntry.objects.count() == before_audit


def test_admission_writes_the_event_the_spans_and_the_audit(tree):
    m = admitted(tree)
    assert m.organization_id == tree["C1"].id and m.status == "probationary"
    event = m.events.get()
    assert event.kind == EventKind.ADMISSION and event.rule_set == "charter-2016"
    assert event.decision_number == "12-QĐ/ĐU"
    figures = member_figures(tree["T"].id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert figures["admitted"] == 1 and figures["at_end"] == 1
    entry = AuditEntry.objects.get(action="member.admit")
    assert entry.organization_id == tree["C1"].id and '"kind":"admission"' in entry.after


def test_under_18_at_admission_is_refused_with_the_charter_article(tree):
    with pytest.raises(InvalidInput) as exc:
        admitted(tree, birth=dt.date(1999, 3, 16))  # 17 on 2017-03-15, 18 the next day
    refused(exc, "on", "Điều 1 khoản 2")
    assert not Member.objects.exists()
    assert admitted(tree, birth=dt.date(1999, 3, 15)).status == "probationary"


def test_before_any_rule_set_the_record_is_accepted_not_validated(tree):
    m = admitted(tree, on=dt.date(2010, 6, 1),
                 birth=dt.date(1993, 1, 1))  # 17, but no rule set is known for 2010
    assert m.events.get().rule_set == ""


def test_bad_dates_are_refused(tree):
    with pytest.raises(InvalidInput) as exc:
        admitted(tree, birth=dt.date(2018, 1, 1))
    assert "on" in fields(exc)  # admitted before birth
    with pytest.raises(InvalidInput) as exc:
        admitted(tree, on=dt.date.today() + dt.timedelta(days=3))
    refused(exc, "on")
    with pytest.raises(InvalidInput) as exc:
        s.admit(actor=None, organization="NOPE", on=dt.date(2017, 3, 15), **person())
    refused(exc, "organization")
    with pytest.raises(InvalidInput) as exc:
        s.admit(actor=None, organization=tree["OLD"], on=dt.date(2018, 3, 1), **person())
    refused(exc, "organization")
    assert not Member.objects.exists()


def test_the_ceremony_follows_the_decision_within_30_working_days_across_tet(tree):
    ok = s.admit(
        actor=None,
        organization=tree["C1"],
        on=dt.date(2017, 2, 28),
        decision=Decision("1", dt.date(2017, 1, 10)),
        **person("OK"),
    )
    assert ok.pk
    with pytest.raises(InvalidInput) as exc:
        s.admit(
            actor=None,
            organization=tree["C1"],
            on=dt.date(2017, 3, 1),
            decision=Decision("2", dt.date(2017, 1, 10)),
            **person("LATE"),
        )
    refused(exc, "on", "Hướng dẫn 01-HD/TW")


def test_duplicate_member_code_is_refused(tree):
    admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        admitted(tree)
    refused(exc, "code")


def test_official_on_is_the_twelve_month_date_even_when_the_decision_comes_later(tree):
    m = admitted(tree)
    event = s.recognize_official(
        actor=None, member=m, decision=Decision("40-QĐ/ĐU", dt.date(2018, 5, 2), "Đảng ủy")
    )
    assert event.on == dt.date(2018, 3, 15) and event.decision_date == dt.date(2018, 5, 2)
    m.refresh_from_db()
    assert m.official_on == dt.date(2018, 3, 15) and m.status == "official"
    assert member_figures(tree["T"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))["made_official"] == 1
    with pytest.raises(InvalidInput) as exc:
        s.recognize_official(actor=None, member=m, decision=Decision("41", dt.date(2018, 5, 3)))
    refused(exc, "on")  # already official


def test_recognition_cannot_precede_the_end_of_probation(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.recognize_official(actor=None, member=m, decision=Decision("40", dt.date(2018, 3, 1)))
    refused(exc, "decision_date")
    with pytest.raises(InvalidInput) as exc:
        s.enter_late(actor=None, member=m, kind=EventKind.OFFICIAL, on=dt.date(2018, 1, 15),
                     reason="old paper")
    refused(exc, "on", "Điều 5")
    with pytest.raises(InvalidInput) as exc:
        s.enter_late(actor=None, member=m, kind=EventKind.OFFICIAL, on=dt.date(2017, 3, 1),
                     reason="old paper")
    refused(exc, "on")  # official before admission


def test_not_recognised_means_removed(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.refuse_official(actor=None, member=m, on=dt.date(2018, 3, 1),
                          decision=Decision("9", dt.date(2018, 3, 1)))
    refused(exc, "on", "Điều 5")
    s.refuse_official(actor=None, member=m, on=dt.date(2018, 4, 2), decision=Decision("9",
                                                                                      dt.date(2018, 4, 2)))
    m.refresh_from_db()
    assert m.status == "left" and m.left_reason == "removed"
    assert member_figures(tree["T"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))["removed"] == 1


def test_transfer_moves_the_member_and_is_checked(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.transfer(actor=None, member=m, organization=tree["OLD"], on=dt.date(2018, 2, 1))
    refused(exc, "organization")  # closed on 2018-01-01
    with pytest.raises(InvalidInput) as exc:
        s.transfer(actor=None, member=m, organization=tree["C1"], on=dt.date(2017, 6, 1))
    refused(exc, "organization")  # already there
    with pytest.raises(InvalidInput) as exc:
        s.transfer(actor=None, member=m, organization=tree["C2"], on=dt.date(2017, 3, 15))
    refused(exc, "on")  # a second membership change on the admission day
    with pytest.raises(InvalidInput) as exc:
        s.transfer(actor=None, member=m, organization=tree["C2"], on=dt.date(2017, 3, 1))
    refused(exc, "on")  # not yet on the register
    with pytest.raises(InvalidInput) as exc:  # letter of 10 Jan 2018 presented 31 working days later (Tết)
        s.transfer(
            actor=None,
            member=m,
            organization=tree["C2"],
            on=dt.date(2018, 3, 1),
            decision=Decision("5", dt.date(2018, 1, 10)),
        )
    refused(exc, "on", "Hướng dẫn 01-HD/TW")
    s.transfer(
        actor=None,
        member=m,
        organization=tree["C2"],
        on=dt.date(2018, 2, 28),
        decision=Decision("5", dt.date(2018, 1, 10)),
    )
    m.refresh_from_db()
    assert m.organization_id == tree["C2"].id
    assert member_figures(tree["W1"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))["transferred_out"] == 1


def test_temporary_transfer_and_exemption_never_change_the_unit(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.temporary_transfer(actor=None, member=m, on=dt.date(2018, 1, 2), until=dt.date(2019, 1, 2),
                             purpose="absence")
    refused(exc, "until", "01-HD/TW")  # an absence is under 12 months
    with pytest.raises(InvalidInput) as exc:
        s.temporary_transfer(actor=None, member=m, on=dt.date(2018, 1, 2), until=dt.date(2018, 3, 1),
                             purpose="absence")
    refused(exc, "until")  # under 3 months
    with pytest.raises(InvalidInput) as exc:
        s.temporary_transfer(actor=None, member=m, on=dt.date(2018, 1, 2), until=dt.date(2020, 1, 3),
                             purpose="study")
    refused(exc, "until")  # studies up to 24 months
    s.temporary_transfer(actor=None, member=m, on=dt.date(2018, 1, 2), until=dt.date(2020, 1, 2),
                         purpose="study")
    s.end_temporary_transfer(actor=None, member=m, on=dt.date(2019, 12, 20))
    s.exempt(actor=None, member=m, on=dt.date(2020, 2, 3))
    with pytest.raises(InvalidInput):
        s.exempt(actor=None, member=m, on=dt.date(2020, 3, 3))
    s.end_exemption(actor=None, member=m, on=dt.date(2020, 6, 1))
    m.refresh_from_db()
    assert m.organization_id == tree["C1"].id
    assert MembershipSpan.objects.filter(member=m, ancestor=tree["C1"], end_on__isnull=True).count() == 1


def test_removal_for_inactivity_needs_three_months(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.remove(actor=None, member=m, on=dt.date(2019, 1, 7), ground="inactivity", months_inactive=2)
    refused(exc, "months_inactive", "Điều 8 khoản 2")
    with pytest.raises(InvalidInput) as exc:
        s.remove(actor=None, member=m, on=dt.date(2019, 1, 7), ground="laziness")
    refused(exc, "ground")
    s.remove(actor=None, member=m, on=dt.date(2019, 1, 7), ground="inactivity", months_inactive=3)
    with pytest.raises(InvalidInput) as exc:
        s.exempt(actor=None, member=m, on=dt.date(2019, 2, 1))
    refused(exc, "on")  # no longer on the register
    s.readmit(actor=None, member=m, organization=tree["C2"], on=dt.date(2021, 5, 4))
    m.refresh_from_db()
    assert m.status == "probationary" and m.admitted_on == dt.date(2021, 5, 4) and m.official_on is None


def test_nothing_follows_a_death(tree):
    m = admitted(tree)
    s.record_death(actor=None, member=m, on=dt.date(2019, 8, 1))
    counts = MemberEvent.objects.count(), AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as exc:
        s.readmit(actor=None, member=m, organization=tree["C1"], on=dt.date(2020, 1, 1))
    refused(exc, "on")
    with pytest.raises(InvalidInput) as exc:  # a transfer entered late, after the death
        s.enter_late(
            actor=None,
            member=m,
            kind=EventKind.TRANSFER,
            on=dt.date(2019, 9, 1),
            reason="x",
            organization=tree["C2"],
        )
    refused(exc, "on")
    nothing_written(*counts)


def test_card_only_for_an_official_member(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.issue_card(actor=None, member=m, on=dt.date(2017, 9, 1), card_number="123456")
    refused(exc, "on", "01-HD/TW")
    s.recognize_official(actor=None, member=m, decision=Decision("40", dt.date(2018, 4, 2)))
    s.issue_card(actor=None, member=m, on=dt.date(2018, 5, 19), card_number="123456")
    m.refresh_from_db()
    assert m.card_number == "123456" and m.card_issued_on == dt.date(2018, 5, 19)


def test_expulsion_only_through_discipline_and_reinstatement(tree):
    m = admitted(tree)
    with pytest.raises(InvalidInput) as exc:
        s.expel(actor=None, member=m, on=dt.date(2019, 1, 10))
    refused(exc, "discipline")
    s.expel(actor=None, member=m, on=dt.date(2019, 1, 10), discipline="KL-07")
    event = m.events.get(kind=EventKind.EXPULSION)
    assert event.source == "KL-07" and not event.imported
    assert member_figures(tree["T"].id, dt.date(2019, 1, 1), dt.date(2019, 12, 31))["expelled"] == 1
    s.reinstate(actor=None, member=m, on=dt.date(2019, 3, 1))
    m.refresh_from_db()
    assert m.organization_id == tree["C1"].id and m.status == "probationary"
    assert member_figures(tree["T"].id, dt.date(2019, 1, 1), dt.date(2019, 12, 31))["reinstated"] == 1
    with pytest.raises(InvalidInput):
        s.reinstate(actor=None, member=m, on=dt.date(2019, 4, 1))  # not expelled any more


def test_register_existing_member_by_opening_and_by_transfer(tree):
    m = s.register_existing(
        actor=None,
        organization=tree["C2"],
        entry_kind="opening",
        registered_on=dt.date(2017, 1, 1),
        admitted_on=dt.date(1990, 5, 19),
        official_on=dt.date(1991, 5, 19),
        **person("O1", dt.date(1965, 1, 1)),
    )
    assert m.status == "official" and m.official_on == dt.date(1991, 5, 19)
    assert member_figures(tree["T"].id, dt.date(2017, 1, 1), dt.date(2017, 1, 31))["opening"] == 1
    t = s.register_existing(
        actor=None,
        organization=tree["C2"],
        entry_kind="transfer",
        registered_on=dt.date(2018, 1, 3),
        admitted_on=dt.date(2017, 2, 1),
        official_on=dt.date(2018, 2, 1),
        **person("T1", dt.date(1990, 1, 1)),
    )
    assert t.status == "official" and t.official_on == dt.date(2018, 2, 1)
    with pytest.raises(InvalidInput) as exc:
        s.register_existing(
            actor=None,
            organization=tree["C2"],
            entry_kind="transfer",
            registered_on=dt.date(2018, 1, 3),
            admitted_on=dt.date(2017, 2, 1),
            official_on=dt.date(2018, 1, 20),
            **person("T2", dt.date(1990, 1, 1)),
        )
    refused(exc, "official_on", "Điều 5")


def test_correction_supersedes_the_event_and_the_figures_follow(tree):
    m = admitted(tree)
    wrong = s.transfer(actor=None, member=m, organization=tree["C2"], on=dt.date(2018, 6, 1))
    new = s.correct_event(actor=None, event=wrong, reason="wrong date on the letter", on=dt.date(2019, 6, 3))
    wrong.refresh_from_db()
    # the old one is kept, unedited
    assert wrong.superseded_by_id == new.pk and wrong.on == dt.date(2018, 6, 1)
    assert new.correction_reason == "wrong date on the letter"
    assert member_figures(tree["W1"].id, dt.date(2018, 1, 1), dt.date(2018, 12, 31))["transferred_out"] == 0
    assert member_figures(tree["W1"].id, dt.date(2019, 1, 1), dt.date(2019, 12, 31))["transferred_out"] == 1
    entry = AuditEntry.objects.get(action="member.correct_event")
    assert "2018-06-01" in entry.before and "2019-06-03" in entry.after
    s.record_death(actor=None, member=m, on=dt.date(2020, 1, 2))
    with pytest.raises(InvalidInput) as exc:  # the whole history is checked again: a transfer after the death
        s.correct_event(actor=None, event=new, reason="again", on=dt.date(2020, 2, 3))
    refused(exc, "on")
    with pytest.raises(InvalidInput) as exc:
        s.correct_event(actor=None, event=wrong, reason="twice", on=dt.date(2019, 1, 3))
    refused(exc, "event")


def test_scope_is_checked_for_the_actor(tree, hoa, nam):
    m = s.admit(actor=hoa, organization=tree["C1"], on=dt.date(2017, 3, 15), **person())
    assert m.events.count() == 1
    with pytest.raises(InvalidInput) as exc:  # W2 is outside Hoa's scope: reads as unknown
        s.admit(actor=hoa, organization=tree["C2"], on=dt.date(2017, 3, 15), **person("B2"))
    refused(exc, "organization")
    with pytest.raises(NotFound):
        s.record_death(actor=nam, member=m, on=dt.date(2019, 1, 1))
    with pytest.raises(InvalidInput):  # Hoa may not move the member out of her scope
        s.transfer(actor=hoa, member=m, organization=tree["C2"], on=dt.date(2018, 1, 2))
    other = s.admit(actor=None, organization=tree["C2"], on=dt.date(2017, 3, 15), **person("B3"))
    with pytest.raises(NotFound):
        s.record_death(actor=hoa, member=other, on=dt.date(2019, 1, 1))
    assert AuditEntry.objects.filter(action="member.death").count() == 0
