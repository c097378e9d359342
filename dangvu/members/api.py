"""The register in the REST API: the member list and one member with the events (`register.view`: personal
data, so an observer gets 404), recording an event (`register.edit`, the same services and field names as
the web forms: members.event_kinds).

No `from __future__ import annotations` here: django-ninja resolves `Query[...]` parameters at import."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import Forbidden, NotFound
from dangvu.members import exports
from dangvu.members.event_kinds import SPECS, record_event
from dangvu.members.models import Member, MemberEvent
from dangvu.members.selectors import listed

router = Router()
PAGE_SIZE = 50


# A listed member as members.selectors.listed shows it: in a list as of a past day (`on`), the unit and
# status of that day, never today's unit of someone now outside the reader's scope.
class MemberOut(Schema):
    code: str
    full_name: str
    birth_year: int
    sex: str
    organization: str | None
    organization_name: str | None
    status: str
    admitted_on: dt.date | None
    official_on: dt.date | None

    @staticmethod
    def resolve_birth_year(obj: Member) -> int:
        return obj.birth_date.year

    @staticmethod
    def resolve_organization(obj: Member) -> str | None:
        return listed(obj).unit_code or None

    @staticmethod
    def resolve_organization_name(obj: Member) -> str | None:
        return listed(obj).unit_name or None

    @staticmethod
    def resolve_status(obj: Member) -> str:
        return listed(obj).status

    @staticmethod
    def resolve_admitted_on(obj: Member) -> dt.date | None:
        return listed(obj).admitted_on

    @staticmethod
    def resolve_official_on(obj: Member) -> dt.date | None:
        return listed(obj).official_on


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    on: dt.date
    organization: str | None
    until: dt.date | None
    grounds: str
    decision_number: str
    decision_date: dt.date | None
    decision_body: str
    note: str
    imported: bool
    validated: bool
    superseded_by: int | None
    correction_reason: str

    @staticmethod
    def resolve_kind_label(obj: MemberEvent) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_organization(obj: MemberEvent) -> str | None:
        return obj.organization.code if obj.organization_id else None

    @staticmethod
    def resolve_validated(obj: MemberEvent) -> bool:
        return bool(obj.rule_set)

    @staticmethod
    def resolve_superseded_by(obj: MemberEvent) -> int | None:
        return obj.superseded_by_id


class MemberDetailOut(MemberOut):
    birth_date: dt.date
    ethnicity: str
    religion: str
    hometown: str
    citizen_id: str
    phone: str
    education: str
    professional_level: str
    theory_level: str
    card_number: str
    card_issued_on: dt.date | None
    left_on: dt.date | None
    left_reason: str
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Member) -> list[MemberEvent]:
        return list(obj.events.select_related("organization").order_by("on", "id"))


class MemberFilterIn(Schema):
    q: str = ""
    org: str = ""
    status: str = ""
    sex: str = ""
    on: str = ""


class EventIn(Schema):
    kind: str = Field(description="One of: " + ", ".join(SPECS))
    on: dt.date | None = None
    organization: str | None = Field(None, description="Organisation code (transfer, re-admission, ...)")
    until: dt.date | None = None
    purpose: str = ""
    host: str = ""
    destination: str = ""
    ground: str = ""
    months_inactive: int | None = None
    card_number: str = ""
    late_kind: str = ""
    grounds: str = ""
    event: int | None = Field(None, description="For a correction: the id of the event to correct")
    note: str = ""
    reason: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    decision_body: str = ""


def _member(user, code: str) -> Member:
    member = Member.objects.select_related("organization").filter(code=code).first()
    if member is None or not (access.is_self(user, member.pk)
                              or access.can(user, Action.VIEW_REGISTER, member.organization_id)):
        raise NotFound(_("Not found."))
    return member


@router.get("", response=list[MemberOut], summary="Members in the user's register.view scope, filtered")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def member_list(request, filters: Query[MemberFilterIn]):
    _filter, queryset = exports.members_for(request.auth, filters.dict())
    return queryset


@router.get("/{code}", response=MemberDetailOut, summary="One member with the timeline of events")
def member_detail(request, code: str):
    return _member(request.auth, code)


@router.post("/{code}/events", response={201: EventOut}, summary="Record an event on a member")
def member_event(request, code: str, payload: EventIn):
    member = _member(request.auth, code)
    if not access.can(request.auth, Action.EDIT_REGISTER, member.organization_id):
        raise Forbidden(_("You may not change this member's record."))
    data = payload.dict()
    kind = data.pop("kind")
    event = record_event(actor=request.auth, member=member, kind=kind, data=data)
    return 201, MemberEvent.objects.select_related("organization").get(pk=event.pk)

