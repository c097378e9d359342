"""The register in the REST API: the member list and one member with the events (`register.view`: personal
data, so an observer gets 404), recording an event (`register.edit`, the same services and field names as
the web forms: members.event_kinds).

No `from __future__ import annotations` here: django-ninja resolves `Query[...]` parameters at import."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.api_schema import MAX_ID, Day, Pagination, body_int, enumeration
from dangvu.core.errors import Forbidden, NotFound
from dangvu.members import exports
from dangvu.members.event_kinds import SPECS, record_event
from dangvu.members.models import EventKind, Member, MemberEvent, MemberStatus, Sex
from dangvu.members.selectors import listed
from dangvu.organizations.selectors import get_by_code

router = Router()
PAGE_SIZE = 50


# A listed member as members.selectors.listed shows it: in a list as of a past day (`on`), the unit and
# status of that day, never today's unit of someone now outside the reader's scope.
class MemberOut(Schema):
    code: str
    full_name: str
    birth_year: int
    sex: Sex
    organization: str | None
    organization_name: str | None
    status: MemberStatus
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
    kind: EventKind
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
    q: str = Field("", max_length=200, description="Words of the name, or a member code")
    org: str = Field("", max_length=50, description="Organisation code: its subtree")
    status: MemberStatus | None = None
    sex: Sex | None = None
    on: Day | None = Field(None, description="The register as it stood at the end of this day")

    def as_params(self) -> dict:
        """The parameters as the web filter reads them (members.filters.parse_filter)."""
        return {"q": self.q, "org": self.org, "status": self.status or "", "sex": self.sex or "",
                "on": self.on.isoformat() if self.on else ""}


# What POST /events records: members.event_kinds.SPECS (not every stored kind can be recorded here).
RecordableKind = enumeration("RecordableKind", SPECS)


class EventIn(Schema):
    kind: RecordableKind
    on: Day | None = None
    organization: str | None = Field(None, description="Organisation code (transfer, re-admission, ...)")
    until: Day | None = None
    purpose: str = ""
    host: str = ""
    destination: str = ""
    ground: str = ""
    months_inactive: body_int(0, 1200) | None = None
    card_number: str = ""
    late_kind: str = ""
    grounds: str = ""
    event: body_int(1, MAX_ID) | None = Field(
        None, description="For a correction: the id of the event to correct"
    )
    note: str = ""
    reason: str = ""
    decision_number: str = ""
    decision_date: Day | None = None
    decision_body: str = ""


def _member(user, code: str) -> Member:
    member = Member.objects.select_related("organization").filter(code=code).first()
    if member is None or not (access.is_self(user, member.pk)
                              or access.can(user, Action.VIEW_REGISTER, member.organization_id)):
        raise NotFound(_("Not found."))
    return member


@router.get("", response=list[MemberOut], summary="Members in the user's register.view scope, filtered")
@paginate(Pagination, page_size=PAGE_SIZE)
def member_list(request, filters: Query[MemberFilterIn]):
    if filters.org and get_by_code(filters.org) is None:
        raise NotFound(_("No organisation with this code in your scope."))  # as elsewhere in the API
    _filter, queryset = exports.members_for(request.auth, filters.as_params())
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
    kind = data.pop("kind").value
    event = record_event(actor=request.auth, member=member, kind=kind, data=data)
    return 201, MemberEvent.objects.select_related("organization").get(pk=event.pk)

