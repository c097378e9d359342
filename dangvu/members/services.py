"""Every write to the member register, one service per act of the lifecycle (PRODUCT.md §2). Each takes
`actor=` (None: the system or the CLI), re-checks the actor's scope inside the transaction, validates the
member's whole resulting history against the rules in force on each date (members.validation), stores the
event with its decision reference and its rule set, records the audit entry with before/after, and
replays the member's spans and current state (members.spans). Nothing is written on bad input."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.accounts.selectors import may, today
from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, NotFound, Problem
from dangvu.core.workdays import add_months
from dangvu.members import rules, spans
from dangvu.members.entries import Decision
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.validation import (
    NOT_RECOGNIZED,
    PROFILE_FIELDS,
    Profile,
    Step,
    check_decision_date,
    check_profile,
    new_findings,
    removal_problems,
)
from dangvu.organizations.models import Organization

EDIT = "register.edit"
# Events a clerk may enter late through `enter_late`; expulsion only comes through `expel`, restructuring
# through the organisations module.
LATE_KINDS = {
    EventKind.ADMISSION,
    EventKind.OFFICIAL,
    EventKind.TRANSFER,
    EventKind.TRANSFER_OUT,
    EventKind.TEMPORARY_TRANSFER,
    EventKind.TEMPORARY_RETURN,
    EventKind.EXEMPTION,
    EventKind.EXEMPTION_END,
    EventKind.REMOVAL,
    EventKind.DEATH,
    EventKind.READMISSION,
    EventKind.CARD_ISSUED,
}
CORRECTABLE = ("on", "organization", "until", "grounds", "decision", "note")


# --- helpers --------------------------------------------------------------------------------------------
def _in_scope(actor, *org_ids) -> None:
    for org_id in org_ids:
        if org_id is not None and not may(actor, EDIT, org_id):
            raise NotFound(_("Not found."))


def _organization(value, actor, field: str = "organization") -> Organization:
    """An organisation given as an instance, an id or a code. Unknown and out-of-scope are the same
    refusal, so that existence does not leak."""
    org: Organization | None
    if isinstance(value, Organization):
        org = value
    elif isinstance(value, int):
        org = Organization.objects.filter(pk=value).first()
    else:
        org = Organization.objects.filter(code=value or "").first()
    if org is None or not may(actor, EDIT, org.pk):
        raise InvalidInput.one(field, _("Unknown organisation."))
    return org


def _step(event: MemberEvent) -> Step:
    return Step(
        event.kind,
        event.on,
        event.organization_id,
        event.until,
        event.grounds,
        event.decision_date,
        key=event.pk,
    )


def _stored(member: Member) -> list[Step]:
    return [_step(e) for e in MemberEvent.objects.filter(member=member, superseded_by__isnull=True)]


def _orgs_of(steps: list[Step]) -> dict[int, Organization]:
    return Organization.objects.in_bulk({s.organization_id for s in steps if s.organization_id})


def _validate(
    member_profile: Profile,
    before: list[Step],
    after: list[Step],
    decision: Decision,
    extra: list[Problem] | None = None,
) -> None:
    day = today()
    problems = list(extra or []) + check_decision_date(decision.date, day)
    problems += new_findings(member_profile, before, after, _orgs_of(after), day)
    if problems:
        raise InvalidInput(problems)


def _profile(member: Member) -> Profile:
    return Profile(member.birth_date, member.admitted_on)


def _new_event(member: Member, step: Step, decision: Decision, **fields) -> MemberEvent:
    assert step.on is not None  # a step without a date fails validation before anything is written
    return MemberEvent.objects.create(
        member=member,
        kind=step.kind,
        on=step.on,
        organization_id=step.organization_id,
        until=step.until,
        grounds=step.grounds,
        decision_number=decision.number,
        decision_date=decision.date,
        decision_body=decision.body,
        rule_set=rules.rule_set_code(step.on),
        **fields,
    )


def _finish(actor, member: Member, action: str, before: dict | None, events: list[MemberEvent]) -> Member:
    spans.rebuild_for_members([member.pk])
    member.refresh_from_db()
    after = {**audit.snapshot(member), "events": [audit.snapshot(e) for e in events]}
    audit.record(
        actor=actor,
        action=action,
        obj=member,
        organization_id=member.organization_id,
        before=before,
        after=after,
    )
    return member


def _record(
    *,
    actor,
    member: Member,
    kind: str,
    on: dt.date,
    action: str,
    organization=None,
    decision: Decision | None = None,
    until: dt.date | None = None,
    grounds: str = "",
    note: str = "",
    source: str = "",
    reason: str = "",
    imported: bool = False,
    extra: list[Problem] | None = None,
    member_changes: dict | None = None,
) -> MemberEvent:
    """The common path of the services that add one event to an existing member."""
    decision = decision or Decision()
    with audit.atomic():
        locked = Member.objects.select_for_update().filter(pk=member.pk).first()
        if locked is None:
            raise NotFound(_("Not found."))
        member = locked
        _in_scope(actor, member.organization_id)
        org_id = _organization(organization, actor).pk if organization is not None else None
        step = Step(kind, on, org_id, until, grounds, decision.date)
        before_steps = _stored(member)
        _validate(_profile(member), before_steps, [*before_steps, step], decision, extra)
        before = audit.snapshot(member)
        event = _new_event(
            member, step, decision, note=note, source=source, correction_reason=reason, imported=imported
        )
        if member_changes:
            Member.objects.filter(pk=member.pk).update(**member_changes)
        _finish(actor, member, action, before, [event])
    return event


# --- entering the register ------------------------------------------------------------------------------
def _person_problems(code: str, values: dict) -> list[Problem]:
    problems = check_profile(values, today())
    unknown = set(values) - {"code", "full_name", "birth_date", "sex", *PROFILE_FIELDS}
    problems += [Problem(name, _("Unknown field.")) for name in sorted(unknown)]
    if code and Member.objects.filter(code=code).exists():
        problems.append(Problem("code", _("This member code is already on the register.")))
    return problems


def _create(
    *,
    actor,
    action: str,
    person: dict,
    admitted_on: dt.date | None,
    steps: list[Step],
    decision: Decision,
    organization: Organization,
) -> Member:
    with audit.atomic():
        _in_scope(actor, organization.pk)
        extra = _person_problems(person.get("code", ""), person)
        _validate(Profile(person.get("birth_date"), admitted_on), [], steps, decision, extra)
        member = Member.objects.create(**person, admitted_on=admitted_on, organization=organization)
        events = [_new_event(member, s, decision if s is steps[0] else Decision()) for s in steps]
        return _finish(actor, member, action, None, events)


def admit(
    *,
    actor,
    code: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    organization,
    on: dt.date,
    decision: Decision | None = None,
    profile: dict | None = None,
) -> Member:
    """Admission (kết nạp): `on` is the day of the admission ceremony; the decision is the committee's
    admission decision (the ceremony follows within 30 working days)."""
    org = _organization(organization, actor)
    person = {"code": code, "full_name": full_name, "birth_date": birth_date, "sex": sex, **(profile or {})}
    return _create(
        actor=actor,
        action="member.admit",
        person=person,
        admitted_on=on,
        steps=[Step(EventKind.ADMISSION, on, org.pk, decision_date=(decision or Decision()).date)],
        decision=decision or Decision(),
        organization=org,
    )


def register_existing(
    *,
    actor,
    code: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    organization,
    entry_kind: str,
    registered_on: dt.date,
    admitted_on: dt.date,
    official_on: dt.date | None = None,
    decision: Decision | None = None,
    profile: dict | None = None,
) -> Member:
    """A member who enters the register already a member: `transfer` (arrival from outside the register)
    or `opening` (already there when the records start), on `registered_on`."""
    kinds = {"transfer": EventKind.TRANSFER_IN, "opening": EventKind.OPENING}
    if entry_kind not in kinds:
        raise InvalidInput.one("entry_kind", _("The entry must be a transfer or an opening entry."))
    org = _organization(organization, actor)
    steps = [
        Step(
            kinds[entry_kind],
            registered_on,
            org.pk,
            decision_date=(decision or Decision()).date,
            field="registered_on",
        )
    ]
    if official_on:
        steps.append(Step(EventKind.OFFICIAL, official_on, field="official_on"))
    person = {"code": code, "full_name": full_name, "birth_date": birth_date, "sex": sex, **(profile or {})}
    return _create(
        actor=actor,
        action=f"member.register_{entry_kind}",
        person=person,
        admitted_on=admitted_on,
        steps=steps,
        decision=decision or Decision(),
        organization=org,
    )


def readmit(
    *, actor, member: Member, organization, on: dt.date, decision: Decision | None = None
) -> MemberEvent:
    """Re-admission (kết nạp lại) of a former member: a new probation follows."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.READMISSION,
        on=on,
        organization=organization,
        decision=decision,
        action="member.readmit",
    )


def reinstate(
    *, actor, member: Member, on: dt.date, organization=None, decision: Decision | None = None
) -> MemberEvent:
    """An expulsion annulled on appeal: the member returns (to the last unit unless another is given)."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.REINSTATEMENT,
        on=on,
        organization=organization if organization is not None else member.organization_id,
        decision=decision,
        action="member.reinstate",
    )


# --- probation ------------------------------------------------------------------------------------------
def probation_end(member: Member) -> dt.date | None:
    """The 12-month date of the current probation, or None when no rule set knows it."""
    rs = rules.rule_set_on(member.admitted_on)
    if member.admitted_on is None or rs is None:
        return None
    return add_months(member.admitted_on, rs.values.probation_months)


def recognize_official(
    *, actor, member: Member, decision: Decision, on: dt.date | None = None
) -> MemberEvent:
    """Recognition as official member: the official date is the end of probation (12 months from the
    admission ceremony) even when the decision comes later. `on` is needed only for an admission that no
    known rule set covers."""
    if decision is None or decision.date is None:
        raise InvalidInput.one("decision_date", _("The date of the recognition decision is required."))
    on = on or probation_end(member)
    if on is None:
        raise InvalidInput.one("on", _("A date is required."))
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.OFFICIAL,
        on=on,
        decision=decision,
        action="member.recognize_official",
    )


def refuse_official(*, actor, member: Member, on: dt.date, decision: Decision) -> MemberEvent:
    """Not recognised as official at the end of probation: removed from the rolls (Charter Art. 5)."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.REMOVAL,
        on=on,
        grounds=NOT_RECOGNIZED,
        decision=decision,
        action="member.refuse_official",
    )


# --- moves ----------------------------------------------------------------------------------------------
def transfer(
    *, actor, member: Member, organization, on: dt.date, decision: Decision | None = None
) -> MemberEvent:
    """Permanent transfer to another unit of the register, effective `on` (the letter presented); the
    decision is the transfer letter. The actor needs both the member's unit and the receiving one."""
    target = _organization(organization, actor)
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.TRANSFER,
        on=on,
        organization=target,
        decision=decision,
        action="member.transfer",
    )


def transfer_out(
    *, actor, member: Member, on: dt.date, destination: str = "", decision: Decision | None = None
) -> MemberEvent:
    """Departure by permanent transfer to a unit outside the register."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.TRANSFER_OUT,
        on=on,
        note=destination,
        decision=decision,
        action="member.transfer_out",
    )


def temporary_transfer(
    *,
    actor,
    member: Member,
    on: dt.date,
    until: dt.date,
    purpose: str,
    host: str = "",
    decision: Decision | None = None,
) -> MemberEvent:
    """Temporary transfer (an absence of 3 to under 12 months, or studies of 3 to 24 months): the
    registered unit does not change."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.TEMPORARY_TRANSFER,
        on=on,
        until=until,
        grounds=purpose,
        note=host,
        decision=decision,
        action="member.temporary_transfer",
    )


def end_temporary_transfer(
    *, actor, member: Member, on: dt.date, decision: Decision | None = None
) -> MemberEvent:
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.TEMPORARY_RETURN,
        on=on,
        decision=decision,
        action="member.temporary_return",
    )


def exempt(
    *, actor, member: Member, on: dt.date, until: dt.date | None = None, decision: Decision | None = None
) -> MemberEvent:
    """Exemption from work and activity (miễn công tác và sinh hoạt đảng): the member stays registered."""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.EXEMPTION,
        on=on,
        until=until,
        decision=decision,
        action="member.exempt",
    )


def end_exemption(*, actor, member: Member, on: dt.date, decision: Decision | None = None) -> MemberEvent:
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.EXEMPTION_END,
        on=on,
        decision=decision,
        action="member.exemption_end",
    )


# --- leaving --------------------------------------------------------------------------------------------
def remove(
    *,
    actor,
    member: Member,
    on: dt.date,
    ground: str,
    decision: Decision | None = None,
    months_inactive: int | None = None,
) -> MemberEvent:
    """Removal from the rolls (xóa tên), on one of REMOVAL_GROUNDS. For inactivity the months in the year
    without attending or paying fees are required (at least 3: Charter Art. 8)."""
    extra = removal_problems(ground, on, months_inactive)
    note = f"months_inactive={months_inactive}" if months_inactive is not None else ""
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.REMOVAL,
        on=on,
        grounds=ground,
        decision=decision,
        note=note,
        extra=extra,
        action="member.remove",
    )


def record_death(*, actor, member: Member, on: dt.date, decision: Decision | None = None) -> MemberEvent:
    return _record(actor=actor, member=member, kind=EventKind.DEATH, on=on, decision=decision,
                   action="member.death")


def expel(
    *,
    actor,
    member: Member,
    on: dt.date,
    decision: Decision | None = None,
    discipline=None,
    imported: bool = False,
) -> MemberEvent:
    """Expulsion, effective on its announcement `on`. Only the discipline module calls this, with its
    decision (`discipline=`), or an import of history older than the register (`imported=True`)."""
    if discipline is None and not imported:
        raise InvalidInput.one(
            "discipline", _("An expulsion is recorded only through a discipline decision.")
        )
    source = ""
    if discipline is not None:
        meta = getattr(discipline, "_meta", None)
        source = f"{meta.label_lower}:{discipline.pk}" if meta else str(discipline)
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.EXPULSION,
        on=on,
        decision=decision,
        source=source[:100],
        imported=imported and discipline is None,
        action="member.expel",
    )


# --- the card -------------------------------------------------------------------------------------------
def issue_card(
    *, actor, member: Member, on: dt.date, card_number: str, decision: Decision | None = None
) -> MemberEvent:
    """A party card, only to a member who is official on `on`."""
    extra = []
    if not card_number:
        extra.append(Problem("card_number", _("This field is required.")))
    elif Member.objects.filter(card_number=card_number).exclude(pk=member.pk).exists():
        extra.append(Problem("card_number", _("This card number belongs to another member.")))
    return _record(
        actor=actor,
        member=member,
        kind=EventKind.CARD_ISSUED,
        on=on,
        note=card_number,
        decision=decision,
        extra=extra,
        member_changes={"card_number": card_number, "card_issued_on": on},
        action="member.issue_card",
    )


# --- corrections and late entries -----------------------------------------------------------------------
def enter_late(
    *,
    actor,
    member: Member,
    kind: str,
    on: dt.date,
    reason: str,
    organization=None,
    decision: Decision | None = None,
    until: dt.date | None = None,
    grounds: str = "",
) -> MemberEvent:
    """An event entered after the fact, with the reason it comes late; judged with the history around it."""
    if not reason:
        raise InvalidInput.one("reason", _("A reason is required."))
    if kind not in LATE_KINDS:
        raise InvalidInput.one("kind", _("This kind of event cannot be entered here."))
    return _record(
        actor=actor,
        member=member,
        kind=kind,
        on=on,
        organization=organization,
        decision=decision,
        until=until,
        grounds=grounds,
        reason=reason,
        action="member.enter_late",
    )


def correct_event(*, actor, event: MemberEvent, reason: str, **changes) -> MemberEvent:
    """A wrong event is never edited: a corrected copy replaces it and the old one is marked superseded.
    The member's whole resulting history is validated again; figures follow; the audit keeps both."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise InvalidInput([Problem(name, _("This field cannot be corrected.")) for name in sorted(unknown)])
    if not reason:
        raise InvalidInput.one("reason", _("A reason is required."))
    with audit.atomic():
        old = MemberEvent.objects.select_for_update().filter(pk=event.pk).first()
        if old is None:
            raise NotFound(_("Not found."))
        if old.superseded_by_id is not None:
            raise InvalidInput.one("event", _("This event has already been corrected."))
        member = Member.objects.select_for_update().get(pk=old.member_id)
        _in_scope(actor, member.organization_id, old.organization_id)
        decision = changes.get("decision") or Decision(
            old.decision_number, old.decision_date, old.decision_body
        )
        org = changes.get("organization", old.organization_id)
        org_id = _organization(org, actor).pk if org is not None else None
        step = Step(
            old.kind,
            changes.get("on", old.on),
            org_id,
            changes.get("until", old.until),
            changes.get("grounds", old.grounds),
            decision.date,
        )
        before_steps = _stored(member)
        after_steps = [s for s in before_steps if s.key != old.pk] + [step]
        _validate(_profile(member), before_steps, after_steps, decision)
        before = {**audit.snapshot(member), "events": [audit.snapshot(old)]}
        new = _new_event(
            member,
            step,
            decision,
            note=changes.get("note", old.note),
            source=old.source,
            imported=old.imported,
            restructuring_id=old.restructuring_id,
            correction_reason=reason,
        )
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])
        _finish(actor, member, "member.correct_event", before, [old, new])
    return new
