"""Reads of inspection, supervision and discipline, already limited to what the user may see.

Inspections and supervisions: `oversight.view` on the conducting body. Discipline cases are confidential:
they are seen by those who must act on them, within their scope — `discipline.view` (inspection staff and
standing members of the committees above the subject) on the case's unit, and the secretary of a cell for
the cases that cell handles; the disciplined member sees his or her own decisions (to appeal them);
observers see counts only (figures). Every read of a case or a decision is written to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action, Role
from dangvu.accounts.selectors import can, roles_held, scope_ids, today
from dangvu.audit import services as audit
from dangvu.core.attention import DANGER, WARNING, AttentionItem
from dangvu.core.errors import NotFound
from dangvu.oversight.discipline import CELL_KINDS
from dangvu.oversight.models import (
    Appeal,
    AppealOutcome,
    DisciplineCase,
    DisciplineDecision,
    Programme,
    ProgrammeItem,
    Recommendation,
    RecommendationStatus,
    Review,
)


# --- inspections and supervisions ----------------------------------------------------------------------
def reviews_for(user, activity: str | None = None):
    qs = Review.objects.filter(conducted_by_id__in=scope_ids(user, Action.VIEW_OVERSIGHT))
    if activity:
        qs = qs.filter(activity=activity)
    return qs.select_related("conducted_by", "subject_organization", "subject_member")


def get_review(user, pk) -> Review:
    review = reviews_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if review is None:
        raise NotFound(_("Not found."))
    return review


def programmes_for(user):
    return Programme.objects.filter(body_id__in=scope_ids(user, Action.VIEW_OVERSIGHT)).select_related("body")


def get_programme(user, pk) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if programme is None:
        raise NotFound(_("Not found."))
    return programme


@dataclass
class ItemProgress:
    item: ProgrammeItem
    done: bool
    late: bool


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def programme_progress(programme: Programme, on: dt.date) -> tuple[list[ItemProgress], int, int, int]:
    """Each planned item with whether it is done (an inspection or supervision linked to it has started)
    and late (not done when its planned month is over); then the counts planned, done and late."""
    items = list(programme.items.all())
    started = set(
        Review.objects.filter(programme_item__in=items, started_on__lte=on).values_list(
            "programme_item_id", flat=True
        )
    )
    rows = []
    for item in items:
        done = item.id in started
        rows.append(ItemProgress(item, done, not done and on > month_end(programme.year, item.planned_month)))
    return rows, len(rows), sum(r.done for r in rows), sum(r.late for r in rows)


def recommendations_for(user):
    return Recommendation.objects.filter(
        review__conducted_by_id__in=scope_ids(user, Action.VIEW_OVERSIGHT)
    ).select_related("review", "owner_organization")


def overdue_recommendations(user, on: dt.date):
    """Open recommendations whose deadline has passed at the end of `on`, oldest deadline first."""
    return (
        recommendations_for(user)
        .filter(status=RecommendationStatus.OPEN, deadline__lt=on)
        .order_by("deadline", "id")
    )


# --- discipline (confidential) -------------------------------------------------------------------------
def _cells_led(user) -> set[int]:
    return {
        ra.organization_id
        for ra in roles_held(user)
        if ra.role == Role.SECRETARY and ra.organization.kind in CELL_KINDS
    }


def cases_for(user):
    """The cases the user must act on; no audit entry (a list shows codes and subjects' units only)."""
    visible = Q(organization_id__in=scope_ids(user, Action.VIEW_DISCIPLINE)) | Q(
        handled_by_id__in=_cells_led(user)
    )
    return DisciplineCase.objects.filter(visible).select_related(
        "organization", "handled_by", "subject_member", "subject_organization"
    )


def get_case(user, pk, *, for_edit: bool = False) -> DisciplineCase:
    """One case, its read recorded in the audit log; NotFound outside the user's reach (`for_edit`: without
    discipline.edit on its unit). The read is recorded only once every check has passed: a 404 is no read."""
    case = cases_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if case is None or (for_edit and not can(user, Action.EDIT_DISCIPLINE, case.organization_id)):
        raise NotFound(_("Not found."))
    audit.record_read(actor=user, obj=case, organization_id=case.organization_id)
    return case


def editable_case(user, pk) -> DisciplineCase:
    return get_case(user, pk, for_edit=True)


def own_decisions(user):
    member_id = getattr(user, "member_id", None)
    if member_id is None:
        return DisciplineDecision.objects.none()
    return DisciplineDecision.objects.filter(case__subject_member_id=member_id).select_related(
        "case", "decided_by"
    )


def get_decision(user, pk, *, for_edit: bool = False) -> DisciplineDecision:
    """A decision seen through its case, or the user's own decision (`for_edit`: with discipline.edit on
    the case's unit); the read is recorded once the checks have passed."""
    qs = DisciplineDecision.objects.select_related("case", "decided_by")
    decision = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if decision is None or not (
        cases_for(user).filter(pk=decision.case_id).exists()
        or own_decisions(user).filter(pk=decision.pk).exists()
    ) or (for_edit and not can(user, Action.EDIT_DISCIPLINE, decision.case.organization_id)):
        raise NotFound(_("Not found."))
    audit.record_read(actor=user, obj=decision, organization_id=decision.case.organization_id)
    return decision


def editable_decision(user, pk) -> DisciplineDecision:
    return get_decision(user, pk, for_edit=True)


def appeals_to_decide(user):
    return Appeal.objects.filter(
        outcome=AppealOutcome.PENDING,
        decision__case__organization_id__in=scope_ids(user, Action.EDIT_DISCIPLINE),
    ).select_related("decision__case")


def may_create_programme(user) -> bool:
    """The "new programme" page and every link to it (issue 13: a link is shown only where it opens)."""
    return bool(scope_ids(user, Action.EDIT_OVERSIGHT))


def may_see_oversight(user) -> bool:
    """The oversight pages (deadlines, programmes, reviews) and the menu entry and links that open them."""
    return bool(scope_ids(user, Action.VIEW_OVERSIGHT) or scope_ids(user, Action.VIEW_DISCIPLINE))


def may_list_cases(user) -> bool:
    """The list of discipline cases beyond the user's own cell, and the figures' links to it."""
    return bool(scope_ids(user, Action.VIEW_DISCIPLINE))


def may_see_deadlines(user) -> bool:
    """The deadlines page: for those who see oversight, and for a member with decisions of his or her own."""
    return may_see_oversight(user) or own_decisions(user).exists()


def attention(user) -> list:
    """Home-page items: overdue recommendations and appeals waiting for a decision, within scope."""
    if not may_see_deadlines(user):
        return []
    url = reverse("oversight:deadlines")
    return [
        AttentionItem(
            str(_("Overdue recommendations of inspection conclusions")),
            overdue_recommendations(user, today()).count(),
            url,
            DANGER,
        ),
        AttentionItem(str(_("Discipline appeals to decide")), appeals_to_decide(user).count(), url, WARNING),
    ]
