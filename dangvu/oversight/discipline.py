"""Every write of discipline (PRODUCT.md §5): cases, decisions and appeals. Each service takes `actor=`
(None: the system, the CLI, the demo), checks `discipline.edit` on the case's unit, validates against the
rule set in force on the decision's date (oversight.rules) and writes inside one `audit.atomic()` together
with the consequences: an expulsion ends the membership on its announcement (members.services.expel), a
removal from post ends the posts held (organizations.services.end_post), a dissolution closes the
organisation (organizations.services.restructure). Nothing is written on bad input.

The consequences are written by the system actor: the register and the tree ask `register.edit`, which
inspection staff do not hold; the discipline entry in the same correlation names the person."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import is_self, may
from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, NotFound, Problem
from dangvu.members import services as members
from dangvu.members.entries import Decision
from dangvu.organizations import services as organizations
from dangvu.organizations.models import CommitteePost, OrgKind
from dangvu.oversight import rules
from dangvu.oversight.models import (
    Appeal,
    AppealOutcome,
    CaseStatus,
    DecisionStatus,
    DisciplineCase,
    DisciplineDecision,
    Form,
    Review,
    SourceKind,
    SubjectType,
)
from dangvu.oversight.subjects import (
    in_subtree_on,
    member_standing,
    organization_standing,
    resolve_body,
    resolve_subject,
)

EDIT = Action.EDIT_DISCIPLINE
CELL_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)


def _require(actor, organization_id: int | None) -> None:
    if not may(actor, EDIT, organization_id):
        raise NotFound(_("Not found."))


def _fail(field: str, message, rule: str = "") -> InvalidInput:
    return InvalidInput([Problem(field, message, rule)])


def _standing(subject_type, organization, member, day: dt.date, field: str):
    if subject_type == SubjectType.MEMBER:
        standing = member_standing(member, day)
        if standing is None:
            raise _fail(
                field,
                format_lazy(
                    _("{name} was not a party member on {day}."), name=member.full_name, day=day.isoformat()
                ),
                rules.RULE_SETS[0].cite(rules.MEMBERSHIP),
            )
    else:
        standing = organization_standing(organization, day)
        if standing is None:
            raise _fail(
                field, format_lazy(_("The organisation did not exist on {day}."), day=day.isoformat())
            )
    return standing


def _case_unit(subject_type, organization, member, day: dt.date) -> int:
    """The unit a case is filed under for scope: the member's unit, or the unit above the organisation."""
    if subject_type == SubjectType.MEMBER:
        standing = member_standing(member, day)
        return standing.unit_id if standing else member.organization_id
    standing = organization_standing(organization, day)
    return (standing.parent_id or organization.id) if standing else organization.id


# --- the rules of a decision -------------------------------------------------------------------------------
def check_decision(
    *,
    case: DisciplineCase,
    form: str,
    body,
    decided_on: dt.date,
    announced_on: dt.date | None,
    limitation: bool = True,
) -> tuple[rules.RuleSet | None, str]:
    """The rule set that judged the decision (None: before any known rule set, not validated) and the
    subject's standing on `decided_on`; InvalidInput naming the rule otherwise."""
    problems: list[Problem] = []
    if form not in Form.values:
        raise _fail(
            "form", format_lazy(_("Unknown form; use one of: {forms}."), forms=", ".join(Form.values))
        )
    if announced_on is None:
        raise _fail("announced_on", _("The date of announcement is required."))
    standing = _standing(
        case.subject_type, case.subject_organization, case.subject_member, decided_on, "decided_on"
    )
    rs = rules.rule_set_on(decided_on)
    if announced_on < decided_on:
        problems.append(
            Problem(
                "announced_on",
                _("A decision is announced on or after the day it is made; it takes effect on announcement."),
                rs.cite(rules.EFFECT) if rs else "",
            )
        )
    if rs is None:
        if problems:
            raise InvalidInput(problems)
        return None, standing.standing
    if form not in rs.allowed_forms(standing.standing):
        label = {
            rules.OFFICIAL: _("an official member"),
            rules.PROBATIONARY: _("a probationary member"),
            rules.ORGANIZATION: _("an organisation"),
        }[standing.standing]
        problems.append(
            Problem(
                "form",
                format_lazy(_("The form {form} is not allowed for {subject}."), form=form, subject=label),
                rs.cite(rules.FORMS),
            )
        )
    if case.subject_type == SubjectType.MEMBER:
        above = in_subtree_on(standing.unit_id, body.id, decided_on)
        if not above:
            problems.append(
                Problem(
                    "decided_by",
                    _("The deciding body is not the member's organisation nor one above it on that date."),
                    rs.cite(rules.AUTHORITY),
                )
            )
        elif body.kind in CELL_KINDS and (body.id != standing.unit_id or form not in rs.values.cell_forms):
            problems.append(
                Problem(
                    "decided_by",
                    _(
                        "A cell may only reprimand or warn its own members; other "
                        "forms are decided by a higher committee."
                    ),
                    rs.cite(rules.AUTHORITY),
                )
            )
    else:
        parent = standing.parent_id
        if parent is None or not in_subtree_on(parent, body.id, decided_on) or body.kind in CELL_KINDS:
            problems.append(
                Problem(
                    "decided_by",
                    _("An organisation is disciplined by a committee above it on that date."),
                    rs.cite(rules.AUTHORITY),
                )
            )
    if limitation:
        last = rs.limitation_ends(form, case.violation_on, case.new_violation_on)
        if case.violation_on > decided_on:
            problems.append(Problem("violation_on", _("The violation is dated after the decision.")))
        elif last is not None and decided_on > last:
            problems.append(
                Problem(
                    "violation_on",
                    format_lazy(
                        _("The limitation period for {form} ended on {day}."), form=form, day=last.isoformat()
                    ),
                    rs.cite(rules.LIMITATION),
                )
            )
    if problems:
        raise InvalidInput(problems)
    return rs, standing.standing


# --- cases ---------------------------------------------------------------------------------------------
def open_case(
    *,
    actor,
    code: str,
    subject_type: str,
    subject,
    handled_by,
    opened_on: dt.date,
    violation_on: dt.date,
    new_violation_on: dt.date | None = None,
    source_kind: str = SourceKind.DIRECT,
    source_review: Review | None = None,
    source_reference: str = "",
    summary: str = "",
) -> DisciplineCase:
    code = (code or "").strip()
    organization, member = resolve_subject(subject_type, subject)
    body = resolve_body(handled_by, "handled_by")
    problems = []
    if not code:
        problems.append(Problem("code", _("The code is required.")))
    elif DisciplineCase.objects.filter(code=code).exists():
        problems.append(Problem("code", _("Another case already has this code.")))
    if source_kind not in SourceKind.values:
        problems.append(Problem("source_kind", _("Unknown source.")))
    elif source_kind == SourceKind.CONCLUSION and source_review is None:
        problems.append(Problem("source_review", _("A case opened from a conclusion names that conclusion.")))
    if violation_on is None or violation_on > opened_on:
        problems.append(Problem("violation_on", _("The violation must be dated on or before the opening.")))
    if new_violation_on is not None and violation_on is not None and new_violation_on <= violation_on:
        problems.append(Problem("new_violation_on", _("A new violation comes after the first one.")))
    if problems:
        raise InvalidInput(problems)
    unit = _case_unit(subject_type, organization, member, opened_on)
    with audit.atomic():
        _require(actor, unit)
        case = DisciplineCase.objects.create(
            code=code,
            subject_type=subject_type,
            subject_organization=organization,
            subject_member=member,
            organization_id=unit,
            handled_by=body,
            source_kind=source_kind,
            source_review=source_review,
            source_reference=source_reference.strip(),
            opened_on=opened_on,
            violation_on=violation_on,
            new_violation_on=new_violation_on,
            summary=summary.strip(),
        )
        audit.record(
            actor=actor,
            action="discipline.case.open",
            obj=case,
            organization_id=unit,
            after=audit.snapshot(case),
            confidential=True,
        )
    return case


def close_case(*, actor, case: DisciplineCase, on: dt.date, summary: str = "") -> DisciplineCase:
    """The case ends without a decision (no discipline)."""
    with audit.atomic():
        case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
        _require(actor, case.organization_id)
        if case.status != CaseStatus.OPEN:
            raise _fail("status", _("The case is no longer open."))
        if on < case.opened_on:
            raise _fail("on", _("A case closes on or after the day it opened."))
        before = audit.snapshot(case)
        case.status, case.closed_on = CaseStatus.CLOSED, on
        if summary:
            case.summary = summary.strip()
        case.save()
        audit.record(
            actor=actor,
            action="discipline.case.close",
            obj=case,
            organization_id=case.organization_id,
            before=before,
            after=audit.snapshot(case),
            confidential=True,
        )
    return case


# --- decisions -----------------------------------------------------------------------------------------
def _consequences(decision: DisciplineDecision, case: DisciplineCase, receiving=None) -> None:
    reference = Decision(number=decision.code, date=decision.decided_on, body=decision.decided_by.name)
    on = decision.announced_on
    if decision.form == Form.EXPULSION:
        members.expel(actor=None, member=case.subject_member, on=on, decision=reference, discipline=decision)
    elif decision.form == Form.REMOVAL_FROM_POST:
        held = CommitteePost.objects.filter(member=case.subject_member, from_on__lt=on).filter(
            Q(to_on__isnull=True) | Q(to_on__gt=on)
        )
        ended = [organizations.end_post(actor=None, post=p, on=on, note=decision.code).pk for p in held]
        decision.ended_posts = ended
        decision.save(update_fields=["ended_posts"])
    elif decision.form == Form.DISSOLUTION:
        operation = "merge" if receiving is not None else "close"
        organizations.restructure(
            actor=None,
            on=on,
            operation=operation,
            organization=case.subject_organization,
            target=receiving,
            decision_number=decision.code,
            note=str(_("Dissolved by a discipline decision")),
        )


def decide(
    *,
    actor,
    case: DisciplineCase,
    code: str,
    form: str,
    decided_by,
    decided_on: dt.date,
    announced_on: dt.date,
    receiving=None,
) -> DisciplineDecision:
    """The decision that ends `case`. `receiving`: for a dissolution of an organisation that still has
    members or units, the unit that takes them (a merge); an empty one is simply closed."""
    code = (code or "").strip()
    body = resolve_body(decided_by, "decided_by")
    if not code:
        raise _fail("code", _("The code is required."))
    with audit.atomic():
        case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
        _require(actor, case.organization_id)
        if case.status != CaseStatus.OPEN:
            raise _fail("code", _("The case is no longer open."))
        if DisciplineDecision.objects.filter(code=code).exists():
            raise _fail("code", _("Another decision already has this number."))
        if decided_on < case.opened_on:
            raise _fail("decided_on", _("A decision comes on or after the opening of its case."))
        rs, standing = check_decision(
            case=case, form=form, body=body, decided_on=decided_on, announced_on=announced_on
        )
        decision = DisciplineDecision.objects.create(
            code=code,
            case=case,
            form=form,
            decided_by=body,
            decided_on=decided_on,
            announced_on=announced_on,
            standing=standing,
            rule_set=rs.code if rs else "",
        )
        before = audit.snapshot(case)
        case.status, case.closed_on = CaseStatus.DECIDED, decided_on
        case.save(update_fields=["status", "closed_on"])
        _consequences(decision, case, receiving)
        audit.record(
            actor=actor,
            action="discipline.decide",
            obj=decision,
            organization_id=case.organization_id,
            before=before,
            after={**audit.snapshot(decision), "case": audit.snapshot(case)},
            confidential=True,
        )
    return decision


def record_discipline(
    *,
    actor,
    code: str,
    subject_type: str,
    subject,
    form: str,
    decided_by,
    decided_on: dt.date,
    announced_on: dt.date,
    violation_on: dt.date,
    new_violation_on: dt.date | None = None,
    source_kind: str = SourceKind.DIRECT,
    source_review: Review | None = None,
    summary: str = "",
) -> DisciplineDecision:
    """A case and its decision at once (KIND `disciplines`; decisions recorded after the fact)."""
    with audit.atomic():
        case = open_case(
            actor=actor,
            code=code,
            subject_type=subject_type,
            subject=subject,
            handled_by=decided_by,
            opened_on=decided_on,
            violation_on=violation_on,
            new_violation_on=new_violation_on,
            source_kind=source_kind,
            source_review=source_review,
            summary=summary,
        )
        return decide(
            actor=actor,
            case=case,
            code=code,
            form=form,
            decided_by=decided_by,
            decided_on=decided_on,
            announced_on=announced_on,
        )


# --- appeals -------------------------------------------------------------------------------------------
def appeal_problems(decision: DisciplineDecision, on: dt.date) -> list[Problem]:
    """Why an appeal against `decision` lodged on `on` is refused (empty: it may be lodged). The one
    answer for the service and for the page that offers the appeal."""
    if decision.status != DecisionStatus.IN_FORCE:
        return [Problem("decision", _("The decision is no longer in force."))]
    if decision.appeals.filter(outcome=AppealOutcome.PENDING).exists():
        return [Problem("decision", _("An appeal against this decision is already being considered."))]
    if on < decision.announced_on:
        return [Problem("lodged_on", _("An appeal is lodged after the decision is announced."))]
    rs = rules.rule_set_on(decision.announced_on)
    if rs is not None and on > rs.appeal_ends(decision.announced_on):
        return [
            Problem(
                "lodged_on",
                format_lazy(
                    _("The time for an appeal ended on {day} (one month after the announcement)."),
                    day=rs.appeal_ends(decision.announced_on).isoformat(),
                ),
                rs.cite(rules.APPEAL),
            )
        ]
    return []


def lodge_appeal(*, actor, decision: DisciplineDecision, lodged_on: dt.date, grounds: str = "") -> Appeal:
    """An appeal, lodged within one month of the announcement by the disciplined member (or recorded by
    inspection staff); the decision stays in force meanwhile."""
    with audit.atomic():
        decision = DisciplineDecision.objects.select_for_update().select_related("case").get(pk=decision.pk)
        case = decision.case
        if not (is_self(actor, case.subject_member_id) or may(actor, EDIT, case.organization_id)):
            raise NotFound(_("Not found."))
        problems = appeal_problems(decision, lodged_on)
        if problems:
            raise InvalidInput(problems)
        appeal = Appeal.objects.create(decision=decision, lodged_on=lodged_on, grounds=grounds.strip())
        audit.record(
            actor=actor,
            action="discipline.appeal.lodge",
            obj=appeal,
            organization_id=case.organization_id,
            after=audit.snapshot(appeal),
            confidential=True,
        )
    return appeal


def _undo_expulsion(decision: DisciplineDecision, on: dt.date) -> None:
    if decision.form == Form.EXPULSION:
        members.reinstate(
            actor=None,
            member=decision.case.subject_member,
            on=on,
            decision=Decision(number=decision.code, date=on),
        )


def decide_appeal(
    *,
    actor,
    appeal: Appeal,
    outcome: str,
    decided_by,
    decided_on: dt.date,
    new_code: str = "",
    new_form: str = "",
) -> Appeal:
    """The outcome of an appeal: `upheld`; `annulled` (an expelled member is reinstated on `decided_on`);
    `changed` to `new_form` by a new decision `new_code` that replaces the old one from `decided_on`."""
    body = resolve_body(decided_by, "decided_by")
    with audit.atomic():
        appeal = Appeal.objects.select_for_update().select_related("decision__case").get(pk=appeal.pk)
        old, case = appeal.decision, appeal.decision.case
        _require(actor, case.organization_id)
        if appeal.outcome != AppealOutcome.PENDING:
            raise _fail("outcome", _("This appeal is already decided."))
        if outcome not in (AppealOutcome.UPHELD, AppealOutcome.CHANGED, AppealOutcome.ANNULLED):
            raise _fail("outcome", _("The outcome must be upheld, changed or annulled."))
        if decided_on < appeal.lodged_on:
            raise _fail("decided_on", _("An appeal is decided after it is lodged."))
        if outcome != AppealOutcome.UPHELD and old.form in (Form.DISSOLUTION, Form.REMOVAL_FROM_POST):
            raise _fail(
                "outcome",
                _(
                    "Restoring a dissolved organisation or an ended post is recorded by the "
                    "organisation's services; record the appeal as upheld or do that first."
                ),
            )
        before = audit.snapshot(appeal)
        if outcome == AppealOutcome.ANNULLED:
            _undo_expulsion(old, decided_on)
            old.status = DecisionStatus.ANNULLED
            old.save(update_fields=["status"])
        elif outcome == AppealOutcome.CHANGED:
            if new_form == old.form:
                raise _fail("new_form", _("A changed decision has another form."))
            if not new_code or DisciplineDecision.objects.filter(code=new_code).exists():
                raise _fail("new_code", _("The new decision needs a number of its own."))
            # The limitation period was met by the first decision; form and authority are judged again.
            rs, standing = check_decision(
                case=case,
                form=new_form,
                body=body,
                decided_on=decided_on,
                announced_on=decided_on,
                limitation=False,
            )
            _undo_expulsion(old, decided_on)
            old.status = DecisionStatus.CHANGED
            old.save(update_fields=["status"])
            new = DisciplineDecision.objects.create(
                code=new_code,
                case=case,
                form=new_form,
                decided_by=body,
                decided_on=decided_on,
                announced_on=decided_on,
                standing=standing,
                rule_set=rs.code if rs else "",
                replaces=old,
            )
            _consequences(new, case)
        appeal.outcome, appeal.decided_by, appeal.decided_on = outcome, body, decided_on
        appeal.save()
        audit.record(
            actor=actor,
            action="discipline.appeal.decide",
            obj=appeal,
            organization_id=case.organization_id,
            before=before,
            after=audit.snapshot(appeal),
            confidential=True,
        )
    return appeal
