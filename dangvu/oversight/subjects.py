"""Who and what a case or an inspection is about, on a given day: a member's place on the register (from
the membership spans and the member's events) and an organisation's place in the tree of that day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.organizations import selectors as org_selectors
from dangvu.organizations.models import Organization
from dangvu.oversight.models import SubjectType
from dangvu.oversight.rules import OFFICIAL, ORGANIZATION, PROBATIONARY

# The events that set a member's registered unit (CONTRACT.md "Days").
REGISTERING = (
    EventKind.ADMISSION,
    EventKind.OPENING,
    EventKind.TRANSFER_IN,
    EventKind.TRANSFER,
    EventKind.RESTRUCTURING,
    EventKind.READMISSION,
    EventKind.REINSTATEMENT,
)


@dataclass(frozen=True)
class Standing:
    """A subject on a day: its unit (a member's registered unit; an organisation itself), the unit above
    it (for an organisation) and its standing for the forms of discipline (rules.OFFICIAL, ...)."""

    unit_id: int
    parent_id: int | None
    standing: str


def member_unit_on(member: Member, day: dt.date) -> int | None:
    event = (
        MemberEvent.objects.filter(
            member=member,
            superseded_by__isnull=True,
            on__lte=day,
            organization__isnull=False,
            kind__in=REGISTERING,
        )
        .order_by("-on", "-id")
        .first()
    )
    return event.organization_id if event else None


def member_standing(member: Member, day: dt.date) -> Standing | None:
    """None when the member is not on the register on `day`."""
    span = MembershipSpan.objects.on_register(day).filter(member=member).order_by("start_on").first()
    unit_id = member_unit_on(member, day) if span else None
    if unit_id is None:
        return None
    official = span.official_on is not None and span.official_on <= day
    return Standing(unit_id, None, OFFICIAL if official else PROBATIONARY)


def organization_standing(organization: Organization, day: dt.date) -> Standing | None:
    """None when the organisation did not exist on `day`."""
    if not organization.exists_on(day):
        return None
    parent = org_selectors.parent_on(organization, day)
    return Standing(organization.id, parent.id if parent else None, ORGANIZATION)


def resolve_subject(subject_type: str, subject, field: str = "subject_code"):
    """(organisation, member) from an instance or a code; unknown → InvalidInput naming `field`."""
    if subject_type == SubjectType.ORGANIZATION:
        org = (
            subject
            if isinstance(subject, Organization)
            else Organization.objects.filter(code=str(subject or "").strip()).first()
        )
        if org is None:
            raise InvalidInput.one(
                field, format_lazy(_("No organisation has the code “{code}”."), code=subject)
            )
        return org, None
    if subject_type == SubjectType.MEMBER:
        member = (
            subject
            if isinstance(subject, Member)
            else Member.objects.filter(code=str(subject or "").strip()).first()
        )
        if member is None:
            raise InvalidInput.one(
                field, format_lazy(_("No party member has the code “{code}”."), code=subject)
            )
        return None, member
    raise InvalidInput.one("subject_type", _("The subject type must be organization or member."))


def resolve_body(value, field: str) -> Organization:
    org = (
        value
        if isinstance(value, Organization)
        else Organization.objects.filter(code=str(value or "").strip()).first()
    )
    if org is None:
        raise InvalidInput.one(field, format_lazy(_("No organisation has the code “{code}”."), code=value))
    return org


def in_subtree_on(unit_id: int, root_id: int, day: dt.date) -> bool:
    return unit_id in org_selectors.subtree_ids_on(root_id, day)
