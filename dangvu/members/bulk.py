"""Bulk writes for the importers (KIND `members` and `transfers` of CONTRACT.md): every entry is validated
first with the same pure checks as the single services (members.validation), every problem is collected
with its file row and column, and only a clean file is written, in one transaction with one audit entry.
No per-row query: organisations and existing members are preloaded, members and events are written with
bulk_create, and spans are replayed once over the tree's history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.selectors import home_organization, scope_ids, today
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry, ChainHead
from dangvu.core.collation import name_sort_key
from dangvu.core.errors import InvalidInput, Problem
from dangvu.core.text import fold
from dangvu.members import rules, spans
from dangvu.members.entries import MemberEntry, TransferEntry
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan, MemberStatus, TheoryLevel
from dangvu.members.validation import (
    PROFILE_FIELDS,
    Profile,
    Step,
    check_decision_date,
    check_history,
    check_profile,
)
from dangvu.organizations.models import Organization

EDIT = "register.edit"
CHUNK = 5000
ENTRY_KINDS = {
    "admission": EventKind.ADMISSION,
    "transfer": EventKind.TRANSFER_IN,
    "opening": EventKind.OPENING,
}
LEFT_REASONS = {
    "transferred_out": EventKind.TRANSFER_OUT,
    "removed": EventKind.REMOVAL,
    "expelled": EventKind.EXPULSION,
    "died": EventKind.DEATH,
}


@dataclass
class BulkResult:
    created: int
    problems: list[Problem] = field(default_factory=list)


def _organizations(actor, codes) -> dict[str, Organization]:
    """The organisations of the register by code, limited to the actor's scope (one query, plus the scope
    query for a user): an out-of-scope code reads as unknown."""
    orgs = {o.code: o for o in Organization.objects.filter(code__in=set(codes))}
    if actor is not None:
        allowed = scope_ids(actor, EDIT)
        orgs = {code: o for code, o in orgs.items() if o.pk in allowed}
    return orgs


def _existing_codes(codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(codes), CHUNK):
        found.update(Member.objects.filter(code__in=codes[i : i + CHUNK]).values_list("code", "id"))
    return found


def _registered_citizen_ids(ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = Member.objects.filter(citizen_id__in=ids[i : i + CHUNK])
        found.update(chunk.values_list("citizen_id", flat=True))
    return found


def _citizen_id_problems(e: MemberEntry, registered: set[str], seen: dict[str, int]) -> list[Problem]:
    """A citizen ID names one person: once in the file, and not already borne by a member of the register."""
    number = e.profile.get("citizen_id") or ""
    if not number:
        return []
    if number in registered:
        return [Problem("citizen_id", _("A member of the register already has this citizen ID."))]
    if number in seen:
        return [Problem("citizen_id", format_lazy(_("This citizen ID is repeated in the file (row {row})."),
                                                  row=seen[number]))]
    seen[number] = e.row
    return []


def _row(problems: list[Problem], row: int) -> list[Problem]:
    for p in problems:
        p.row = row
    return problems


def _member_steps(e: MemberEntry, org_id: int | None) -> tuple[list[Step], list[Problem]]:
    """The events one row stands for, each naming the column it came from."""
    problems: list[Problem] = []
    kind = ENTRY_KINDS.get(e.entry_kind or "admission")
    if kind is None:
        problems.append(Problem("entry_kind", _("The entry must be admission, transfer or opening.")))
        return [], problems
    if e.admitted_on is None:
        problems.append(Problem("admitted_on", _("This field is required.")))
    if kind == EventKind.ADMISSION:
        if e.registered_on and e.registered_on != e.admitted_on:
            problems.append(
                Problem(
                    "registered_on",
                    _("For an admission the day of entry is the admission date; leave it empty."),
                )
            )
        entry = Step(
            kind,
            e.admitted_on,
            org_id,
            decision_date=e.decision.date,
            field="admitted_on",
            org_field="organization_code",
        )
    else:
        if e.registered_on is None:
            problems.append(Problem("registered_on", _("Required for a transfer or an opening entry.")))
            return [], problems
        entry = Step(kind, e.registered_on, org_id, field="registered_on", org_field="organization_code")
    steps = [entry]
    if e.official_on:
        steps.append(Step(EventKind.OFFICIAL, e.official_on, field="official_on"))
    if bool(e.left_on) != bool(e.left_reason):
        name = "left_reason" if e.left_on else "left_on"
        problems.append(Problem(name, _("The day of leaving and its reason go together.")))
    elif e.left_on:
        exit_kind = LEFT_REASONS.get(e.left_reason)
        if exit_kind is None:
            problems.append(
                Problem("left_reason", _("The reason must be transferred_out, removed, expelled or died."))
            )
        else:
            steps.append(Step(exit_kind, e.left_on, field="left_on"))
    return steps, problems


def register_members(*, actor, entries: list[MemberEntry], dry_run: bool = False) -> BulkResult:
    """KIND `members`: new members entering the register. All or nothing: InvalidInput with every problem
    of every row, or every row written.

    On SQLite a write transaction locks the whole database from its BEGIN (IMMEDIATE), and a confidential
    page writes a "read" entry: a reader must not wait behind the validation of a large file (issue 9.5).
    So every check and the span replay run before any transaction, reading only; the transaction then
    only inserts. What could change meanwhile (codes, citizen IDs, the tree, scopes) changes only through
    audited services: if the chain has any entry other than a read since the checks began, they are run
    again under the lock (`_changed_since`)."""
    mark = audit_mark()
    plans, seen = _checked_members(actor, entries)
    if dry_run:
        return BulkResult(created=0)
    members, rows = _replayed_members(plans)
    with audit.atomic():
        if _changed_since(mark):
            plans, seen = _checked_members(actor, entries)
            members, rows = _replayed_members(plans)
        return _write_members(actor, entries, plans, seen, members, rows)


def audit_mark() -> int:
    """The audit chain's length now: every audited write after this point has a higher seq."""
    return ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


def _changed_since(mark: int) -> bool:
    return AuditEntry.objects.filter(seq__gt=mark).exclude(action__endswith=".read").exists()


def _checked_members(actor, entries: list[MemberEntry]):
    day = today()
    orgs = _organizations(actor, (e.organization_code for e in entries))
    orgs_by_id = {o.pk: o for o in orgs.values()}
    existing = _existing_codes([e.code for e in entries if e.code])
    seen: dict[str, int] = {}
    registered_ids = _registered_citizen_ids(sorted({e.profile["citizen_id"] for e in entries
                                                     if e.profile.get("citizen_id")}))
    seen_ids: dict[str, int] = {}
    problems: list[Problem] = []
    plans = []
    for e in entries:
        row_problems = []
        person = {
            "code": e.code,
            "full_name": e.full_name,
            "birth_date": e.birth_date,
            "sex": e.sex,
            **e.profile,
        }
        row_problems += check_profile(person, day)
        row_problems += [
            Problem(name, _("Unknown column.")) for name in sorted(set(e.profile) - set(PROFILE_FIELDS))
        ]
        if e.code in existing:
            row_problems.append(Problem("code", _("This member code is already on the register.")))
        elif e.code in seen:
            row_problems.append(
                Problem(
                    "code",
                    format_lazy(_("This member code is repeated in the file (row {row})."), row=seen[e.code]),
                )
            )
        seen.setdefault(e.code, e.row)
        row_problems += _citizen_id_problems(e, registered_ids, seen_ids)
        org = orgs.get(e.organization_code)
        if org is None:
            row_problems.append(Problem("organization_code", _("Unknown organisation.")))
        steps, step_problems = _member_steps(e, org.pk if org else None)
        row_problems += step_problems + check_decision_date(e.decision.date, day)
        if org is not None and steps:
            found = check_history(Profile(e.birth_date, e.admitted_on), steps, orgs_by_id, day)
            row_problems += [f.problem for f in found]
        problems += _row(row_problems, e.row)
        plans.append((e, org, steps))
    if problems:
        raise InvalidInput(problems)
    return plans, seen


def _write_members(actor, entries, plans, seen, members, rows) -> BulkResult:
    if actor is not None:  # roles are not all granted through audited services: the scope again
        orgs_in_scope = scope_ids(actor, EDIT)
        if any(org.pk not in orgs_in_scope for _e, org, _s in plans):
            raise InvalidInput.one("organization_code", _("Unknown organisation."))
    _insert(Member, MEMBER_FIELDS, members)
    ids = {}
    codes = [m[0] for m in members]
    for i in range(0, len(codes), CHUNK):
        ids.update(Member.objects.filter(code__in=codes[i : i + CHUNK]).values_list("code", "id"))
    member_ids = [ids[code] for code in codes]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    events = [
        _event_row(member_id, s, e, s is steps[0], now)
        for member_id, (e, _org, steps) in zip(member_ids, plans, strict=True)
        for s in steps
    ]
    _insert(MemberEvent, EVENT_FIELDS, events)
    _insert(
        MembershipSpan,
        SPAN_FIELDS,
        [
            (
                member_id,
                r.ancestor_id,
                r.start,
                None if r.end == spans.FOREVER else r.end,
                r.entry,
                r.exit,
                r.official_on,
            )
            for member_id, member_rows in zip(member_ids, rows, strict=True)
            for r in member_rows
        ],
    )
    counts = defaultdict(int)
    for e in entries:
        counts[e.entry_kind or "admission"] += 1
    audit.record(
        actor=actor,
        action="members.import",
        object_type="members.member",
        label="members import",
        organization_id=_common_root(actor),
        after={
            "created": len(members),
            "events": len(events),
            "by_entry_kind": dict(counts),
            "member_codes": len(seen),
        },
    )
    return BulkResult(created=len(members))


def _common_root(actor) -> int | None:
    org = home_organization(actor) if actor is not None else None
    return org.pk if org else None


def _replayed_members(plans) -> tuple[list[tuple], list[list[spans.Row]]]:
    """Rows of the new members with their current state, and their span rows, replayed from their events
    in memory with the span engine's own functions (members.spans): the same result as
    `rebuild_for_members`, without reading back what was just written (a 100,000-row file would spend
    most of its time there)."""
    tree = spans.TreeHistory.load()
    day = timezone.localdate()
    members, rows = [], []
    for e, org, steps in plans:
        result = spans.replay(spans.Ev(s.kind, s.on, s.organization_id, i) for i, s in enumerate(steps))
        fresh = SimpleNamespace(
            admitted_on=e.admitted_on, official_on=None, left_on=None, status=MemberStatus.PROBATIONARY
        )
        state = {
            "organization_id": org.pk,
            "status": fresh.status,
            "official_on": None,
            "left_on": None,
            "left_reason": "",
            **spans._state(fresh, result, day),
        }
        profile = {name: e.profile.get(name) or "" for name in PROFILE_FIELDS}
        profile["theory_level"] = profile["theory_level"] or TheoryLevel.NONE
        # Written without Member.save(): the search and sort columns are filled here.
        members.append(
            (
                e.code,
                e.full_name,
                fold(e.full_name),
                name_sort_key(e.full_name),
                e.birth_date,
                e.sex,
                *profile.values(),
                state["organization_id"],
                state["status"],
                state["admitted_on"],
                state["official_on"],
                state["left_on"],
                state["left_reason"],
            )
        )
        rows.append(spans.span_rows(result, tree))
    return members, rows


MEMBER_FIELDS = [
    "code",
    "full_name",
    "name_folded",
    "sort_key",
    "birth_date",
    "sex",
    *PROFILE_FIELDS,
    "organization",
    "status",
    "admitted_on",
    "official_on",
    "left_on",
    "left_reason",
]
EVENT_FIELDS = [
    "member",
    "kind",
    "on",
    "organization",
    "decision_number",
    "decision_date",
    "decision_body",
    "note",
    "rule_set",
    "imported",
    "grounds",
    "source",
    "correction_reason",
    "created_at",
]
SPAN_FIELDS = ["member", "ancestor", "start_on", "end_on", "entry", "exit", "official_on"]


def _event_row(member_id: int, s: Step, e: MemberEntry, first: bool, now) -> tuple:
    d = e.decision if first else None
    return (
        member_id,
        s.kind,
        s.on,
        s.organization_id,
        d.number if d else "",
        d.date if d else None,
        d.body if d else "",
        "",
        rules.rule_set_code(s.on),
        # Expulsion only comes through discipline; an imported one is history older than the register.
        s.kind == EventKind.EXPULSION,
        "",
        "",
        "",
        now,
    )


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Plain INSERTs through executemany (COPY on PostgreSQL): building 100,000 model instances costs more
    than the writes."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's COPY: one round trip for the whole table instead of one statement a row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for i in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[i : i + CHUNK])


def transfer_members(*, actor, entries: list[TransferEntry], dry_run: bool = False) -> BulkResult:
    """KIND `transfers`: permanent moves between organisations of the register, judged with each
    member's whole history (several rows of one member are taken in date order)."""
    day = today()
    orgs = _organizations(actor, (e.to_organization_code for e in entries))
    members: dict[str, Member] = {}
    codes = sorted({e.member_code for e in entries if e.member_code})
    for i in range(0, len(codes), CHUNK):
        members.update((m.code, m) for m in Member.objects.filter(code__in=codes[i : i + CHUNK]))
    allowed = scope_ids(actor, EDIT) if actor is not None else None
    stored: dict[int, list[Step]] = defaultdict(list)
    ids = [m.pk for m in members.values()]
    for i in range(0, len(ids), CHUNK):
        qs = MemberEvent.objects.filter(
            member_id__in=ids[i : i + CHUNK], superseded_by__isnull=True
        ).values_list("member_id", "id", "kind", "on", "organization_id", "until", "grounds", "decision_date")
        for member_id, pk, kind, on, org_id, until, grounds, decision_date in qs.iterator(chunk_size=CHUNK):
            stored[member_id].append(Step(kind, on, org_id, until, grounds, decision_date, key=pk))
    all_org_ids = {s.organization_id for steps in stored.values() for s in steps if s.organization_id}
    orgs_by_id = Organization.objects.in_bulk(all_org_ids | {o.pk for o in orgs.values()})

    problems: list[Problem] = []
    proposed: dict[int, list[Step]] = defaultdict(list)
    rows: dict[tuple[int, object], int] = {}
    for e in entries:
        row_problems = check_decision_date(e.decision.date, day)
        member = members.get(e.member_code)
        if member is None or (allowed is not None and member.organization_id not in allowed):
            row_problems.append(Problem("member_code", _("Unknown member code.")))
        org = orgs.get(e.to_organization_code)
        if org is None:
            row_problems.append(Problem("to_organization_code", _("Unknown organisation.")))
        if e.on is None:
            row_problems.append(Problem("on", _("A date is required.")))
        problems += _row(row_problems, e.row)
        if member is not None and org is not None and e.on is not None and not row_problems:
            key = ("row", e.row)
            proposed[member.pk].append(
                Step(
                    EventKind.TRANSFER,
                    e.on,
                    org.pk,
                    decision_date=e.decision.date,
                    key=key,
                    org_field="to_organization_code",
                )
            )
            rows[(member.pk, key)] = e.row
    by_id = {m.pk: m for m in members.values()}
    for member_id, steps in proposed.items():
        member = by_id[member_id]
        profile = Profile(member.birth_date, member.admitted_on)
        before = stored.get(member_id, [])
        known = {(f.key, f.code) for f in check_history(profile, before, orgs_by_id, day)}
        for f in check_history(profile, before + steps, orgs_by_id, day):
            if (f.key, f.code) not in known:
                # A stored event that the new rows contradict is reported on the member's first row.
                f.problem.row = rows.get((member_id, f.key), rows[(member_id, steps[0].key)])
                problems.append(f.problem)
    if problems:
        raise InvalidInput(sorted(problems, key=lambda p: p.row or 0))
    if dry_run:
        return BulkResult(created=0)
    entry_by_key = {("row", e.row): e for e in entries}
    with audit.atomic():
        events = []
        for member_id, steps in proposed.items():
            for s in steps:
                d = entry_by_key[s.key].decision
                events.append(
                    MemberEvent(
                        member_id=member_id,
                        kind=EventKind.TRANSFER,
                        on=s.on,
                        organization_id=s.organization_id,
                        decision_number=d.number,
                        decision_date=d.date,
                        decision_body=d.body,
                        rule_set=rules.rule_set_code(s.on),
                    )
                )
        MemberEvent.objects.bulk_create(events, batch_size=5000)
        spans.rebuild_for_members(list(proposed), tree=spans.TreeHistory.load())
        audit.record(
            actor=actor,
            action="members.import_transfers",
            object_type="members.memberevent",
            label="transfers import",
            organization_id=_common_root(actor),
            after={"created": len(events), "members": len(proposed)},
        )
    return BulkResult(created=len(events))
