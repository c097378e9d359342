"""Writes the Hương Trà demo through the same services as user data: units with `create_organization`,
the register with the bulk services of the importers (`register_members`, `transfer_members`), each
restructuring with `restructure` (one transaction per operation), the committees with `open_term` and
`assign_post`, the logins with the account services. The system is the actor (None)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from dangvu.accounts import services as accounts
from dangvu.accounts.models import User
from dangvu.accounts.roles import Role
from dangvu.audit import services as audit
from dangvu.demo import huong_tra as ht
from dangvu.demo import (
    oversight,  # the 2017 oversight history and later years, through its services
    posts,
    workplans,  # the 2018 plan and directive, through the workplans services
)
from dangvu.demo.history import END, History, generate
from dangvu.members import bulk
from dangvu.members.models import Member
from dangvu.organizations import services as organizations
from dangvu.organizations.models import Organization

ADDRESS = "http://127.0.0.1:8000/"
# Fixed passwords, for the demo only: printed on screen, never to be used on a real register.
PASSWORD = "Demo-HuongTra-2025"  # noqa: S105 - the demo's published password


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    role: str
    organization: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    holder: tuple[str, int] | None = None  # the committee (unit, term) whose secretary this user is
    backup_codes: bool = False
    plain_member: bool = False  # tied to a current member of the unit who holds no post


LOGINS = (
    Login("bithu.phuonghuongtra", "", Role.SECRETARY, ht.WARD, ht.REFORM, holder=(ht.WARD, 1)),
    Login("vanphong.phuonghuongtra", "Văn phòng Đảng ủy phường Hương Trà (demo)", Role.OFFICE_STAFF, ht.WARD,
          ht.REFORM, backup_codes=True),
    Login("kiemtra.phuonghuongtra", "Ủy ban Kiểm tra Đảng ủy phường Hương Trà (demo)", Role.INSPECTION_STAFF,
          ht.WARD, ht.REFORM, backup_codes=True),
    Login("dangvien.phuonghuongtra", "", Role.MEMBER, ht.WARD, ht.REFORM, plain_member=True),
    Login("quansat.thanhuyhue", "Quan sát viên Thành ủy Huế (demo)", Role.OBSERVER, ht.ROOT,
          dt.date(2015, 1, 1)),
    Login("bithu.thixa2017", "", Role.SECRETARY, ht.TOWN, dt.date(2015, 8, 1), dt.date(2020, 8, 1),
          holder=(ht.TOWN, 21)),
)


@dataclass
class Credentials:
    username: str
    full_name: str
    role: str
    organization: str
    valid_from: dt.date
    valid_to: dt.date | None
    backup_codes: list[str] = field(default_factory=list)


def cut(history: History, day: dt.date) -> History:
    """The history as known on `day` (only differs when the clock is before END: the register refuses
    events in the future)."""
    if day >= END:
        return history
    people = []
    for p in history.people:
        if p.entered_on > day:
            continue
        p = dataclasses.replace(p, moves=[m for m in p.moves if m[0] <= day], profile=dict(p.profile))
        if p.left_on and p.left_on > day:
            p.left_on, p.left_reason = None, ""
        if p.official_on and p.official_on > day:
            p.official_on = None
            p.profile.pop("card_number", None)
        people.append(p)
    return History(people, history.units)


def create_units(units: list[ht.Unit]) -> dict[str, Organization]:
    out: dict[str, Organization] = {}
    with audit.atomic():
        for u in units:
            out[u.code] = organizations.create_organization(
                actor=None, code=u.code, name=u.name, kind=u.kind, parent=out[u.parent] if u.parent else None,
                established_on=u.established_on, issuing_body=u.issuing_body, abbreviation=u.abbreviation,
                place_name=u.place_name,
            )
    return out


def restructure(steps: list[ht.Step]) -> None:
    """One restructuring operation: its rows in one transaction, in order."""
    with audit.atomic():
        for s in steps:
            organizations.restructure(actor=None, on=s.on, operation=s.operation, organization=s.organization,
                                      target=s.target or None, new_name=s.new_name)


def committees(units: dict[str, Organization], holders, organization: str, day: dt.date) -> None:
    codes = [code for held in holders.values() for _post, code, _from in held]
    by_code = {m.code: m for m in Member.objects.filter(code__in=codes)}
    with audit.atomic():
        for c in ht.COMMITTEES:
            if c.organization != organization or c.start_on > day:
                continue
            term = organizations.open_term(actor=None, organization=units[c.organization], number=c.number,
                                           start_on=c.start_on, end_on=c.end_on)
            for post, code, from_on in holders[(c.organization, c.number)]:
                organizations.assign_post(actor=None, term=term, member=by_code[code], post=post,
                                          from_on=from_on)


def secretary_code(holders, key) -> str:
    return next(code for post, code, _d in holders[key] if post == "secretary")


def _member_of(login: Login, holders) -> Member | None:
    if login.holder:
        return Member.objects.get(code=secretary_code(holders, login.holder))
    if not login.plain_member:
        return None
    posts = {code for held in holders.values() for _post, code, _d in held}
    cells = ht.ward_cells(login.organization)
    return (Member.objects.filter(organization__code__in=cells, left_on__isnull=True)
            .exclude(code__in=posts).order_by("code").first())


def create_logins(holders, day: dt.date) -> list[Credentials]:
    out = []
    for login in LOGINS:
        if login.valid_from > day:
            continue
        organization = Organization.objects.get(code=login.organization)
        member = _member_of(login, holders)
        full_name = login.full_name or member.full_name
        user = accounts.create_user(actor=None, username=login.username, password=PASSWORD,
                                    full_name=full_name, member=member)
        accounts.grant_role(actor=None, user=user, organization=organization, role=login.role,
                            valid_from=login.valid_from, valid_to=login.valid_to)
        codes = accounts.issue_backup_codes(actor=None, user=user) if login.backup_codes else []
        out.append(Credentials(login.username, full_name, login.role, login.organization, login.valid_from,
                               login.valid_to, codes))
    return out


def existing_logins() -> list[Credentials]:
    """The demo logins of a database where the demo is already loaded; backup codes are issued anew
    (the old ones were shown once and are not kept readable)."""
    out = []
    for login in LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            continue
        codes = accounts.issue_backup_codes(actor=None, user=user) if login.backup_codes else []
        out.append(Credentials(login.username, user.full_name, login.role, login.organization,
                               login.valid_from, login.valid_to, codes))
    return out


def load(progress=None, today: dt.date | None = None) -> list[Credentials]:
    """Load the whole demo into an empty register, all or nothing; returns the demo logins. `progress`
    is called as progress(step, **numbers) with step "units", "members" or "restructuring"."""
    day = min(today or timezone.localdate(), END)
    say = progress or (lambda step, **numbers: None)
    history = cut(generate(), day)
    holders = posts.holders(history)
    office_holders = {code for held in holders.values() for _post, code, _from in held}
    history, expulsions = oversight.prepare(history, exclude=office_holders)
    with audit.atomic():
        logins = _write(history, holders, day, say)
        oversight.load(expulsions, day, say)
        return logins


def _write(history: History, holders, day: dt.date, say) -> list[Credentials]:
    units = create_units(history.units)
    say("units", count=len(units))
    members = history.member_entries()
    bulk.register_members(actor=None, entries=members)
    transfers = history.transfer_entries()
    bulk.transfer_members(actor=None, entries=transfers)
    say("members", members=len(members), transfers=len(transfers))
    committees(units, holders, ht.TOWN, day)
    for steps in ht.restructurings():
        steps = [s for s in steps if s.on <= day]
        if steps:
            restructure(steps)
            say("restructuring", day=steps[0].on.isoformat(), rows=len(steps))
    committees(units, holders, ht.WARD, day)
    logins = create_logins(holders, day)
    workplans.build(day)
    return logins
