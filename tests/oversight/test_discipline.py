"""Discipline through the services: the rules of PRODUCT.md refuse bad decisions naming the rule and write
nothing; the consequences (expulsion, removal from post, dissolution) happen in the same transaction."""

import datetime as dt
import itertools

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.members.figures import member_figures
from dangvu.members.models import Member
from dangvu.organizations.models import CommitteePost, Organization
from dangvu.oversight import discipline as d
from dangvu.oversight.models import DisciplineCase, DisciplineDecision

_codes = itertools.count(1)


def decide(subject, form, body, on, violation_on, announced_on=None, actor=None, subject_type="member", **kw):
    return d.record_discipline(
        actor=actor,
        code=f"KL-{next(_codes)}",
        subject_type=subject_type,
        subject=subject,
        form=form,
        decided_by=body,
        decided_on=on,
        announced_on=announced_on or on,
        violation_on=violation_on,
        **kw,
    )


def refused(call, field: str, rule_part: str):
    before = (DisciplineCase.objects.count(), DisciplineDecision.objects.count(), AuditEntry.objects.count())
    with pytest.raises(InvalidInput) as exc:
        call()
    problems = [p for p in exc.value.problems if p.field == field]
    assert problems, exc.value
    assert rule_part in problems[0].rule
    assert (
        DisciplineCase.objects.count(),
        DisciplineDecision.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    return problems[0]


@pytest.mark.parametrize(
    ("form", "violation", "last"),
    [
        ("reprimand", dt.date(2012, 3, 10), dt.date(2017, 3, 10)),
        ("reprimand", dt.date(2016, 2, 29), dt.date(2021, 2, 28)),
        ("warning", dt.date(2008, 2, 29), dt.date(2018, 2, 28)),
        ("warning", dt.date(2010, 8, 1), dt.date(2020, 8, 1)),
    ],
)
def test_limitation_period_day_before_on_and_after(people, form, violation, last):
    one = dt.timedelta(days=1)
    assert decide(people.an, form, people.W1, last - one, violation).rule_set
    assert decide(people.an, form, people.W1, last, violation).rule_set
    problem = refused(
        lambda: decide(people.an, form, people.W1, last + one, violation), "violation_on", "thời hiệu"
    )
    assert last.isoformat() in str(problem.message)


def test_removal_from_post_limitation_and_consequence(people):
    refused(
        lambda: decide(people.cuong, "removal_from_post", people.W1, dt.date(2020, 6, 2),
                       dt.date(2010, 6, 1)),
        "violation_on",
        "Quy định 102-QĐ/TW",
    )
    assert CommitteePost.objects.get(pk=people.post.pk).to_on is None
    decision = decide(
        people.cuong, "removal_from_post", people.W1, dt.date(2020, 6, 1), dt.date(2010, 6, 1),
                      announced_on=dt.date(2020, 6, 3)
    )
    assert CommitteePost.objects.get(pk=people.post.pk).to_on == dt.date(2020, 6, 3)
    assert decision.ended_posts == [people.post.pk]


def test_new_violation_restarts_the_period(people):
    refused(
        lambda: decide(people.an, "reprimand", people.W1, dt.date(2018, 1, 5), dt.date(2012, 6, 1)),
        "violation_on",
        "thời hiệu",
    )
    assert decide(
        people.an, "reprimand", people.W1, dt.date(2018, 1, 5), dt.date(2012, 6, 1),
                  new_violation_on=dt.date(2016, 1, 1)
    )


def test_forms_allowed_for_the_subject(people):
    refused(
        lambda: decide(people.binh, "expulsion", people.W1, dt.date(2017, 3, 1), dt.date(2017, 1, 1)),
        "form",
        "Điều lệ Đảng (2011), Điều 35",
    )
    refused(
        lambda: decide(
            people.C1, "expulsion", people.W1, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
                       subject_type="organization"
        ),
        "form",
        "Điều 35",
    )
    # Binh is official from 2017-09-01 (12 months after admission): expulsion is then a form for him.
    assert decide(people.binh, "warning", people.W1, dt.date(2017, 3, 1),
                  dt.date(2017, 1, 1)).standing == "probationary"


def test_authority_of_the_body(people):
    assert decide(people.an, "reprimand", people.C1, dt.date(2017, 3, 1), dt.date(2017, 1, 1))
    refused(
        lambda: decide(people.an, "expulsion", people.C1, dt.date(2017, 3, 1), dt.date(2017, 1, 1)),
        "decided_by",
        "Điều 36",
    )
    refused(
        lambda: decide(people.an, "reprimand", people.C2, dt.date(2017, 3, 1), dt.date(2017, 1, 1)),
        "decided_by",
        "Điều 36",
    )
    refused(
        lambda: decide(people.an, "reprimand", people.W2, dt.date(2017, 3, 1), dt.date(2017, 1, 1)),
        "decided_by",
        "Điều 36",
    )
    refused(
        lambda: decide(
            people.C1, "reprimand", people.C1, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
                       subject_type="organization"
        ),
        "decided_by",
        "Điều 36",
    )
    assert decide(
        people.C1, "reprimand", people.W1, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
                  subject_type="organization"
    )


def test_not_a_member_on_that_date(people):
    refused(
        lambda: decide(people.binh, "reprimand", people.W1, dt.date(2016, 8, 31), dt.date(2016, 8, 1)),
        "decided_on",
        "Điều lệ Đảng (2011), Điều 35",
    )


def test_expulsion_ends_membership_on_announcement(people):
    before = member_figures(people.T.id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    decide(people.an, "expulsion", people.W1, dt.date(2017, 6, 1), dt.date(2016, 12, 1),
           announced_on=dt.date(2017, 6, 5))
    an = Member.objects.get(pk=people.an.pk)
    assert (an.left_on, an.left_reason) == (dt.date(2017, 6, 5), "expelled")
    after = member_figures(people.T.id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert after["expelled"] == before["expelled"] + 1
    assert after["at_end"] == before["at_end"] - 1
    assert member_figures(people.T.id, dt.date(2017, 6, 4), dt.date(2017, 6, 4))["at_end"] == before["at_end"]


def test_refused_expulsion_writes_nothing(people):
    """The register refuses the expulsion (an event after it): the decision is rolled back with it."""
    from dangvu.members import services as members

    members.transfer(actor=None, member=people.an, organization=people.C1.pk and people.W1,
                     on=dt.date(2018, 1, 10))
    with pytest.raises(InvalidInput):
        decide(people.an, "expulsion", people.W1, dt.date(2017, 6, 1), dt.date(2016, 12, 1))
    assert not DisciplineDecision.objects.exists() and not DisciplineCase.objects.exists()
    assert Member.objects.get(pk=people.an.pk).left_on is None


def test_dissolution_closes_the_organisation(people):
    empty = Organization.objects.create(
        code="C3", name="Chi bộ 3", kind="cell", scope_parent=people.W1, established_on=dt.date(2000, 1, 1)
    )
    from dangvu.organizations.models import OrganizationParent

    OrganizationParent.objects.create(organization=empty, parent=people.W1, valid_from=dt.date(2000, 1, 1))
    decide(
        empty,
        "dissolution",
        people.T,
        dt.date(2019, 4, 1),
        dt.date(2019, 1, 1),
        announced_on=dt.date(2019, 4, 2),
        subject_type="organization",
    )
    assert Organization.objects.get(pk=empty.pk).closed_on == dt.date(2019, 4, 2)


def test_dissolution_with_members_needs_a_receiving_unit(people):
    case = d.open_case(
        actor=None,
        code="GT-1",
        subject_type="organization",
        subject=people.C2,
        handled_by=people.T,
        opened_on=dt.date(2019, 3, 1),
        violation_on=dt.date(2019, 1, 1),
    )
    with pytest.raises(InvalidInput):
        d.decide(
            actor=None,
            case=case,
            code="GT-1",
            form="dissolution",
            decided_by=people.T,
            decided_on=dt.date(2019, 4, 1),
            announced_on=dt.date(2019, 4, 2),
        )
    assert Organization.objects.get(pk=people.C2.pk).closed_on is None
    d.decide(
        actor=None,
        case=case,
        code="GT-1",
        form="dissolution",
        decided_by=people.T,
        decided_on=dt.date(2019, 4, 1),
        announced_on=dt.date(2019, 4, 2),
        receiving=people.W2,
    )
    assert Organization.objects.get(pk=people.C2.pk).closed_on == dt.date(2019, 4, 2)
    assert Member.objects.get(pk=people.dung.pk).organization == people.W2


@pytest.mark.parametrize(
    ("announced", "last"), [(dt.date(2017, 1, 31), dt.date(2017, 2, 28)), (dt.date(2024, 1, 31),
                                                                           dt.date(2024, 2, 29))]
)
def test_appeal_within_one_month(people, announced, last):
    one = dt.timedelta(days=1)
    violation = announced - dt.timedelta(days=60)
    decision = decide(people.an, "reprimand", people.W1, announced, violation)
    refused_appeal = pytest.raises(InvalidInput)
    with refused_appeal as exc:
        d.lodge_appeal(actor=None, decision=decision, lodged_on=last + one)
    assert "khiếu nại" in exc.value.problems[0].rule
    assert d.lodge_appeal(actor=None, decision=decision, lodged_on=last)
    other = decide(people.an, "warning", people.W1, announced, violation)
    assert d.lodge_appeal(actor=None, decision=other, lodged_on=last - one)


def test_appeal_annulled_reinstates(people):
    decision = decide(people.an, "expulsion", people.W1, dt.date(2017, 6, 1), dt.date(2016, 12, 1))
    appeal = d.lodge_appeal(actor=people.an_user, decision=decision, lodged_on=dt.date(2017, 6, 20))
    d.decide_appeal(
        actor=None, appeal=appeal, outcome="annulled", decided_by=people.T, decided_on=dt.date(2017, 8, 1)
    )
    assert Member.objects.get(pk=people.an.pk).left_on is None
    figures = member_figures(people.T.id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert (figures["expelled"], figures["reinstated"]) == (1, 1)
    assert DisciplineDecision.objects.get(pk=decision.pk).status == "annulled"


def test_appeal_changed_replaces_the_decision(people):
    decision = decide(people.an, "warning", people.W1, dt.date(2017, 6, 1), dt.date(2016, 12, 1))
    appeal = d.lodge_appeal(actor=None, decision=decision, lodged_on=dt.date(2017, 6, 20))
    d.decide_appeal(
        actor=None,
        appeal=appeal,
        outcome="changed",
        decided_by=people.T,
        decided_on=dt.date(2017, 8, 1),
        new_code="KL-NEW",
        new_form="reprimand",
    )
    new = DisciplineDecision.objects.get(code="KL-NEW")
    assert new.replaces_id == decision.pk and new.status == "in_force"
    assert DisciplineDecision.objects.get(pk=decision.pk).status == "changed"


def test_scope_of_writes(people):
    assert decide(people.an, "reprimand", people.W1, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
                  actor=people.inspector)
    with pytest.raises(NotFound):
        decide(people.dung, "reprimand", people.W2, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
               actor=people.inspector)
    with pytest.raises(NotFound):
        decide(people.an, "reprimand", people.W1, dt.date(2017, 3, 1), dt.date(2017, 1, 1),
               actor=people.secretary)
    # A stranger may not appeal someone else's decision.
    decision = DisciplineDecision.objects.get()
    with pytest.raises(NotFound):
        d.lodge_appeal(actor=people.outsider, decision=decision, lodged_on=dt.date(2017, 3, 5))


def test_appeal_problems_is_the_services_answer_before_tet(people):
    """A decision announced just before Tết 2025 (Tết holidays 25 January – 2 February): the appeal period
    in force (one month, counted in calendar days) ends on 24 February; the page's offer and the service's
    refusal come from the same appeal_problems."""
    announced, last = dt.date(2025, 1, 24), dt.date(2025, 2, 24)
    decision = decide(people.an, "reprimand", people.W1, announced, dt.date(2024, 12, 1))
    assert d.appeal_problems(decision, announced - dt.timedelta(days=1))[0].field == "lodged_on"
    assert d.appeal_problems(decision, announced) == []
    assert d.appeal_problems(decision, last) == []
    late = d.appeal_problems(decision, last + dt.timedelta(days=1))
    assert late and "2025-02-24" in str(late[0].message)
    with pytest.raises(InvalidInput):
        d.lodge_appeal(actor=None, decision=decision, lodged_on=last + dt.timedelta(days=1))
    d.lodge_appeal(actor=None, decision=decision, lodged_on=last)
    assert d.appeal_problems(decision, last)[0].field == "decision"  # one appeal pending at a time
