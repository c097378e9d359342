"""Reads of the register that more than one caller needs: the member list of the list page, the exports,
the printable list and the API, with what the reader may see of each person.

What a reader sees of a listed person (accounts.roles):
- no `register.view` anywhere (members, observers): no list at all (NotFound);
- the person's profile (full birth date, theory level, current unit, a link to the record) when the person's
  current unit lies in the reader's `register.view` scope, or the person is the reader;
- otherwise — a list as of a past day names people who have since left the reader's scope — the person as
  of that day only: code, name, birth year, sex, the unit and the status of that day, and the admission and
  recognition dates up to that day. Never the unit the person is in today.
Without `on` every listed person is in scope (the list is today's register of the reader's units)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import BooleanField, DateField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import ExpressionWrapper
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import can, scope_ids
from dangvu.core.errors import NotFound
from dangvu.members.filters import MemberFilter, filter_members, parse_filter
from dangvu.members.models import Member, MemberEvent, MembershipSpan, MemberStatus
from dangvu.members.spans import ENTRIES, MOVES

# The events that place a member in a unit (members.spans.replay): the latest one up to a day is the
# unit of that day while the member is on the register.
PLACING = tuple(str(kind) for kind in (*ENTRIES, *MOVES))


def _unit_on(day: dt.date, field: str):
    events = MemberEvent.objects.filter(
        member=OuterRef("pk"), superseded_by__isnull=True, kind__in=PLACING, on__lte=day,
        organization__isnull=False,
    ).order_by("-on", "-id")
    return Subquery(events.values(f"organization__{field}")[:1])


def _official_on(day: dt.date, f: MemberFilter):
    """The recognition date of the membership that covered `day` (a re-admitted member has two)."""
    spans = MembershipSpan.objects.filter(member=OuterRef("pk"), start_on__lte=day).filter(
        Q(end_on__isnull=True) | Q(end_on__gt=day))
    if f.organization is not None:
        spans = spans.filter(ancestor=f.organization)
    return Subquery(spans.values("official_on")[:1], output_field=DateField())


def members_for(user, params: Mapping | MemberFilter) -> tuple[MemberFilter, object]:
    """The filter and the matching members the user may see, in Vietnamese name order, annotated for
    `ListedMember`. An organisation outside the user's `register.view` scope, or no scope at all, is
    NotFound. A list as of a past day is the subtree's history, bounded by the organisation (in scope)."""
    f = params if isinstance(params, MemberFilter) else parse_filter(params)
    allowed = scope_ids(user, Action.VIEW_REGISTER)
    if not allowed or (f.organization is not None and f.organization.id not in allowed):
        raise NotFound(_("Not found."))
    queryset = filter_members(Member.objects.all(), f)
    if f.organization is None or f.on is None:
        queryset = queryset.filter(organization_id__in=allowed)
    if f.on is None:
        queryset = queryset.select_related("organization").annotate(
            listed_on=Value(None, output_field=DateField()), profile=Value(True))
    else:
        own = getattr(user, "member_id", None)
        profile = Q(organization_id__in=allowed) | Q(pk=own) if own else Q(organization_id__in=allowed)
        queryset = queryset.annotate(
            listed_on=Value(f.on, output_field=DateField()),
            profile=ExpressionWrapper(profile, output_field=BooleanField()),
            unit_code=_unit_on(f.on, "code"), unit_name=_unit_on(f.on, "name"),
            official_then=_official_on(f.on, f))
    return f, queryset.order_by("sort_key", "code")


STATUS_LABELS = dict(MemberStatus.choices)


@dataclass(frozen=True)
class ListedMember:
    """One person of a member list, as much as the reader may see (module docstring)."""

    code: str
    full_name: str
    birth_year: int
    birth_date: dt.date | None  # None: the reader sees the birth year only
    sex: str
    sex_label: str
    unit_code: str
    unit_name: str
    status: str
    admitted_on: dt.date | None
    official_on: dt.date | None
    theory_level: str  # "" outside the profile
    profile: bool  # the reader may open the record

    @property
    def status_label(self):
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def born(self):
        """The birth date, or the birth year as text (never thousands-grouped)."""
        return self.birth_date or str(self.birth_year)


def listed(member: Member) -> ListedMember:
    """A member of `members_for` (or any member in the reader's scope: then the profile as of today)."""
    day = getattr(member, "listed_on", None)
    profile = getattr(member, "profile", True)
    if day is None:
        status, admitted, official = member.status, member.admitted_on, member.official_on
        unit = member.organization
        unit_code, unit_name = (unit.code, unit.name) if unit is not None else ("", "")
    else:
        # The annotations of members_for (mypy does not know them).
        then = getattr(member, "official_then", None)
        official = then if then and then <= day else None
        status = MemberStatus.OFFICIAL if official else MemberStatus.PROBATIONARY
        admitted = member.admitted_on if member.admitted_on and member.admitted_on <= day else None
        unit_code, unit_name = getattr(member, "unit_code", "") or "", getattr(member, "unit_name", "") or ""
    return ListedMember(
        code=member.code, full_name=member.full_name, birth_year=member.birth_date.year,
        birth_date=member.birth_date if profile else None, sex=member.sex, sex_label=member.get_sex_display(),
        unit_code=unit_code, unit_name=unit_name, status=str(status), admitted_on=admitted,
        official_on=official, theory_level=member.get_theory_level_display() if profile else "",
        profile=bool(profile),
    )


def listed_all(members: Iterable[Member]) -> list[ListedMember]:
    return [listed(m) for m in members]



def may_list_members(user, organization_id: int | None = None) -> bool:
    """The member list (of `organization_id`, or of any unit), and every link that opens it."""
    if organization_id is None:
        return bool(scope_ids(user, Action.VIEW_REGISTER))
    return can(user, Action.VIEW_REGISTER, organization_id)
