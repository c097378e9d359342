"""Every write of inspection and supervision (PRODUCT.md §4): programmes and their planned items, the
inspections and supervisions, and the recommendations of their conclusions. Each service takes `actor=`
(None: the system), checks `oversight.edit` on the conducting body, validates, and writes inside
`audit.atomic()` with an audit entry. Discipline is in `oversight.discipline`."""

from __future__ import annotations

import datetime as dt

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import may
from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, NotFound, Problem
from dangvu.oversight.models import (
    KINDS,
    Activity,
    Programme,
    ProgrammeItem,
    Recommendation,
    RecommendationStatus,
    Review,
)
from dangvu.oversight.subjects import member_standing, resolve_body, resolve_subject

EDIT = Action.EDIT_OVERSIGHT


def _require(actor, organization_id: int | None) -> None:
    if not may(actor, EDIT, organization_id):
        raise NotFound(_("Not found."))


# --- programmes ----------------------------------------------------------------------------------------
def create_programme(*, actor, body, year: int, title: str = "") -> Programme:
    body = resolve_body(body, "body")
    with audit.atomic():
        _require(actor, body.id)
        if Programme.objects.filter(body=body, year=year).exists():
            raise InvalidInput.one("year", _("This body already has a programme for that year."))
        programme = Programme.objects.create(body=body, year=year, title=title.strip())
        audit.record(
            actor=actor,
            action="oversight.programme.create",
            obj=programme,
            organization_id=body.id,
            after=audit.snapshot(programme),
        )
    return programme


def add_item(
    *, actor, programme: Programme, subject: str, activity: str, kind: str, planned_month: int, lead: str = ""
) -> ProgrammeItem:
    problems = []
    if not (subject or "").strip():
        problems.append(Problem("subject", _("The subject is required.")))
    problems += _kind_problems(activity, kind)
    if not 1 <= int(planned_month or 0) <= 12:
        problems.append(Problem("planned_month", _("The month is a number from 1 to 12.")))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        _require(actor, programme.body_id)
        item = ProgrammeItem.objects.create(
            programme=programme,
            subject=subject.strip(),
            activity=activity,
            kind=kind,
            planned_month=planned_month,
            lead=lead.strip(),
        )
        audit.record(
            actor=actor,
            action="oversight.programme.item",
            obj=item,
            organization_id=programme.body_id,
            after=audit.snapshot(item),
        )
    return item


def update_item(
    *, actor, item: ProgrammeItem, subject: str, activity: str, kind: str, planned_month: int, lead: str = ""
) -> ProgrammeItem:
    """Changes a planned item; validated as `add_item`."""
    problems = []
    if not (subject or "").strip():
        problems.append(Problem("subject", _("The subject is required.")))
    problems += _kind_problems(activity, kind)
    if not 1 <= int(planned_month or 0) <= 12:
        problems.append(Problem("planned_month", _("The month is a number from 1 to 12.")))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        item = ProgrammeItem.objects.select_for_update().select_related("programme").get(pk=item.pk)
        _require(actor, item.programme.body_id)
        before = audit.snapshot(item)
        item.subject, item.activity, item.kind = subject.strip(), activity, kind
        item.planned_month, item.lead = planned_month, lead.strip()
        item.save()
        audit.record(
            actor=actor,
            action="oversight.programme.item.update",
            obj=item,
            organization_id=item.programme.body_id,
            before=before,
            after=audit.snapshot(item),
        )
    return item


# --- inspections and supervisions ----------------------------------------------------------------------
def _kind_problems(activity: str, kind: str) -> list[Problem]:
    if activity not in Activity.values:
        return [Problem("activity", _("The activity must be inspection or supervision."))]
    kinds = KINDS[activity]
    if kind not in kinds.values:
        return [
            Problem(
                "kind",
                format_lazy(_("Not one of the allowed values: {allowed}."), allowed=", ".join(kinds.values)),
            )
        ]
    return []


def record_review(
    *,
    actor,
    activity: str,
    code: str,
    subject_type: str,
    subject,
    conducted_by,
    kind: str,
    started_on: dt.date,
    concluded_on: dt.date | None = None,
    violation_found: bool | None = None,
    team: str = "",
    findings: str = "",
    conclusion: str = "",
    programme_item: ProgrammeItem | None = None,
) -> Review:
    """An inspection or a supervision (`activity`) of an organisation or a member. The subject must exist
    (be on the register) on `started_on`."""
    code = (code or "").strip()
    problems = _kind_problems(activity, kind)
    if not code:
        problems.append(Problem("code", _("The code is required.")))
    elif Review.objects.filter(code=code).exists():
        problems.append(Problem("code", _("Another inspection or supervision already has this code.")))
    if started_on is None:
        problems.append(Problem("started_on", _("A value is required.")))
    if concluded_on is not None and started_on is not None and concluded_on < started_on:
        problems.append(Problem("concluded_on", _("The conclusion comes on or after the start.")))
    if activity == Activity.SUPERVISION and violation_found is not None:
        problems.append(
            Problem("violation_found", _("Only an inspection records whether a violation was found."))
        )
    try:
        body = resolve_body(conducted_by, "conducted_by")
        organization, member = resolve_subject(subject_type, subject)
    except InvalidInput as exc:
        raise InvalidInput(problems + exc.problems) from None
    if not problems and started_on is not None:
        if not body.exists_on(started_on):
            problems.append(Problem("conducted_by", _("The conducting body did not exist on that date.")))
        if organization is not None and not organization.exists_on(started_on):
            problems.append(Problem("subject_code", _("The organisation did not exist on that date.")))
        if member is not None and member_standing(member, started_on) is None:
            problems.append(Problem("subject_code", _("The member was not on the register on that date.")))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        _require(actor, body.id)
        review = Review.objects.create(
            code=code,
            activity=activity,
            kind=kind,
            conducted_by=body,
            subject_type=subject_type,
            subject_organization=organization,
            subject_member=member,
            programme_item=programme_item,
            team=team.strip(),
            started_on=started_on,
            concluded_on=concluded_on,
            findings=findings.strip(),
            violation_found=violation_found,
            conclusion=conclusion.strip(),
        )
        audit.record(
            actor=actor,
            action=f"oversight.{activity}.record",
            obj=review,
            organization_id=body.id,
            after=audit.snapshot(review),
        )
    return review


def conclude(
    *,
    actor,
    review: Review,
    concluded_on: dt.date,
    conclusion: str,
    findings: str = "",
    violation_found: bool | None = None,
) -> Review:
    with audit.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        _require(actor, review.conducted_by_id)
        if concluded_on < review.started_on:
            raise InvalidInput.one("concluded_on", _("The conclusion comes on or after the start."))
        before = audit.snapshot(review)
        review.concluded_on, review.conclusion = concluded_on, conclusion.strip()
        if findings:
            review.findings = findings.strip()
        if review.activity == Activity.INSPECTION and violation_found is not None:
            review.violation_found = violation_found
        review.save()
        audit.record(
            actor=actor,
            action=f"oversight.{review.activity}.conclude",
            obj=review,
            organization_id=review.conducted_by_id,
            before=before,
            after=audit.snapshot(review),
        )
    return review


# --- recommendations -----------------------------------------------------------------------------------
def recommend(
    *, actor, review: Review, text: str, owner_organization, deadline: dt.date, owner: str = ""
) -> Recommendation:
    """A recommendation of the conclusion, with the unit and person who must carry it out by `deadline`."""
    problems = []
    if not (text or "").strip():
        problems.append(Problem("text", _("The recommendation is required.")))
    if review.concluded_on is None:
        problems.append(Problem("review", _("Recommendations follow a conclusion; conclude first.")))
    elif deadline is None or deadline < review.concluded_on:
        problems.append(Problem("deadline", _("The deadline comes on or after the conclusion.")))
    if problems:
        raise InvalidInput(problems)
    unit = resolve_body(owner_organization, "owner_organization")
    with audit.atomic():
        _require(actor, review.conducted_by_id)
        item = Recommendation.objects.create(
            review=review, text=text.strip(), owner_organization=unit, owner=owner.strip(), deadline=deadline
        )
        audit.record(
            actor=actor,
            action="oversight.recommendation.create",
            obj=item,
            organization_id=review.conducted_by_id,
            after=audit.snapshot(item),
        )
    return item


def set_recommendation_status(
    *, actor, recommendation: Recommendation, status: str, on: dt.date | None = None
) -> Recommendation:
    if status not in RecommendationStatus.values:
        raise InvalidInput.one("status", _("Unknown status."))
    if status == RecommendationStatus.DONE and on is None:
        raise InvalidInput.one("on", _("The date it was carried out is required."))
    with audit.atomic():
        item = Recommendation.objects.select_for_update().select_related("review").get(pk=recommendation.pk)
        _require(actor, item.review.conducted_by_id)
        if on is not None and item.review.concluded_on and on < item.review.concluded_on:
            raise InvalidInput.one("on", _("The date comes before the conclusion."))
        before = audit.snapshot(item)
        item.status = status
        item.done_on = on if status == RecommendationStatus.DONE else None
        item.save(update_fields=["status", "done_on"])
        audit.record(
            actor=actor,
            action="oversight.recommendation.status",
            obj=item,
            organization_id=item.review.conducted_by_id,
            before=before,
            after=audit.snapshot(item),
        )
    return item
