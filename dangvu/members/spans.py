"""Membership as dated intervals, replayed from the events and the tree's history.

`replay()` turns one member's events into stays (registered in one unit from a start to an end);
`TreeHistory` knows, for each unit and each day, its chain of ancestors; `span_rows()` combines both into the
maximal intervals during which the member was in each ancestor's subtree. `rebuild_for_members()` replaces
the stored spans and the member's current state; every service that writes events calls it, and
`dangvu rebuild-spans` calls it for everyone. Pure functions first, so tests can replay without a database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from dangvu.members.models import (
    EventKind,
    Member,
    MemberEvent,
    MembershipSpan,
    MemberStatus,
    SpanEntry,
    SpanExit,
)
from dangvu.organizations.models import OrganizationParent

FOREVER = dt.date.max  # an open end, inside the computation only

ENTRIES = {
    EventKind.ADMISSION: SpanEntry.ADMITTED,
    EventKind.READMISSION: SpanEntry.ADMITTED,
    EventKind.OPENING: SpanEntry.OPENING,
    EventKind.REINSTATEMENT: SpanEntry.REINSTATED,
    EventKind.TRANSFER_IN: SpanEntry.OTHER,
}
MOVES = {EventKind.TRANSFER, EventKind.RESTRUCTURING}
EXITS = {
    EventKind.REMOVAL: SpanExit.REMOVED,
    EventKind.EXPULSION: SpanExit.EXPELLED,
    EventKind.DEATH: SpanExit.DIED,
    EventKind.TRANSFER_OUT: SpanExit.OTHER,
}
LEFT_REASONS = {
    EventKind.REMOVAL: "removed",
    EventKind.EXPULSION: "expelled",
    EventKind.DEATH: "died",
    EventKind.TRANSFER_OUT: "transferred_out",
}
LIFE_STARTS = {EventKind.ADMISSION, EventKind.READMISSION}


@dataclass(frozen=True)
class Ev:
    """The part of an event that membership depends on."""

    kind: str
    on: dt.date
    organization_id: int | None
    id: int = 0


@dataclass
class Stay:
    organization_id: int
    start: dt.date
    end: dt.date  # FOREVER while open
    entry: str
    exit: str = ""
    life: int = 0


@dataclass
class Replay:
    stays: list[Stay] = field(default_factory=list)
    official_on: dict[int, dt.date] = field(default_factory=dict)  # life → official date
    admitted_on: dt.date | None = None  # latest admission in the register
    left_reason: str = ""


def replay(events: Iterable[Ev]) -> Replay:
    """Stays of one member from his or her valid events (superseded ones already left out), in date order.
    The services validate events before they are stored; replay trusts them and ignores what cannot apply
    (a move while off the register)."""
    result = Replay()
    life = 0
    current: Stay | None = None
    for ev in sorted(events, key=lambda e: (e.on, e.id)):
        if ev.kind in LIFE_STARTS:
            life += 1
            result.admitted_on = ev.on
        if ev.kind == EventKind.OFFICIAL:
            result.official_on.setdefault(life, ev.on)
        elif ev.kind in ENTRIES and current is None and ev.organization_id:
            current = Stay(ev.organization_id, ev.on, FOREVER, ENTRIES[ev.kind], life=life)
            result.stays.append(current)
            result.left_reason = ""
        elif ev.kind in MOVES and current is not None and ev.organization_id:
            if ev.organization_id != current.organization_id:
                if ev.on == current.start:
                    current.organization_id = ev.organization_id
                else:
                    current.end, current.exit = ev.on, SpanExit.OTHER
                    current = Stay(ev.organization_id, ev.on, FOREVER, SpanEntry.OTHER, life=life)
                    result.stays.append(current)
        elif ev.kind in EXITS and current is not None:
            current.end, current.exit = ev.on, EXITS[ev.kind]
            result.left_reason = LEFT_REASONS[ev.kind]
            current = None
    return result


class TreeHistory:
    """The tree through time: for a unit and a period, the pieces of that period with the unit's chain of
    ancestors (itself first) on each day of the piece."""

    def __init__(self, links: Iterable[tuple[int, int | None, dt.date, dt.date | None]]):
        self._links: dict[int, list[tuple[int | None, dt.date, dt.date]]] = defaultdict(list)
        for org_id, parent_id, valid_from, valid_to in links:
            self._links[org_id].append((parent_id, valid_from, valid_to or FOREVER))
        for items in self._links.values():
            items.sort(key=lambda item: item[1])
        self._memo: dict[tuple[int, dt.date, dt.date], list] = {}

    @classmethod
    def load(cls) -> TreeHistory:
        return cls(OrganizationParent.objects.values_list("organization_id", "parent_id", "valid_from",
                                                          "valid_to"))

    def pieces(self, org_id: int, start: dt.date, end: dt.date, _depth: int = 0):
        key = (org_id, start, end)
        if key in self._memo:
            return self._memo[key]
        out: list[tuple[dt.date, dt.date, tuple[int, ...]]] = []
        cursor = start
        for parent_id, valid_from, valid_to in self._links.get(org_id, ()):
            a, b = max(start, valid_from), min(end, valid_to)
            if a >= b:
                continue
            if cursor < a:
                out.append((cursor, a, (org_id,)))
            if parent_id is None or _depth > 32:
                out.append((a, b, (org_id,)))
            else:
                above = self.pieces(parent_id, a, b, _depth + 1)
                out.extend((x, y, (org_id, *chain)) for x, y, chain in above)
            cursor = b
        if cursor < end:
            out.append((cursor, end, (org_id,)))
        self._memo[key] = out
        return out


@dataclass
class Row:
    ancestor_id: int
    start: dt.date
    end: dt.date
    entry: str
    exit: str
    life: int
    official_on: dt.date | None


def span_rows(result: Replay, tree: TreeHistory) -> list[Row]:
    """Maximal intervals per ancestor: a move that stays inside an ancestor's subtree does not cut it."""
    by_ancestor: dict[int, list[Row]] = defaultdict(list)
    for stay in result.stays:
        official = result.official_on.get(stay.life)
        for ps, pe, chain in tree.pieces(stay.organization_id, stay.start, stay.end):
            entry = stay.entry if ps == stay.start else SpanEntry.OTHER
            exit_ = stay.exit if pe == stay.end else SpanExit.OTHER
            for ancestor in chain:
                rows = by_ancestor[ancestor]
                last = rows[-1] if rows else None
                if last is not None and last.end == ps and last.life == stay.life:
                    last.end, last.exit = pe, exit_
                else:
                    rows.append(Row(ancestor, ps, pe, entry, exit_, stay.life, official))
    return [row for rows in by_ancestor.values() for row in rows]


def _state(member: Member, result: Replay, today: dt.date) -> dict:
    state = {"admitted_on": member.admitted_on, "official_on": member.official_on}
    if result.admitted_on:
        state["admitted_on"] = result.admitted_on
    if not result.stays:
        return {**state, "status": MemberStatus.LEFT if member.left_on else member.status}
    last = result.stays[-1]
    official = result.official_on.get(last.life)
    if official:
        state["official_on"] = official
    elif last.life > 0:
        state["official_on"] = None
    if last.end == FOREVER:
        status = MemberStatus.OFFICIAL if official and official <= today else MemberStatus.PROBATIONARY
        return {**state, "organization_id": last.organization_id, "status": status, "left_on": None,
                "left_reason": ""}
    return {**state, "organization_id": last.organization_id, "status": MemberStatus.LEFT,
            "left_on": last.end, "left_reason": result.left_reason}


def load_events(member_ids) -> dict[int, list[Ev]]:
    events: dict[int, list[Ev]] = defaultdict(list)
    qs = MemberEvent.objects.filter(member_id__in=member_ids, superseded_by__isnull=True).values_list(
        "member_id", "kind", "on", "organization_id", "id"
    )
    for member_id, kind, on, org_id, pk in qs.iterator(chunk_size=5000):
        events[member_id].append(Ev(kind, on, org_id, pk))
    return events


def rows_to_spans(member_id: int, rows: list[Row]) -> list[MembershipSpan]:
    return [
        MembershipSpan(
            member_id=member_id, ancestor_id=r.ancestor_id, start_on=r.start,
            end_on=None if r.end == FOREVER else r.end, entry=r.entry, exit=r.exit, official_on=r.official_on,
        )
        for r in rows
    ]


STATE_FIELDS = ["organization_id", "status", "admitted_on", "official_on", "left_on", "left_reason"]


def rebuild_for_members(member_ids: Iterable[int], tree: TreeHistory | None = None, batch: int = 2000) -> int:
    """Replace the spans and current state of these members from their events. Returns spans written."""
    member_ids = sorted(set(member_ids))
    tree = tree or TreeHistory.load()
    today = timezone.localdate()
    written = 0
    with transaction.atomic():
        for i in range(0, len(member_ids), batch):
            chunk = member_ids[i : i + batch]
            events = load_events(chunk)
            members = Member.objects.in_bulk(chunk)
            spans: list[MembershipSpan] = []
            changed: list[Member] = []
            for member_id in chunk:
                member = members[member_id]
                result = replay(events.get(member_id, ()))
                spans.extend(rows_to_spans(member_id, span_rows(result, tree)))
                state = _state(member, result, today)
                if any(getattr(member, k) != v for k, v in state.items() if k in STATE_FIELDS):
                    for k, v in state.items():
                        setattr(member, k, v)
                    changed.append(member)
            MembershipSpan.objects.filter(member_id__in=chunk).delete()
            MembershipSpan.objects.bulk_create(spans, batch_size=5000)
            if changed:
                _update_state(changed)
            written += len(spans)
    return written


def _update_state(members: list[Member]) -> None:
    """One parameterised UPDATE per member through executemany: bulk_update's CASE expressions cost
    minutes for 100,000 members."""
    table = Member._meta.db_table
    columns = [Member._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name).column
               for name in STATE_FIELDS]
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"  # noqa: S608
    rows = [[getattr(m, name) for name in STATE_FIELDS] + [m.pk] for m in members]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def rebuild_all(batch: int = 5000) -> int:
    tree = TreeHistory.load()
    ids = list(Member.objects.values_list("id", flat=True))
    return rebuild_for_members(ids, tree=tree, batch=batch)
