"""Deadlines the rules set on the register, for a subtree on a day (the secretary's and the office's
to-do list): the review of probationary members whose probation ends (the cell reviews within 30
working days after the 12-month date), temporary transfers past their end without a return, and transfer
letters to be presented within 30 working days. The candidates are selected in the database (spans and
events); only the due dates of the few selected are computed in Python, on the working-day calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import scope_roots, today
from dangvu.core.attention import WARNING, AttentionItem
from dangvu.core.workdays import add_months, add_working_days
from dangvu.members import rules
from dangvu.members.models import EventKind, MemberEvent, MembershipSpan
from dangvu.organizations.selectors import scope_subtree_ids

OFFICIAL_REVIEW, TEMPORARY_RETURN, TRANSFER_LETTER = "official_review", "temporary_return", "transfer_letter"
LABELS = {
    OFFICIAL_REVIEW: _("Review for recognition as official member"),
    TEMPORARY_RETURN: _("Return from temporary transfer not recorded"),
    TRANSFER_LETTER: _("Transfer letter to be presented"),
}


@dataclass(frozen=True)
class TodoItem:
    kind: str
    member_id: int
    member_code: str
    full_name: str
    since: dt.date  # the date the deadline runs from
    due: dt.date
    overdue: bool

    @property
    def label(self):
        return LABELS[self.kind]


def _values(day: dt.date) -> rules.Values:
    rs = rules.rule_set_on(day)
    return rs.values if rs else rules.Values()


def _in_subtree(root_id: int, day: dt.date):
    return MembershipSpan.objects.on_register(day).filter(
        member_id=OuterRef("member_id"), ancestor_id=root_id
    )


def official_reviews(root_id: int, day: dt.date, horizon_days: int = 30) -> list[TodoItem]:
    """Probationary members of the subtree whose probation has ended, or ends within `horizon_days`,
    and who have no recognition: the cell reviews within 30 working days after the 12-month date."""
    values = _values(day)
    cutoff = add_months(day + dt.timedelta(days=horizon_days), -values.probation_months)
    first_rules = rules.RULE_SETS[0].effective_from  # older admissions are not judged (not validated)
    rows = (
        MembershipSpan.objects.on_register(day).filter(
            ancestor_id=root_id,
            official_on__isnull=True,
            member__admitted_on__lte=cutoff,
            member__admitted_on__gte=first_rules,
        )
        .values_list("member_id", "member__code", "member__full_name", "member__admitted_on")
        .order_by("member__admitted_on", "member__sort_key")
    )
    items = []
    for member_id, code, name, admitted in rows:
        rs = rules.rule_set_on(admitted)
        months = rs.values.probation_months if rs else values.probation_months
        end = add_months(admitted, months)
        due = add_working_days(end, (rs.values if rs else values).cell_review_working_days)
        items.append(TodoItem(OFFICIAL_REVIEW, member_id, code, name, end, due, day > due))
    return items


def temporary_returns(root_id: int, day: dt.date) -> list[TodoItem]:
    """Temporary transfers whose end has passed with no return recorded, of members still in the subtree."""
    returned = MemberEvent.objects.filter(
        member_id=OuterRef("member_id"),
        kind=EventKind.TEMPORARY_RETURN,
        superseded_by__isnull=True,
        on__gte=OuterRef("on"),
    )
    rows = (
        MemberEvent.objects.filter(
            kind=EventKind.TEMPORARY_TRANSFER, superseded_by__isnull=True, until__lt=day
        )
        .filter(Exists(_in_subtree(root_id, day)), ~Exists(returned))
        .values_list("member_id", "member__code", "member__full_name", "on", "until")
        .order_by("until")
    )
    return [
        TodoItem(TEMPORARY_RETURN, mid, code, name, on, until, True) for mid, code, name, on, until in rows
    ]


def transfer_letters(root_id: int, day: dt.date) -> list[TodoItem]:
    """Members who left the subtree by transfer out of the register and whose letter is still within its
    30 working days: the receiving unit should acknowledge it by the due date."""
    limit = _values(day).transfer_letter_working_days
    left_here = MembershipSpan.objects.filter(
        member_id=OuterRef("member_id"), ancestor_id=root_id, end_on=OuterRef("on")
    )
    rows = (
        MemberEvent.objects.filter(
            kind=EventKind.TRANSFER_OUT,
            superseded_by__isnull=True,
            on__lte=day,
            on__gte=day - dt.timedelta(days=2 * limit),
        )
        .filter(Exists(left_here))
        .values_list("member_id", "member__code", "member__full_name", "on", "decision_date")
    )
    items = []
    for member_id, code, name, on, issued in rows:
        since = issued or on
        due = add_working_days(since, limit)
        if due >= day:
            items.append(TodoItem(TRANSFER_LETTER, member_id, code, name, since, due, False))
    return items


def attention(user) -> list[AttentionItem]:
    """Home page: overdue register deadlines in the user's scope (register.view)."""
    day = today()
    roots = set(scope_roots(user, Action.VIEW_REGISTER))
    if not roots:
        return []
    # Roots under another root are counted with it, not twice.
    nested = {r for r in roots for other in roots - {r} if r in scope_subtree_ids([other])}
    reviews = returns = 0
    for root in roots - nested:
        reviews += sum(1 for i in official_reviews(root, day, horizon_days=0) if i.overdue)
        returns += len(temporary_returns(root, day))
    return [
        AttentionItem(_("Probation reviews overdue"), reviews, "", WARNING),
        AttentionItem(_("Temporary transfers past their end"), returns, "", WARNING),
    ]
