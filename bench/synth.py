"""A synthetic register for benchmarks: a province-sized tree and N members with their events and spans.

Rows are written with the DB-API's executemany (benchmark data, not user data), but the spans come from the
real engine (`dangvu.members.spans`), so the figures measured are those the application computes.
Tree: root BENCH → 10 districts → 100 wards each → 10 cells each (11,011 units); members spread evenly."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction

from dangvu.core.collation import name_sort_key
from dangvu.core.text import fold
from dangvu.members.spans import Ev, TreeHistory, replay, span_rows

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thủy",
         "Trang", "Tuấn", "Tuyến", "Vân", "Việt", "Yến"]
EPOCH = dt.date(2015, 1, 1)
DISTRICTS, WARDS, CELLS = 10, 100, 10


def _tables():
    from dangvu.members.models import Member, MemberEvent, MembershipSpan
    from dangvu.organizations.models import Organization, OrganizationParent

    return {m.__name__: m._meta.db_table for m in (Organization, OrganizationParent, Member, MemberEvent,
                                                    MembershipSpan)}


def build_tree(cursor, t) -> tuple[list[int], dict[str, int]]:
    """Insert the units and their parent links; return the cell ids and the ids of named units."""
    rows = [("BENCH", "Đảng bộ tỉnh Bench", "committee", None)]
    for d in range(1, DISTRICTS + 1):
        rows.append((f"D{d:02d}", f"Đảng bộ huyện {d:02d}", "committee", "BENCH"))
        for w in range(1, WARDS + 1):
            rows.append((f"D{d:02d}-W{w:03d}", f"Đảng bộ phường {d:02d}-{w:03d}", "grassroots_committee",
                         f"D{d:02d}"))
            for c in range(1, CELLS + 1):
                rows.append((f"D{d:02d}-W{w:03d}-C{c:02d}", f"Chi bộ {c:02d}", "cell", f"D{d:02d}-W{w:03d}"))
    ids: dict[str, int] = {}
    for code, name, kind, parent in rows:
        cursor.execute(
            f"INSERT INTO {t['Organization']} (code, name, name_folded, kind, issuing_body, abbreviation, "  # noqa: S608
            "place_name, scope_parent_id) VALUES (%s, %s, %s, %s, '', '', '', %s)",
            [code, name, fold(name), kind, ids.get(parent) if parent else None],
        )
        ids[code] = cursor.lastrowid if connection.vendor == "sqlite" else _last_id(cursor, t, code)
    cursor.executemany(
        f"INSERT INTO {t['OrganizationParent']} (organization_id, parent_id, valid_from) VALUES (%s, %s, %s)",  # noqa: S608
        [(ids[code], ids[parent] if parent else None, dt.date(1930, 2, 3)) for code, _, _, parent in rows],
    )
    cells = [ids[code] for code, _, kind, _ in rows if kind == "cell"]
    return cells, ids


def _last_id(cursor, t, code):
    cursor.execute(f"SELECT id FROM {t['Organization']} WHERE code = %s", [code])  # noqa: S608
    return cursor.fetchone()[0]


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 3, 1)


def person(rng: random.Random, i: int):
    sex = "female" if rng.random() < 0.35 else "male"
    middle = "Thị" if sex == "female" and rng.random() < 0.7 else rng.choice(MIDDLE)
    name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 62))
    return name, sex, birth


def build(members: int, seed: int = 1, batch: int = 20_000, log=print) -> dict:
    """Write `members` synthetic members into an empty migrated database. Returns sizes and timings."""
    rng = random.Random(seed)
    t = _tables()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cells, ids = build_tree(cursor, t)
        links = t["OrganizationParent"]
        cursor.execute(f"SELECT organization_id, parent_id, valid_from, valid_to FROM {links}")  # noqa: S608
        tree = TreeHistory(cursor.fetchall())
        n_events = n_spans = 0
        for first in range(0, members, batch):
            count = min(batch, members - first)
            member_rows, plans = [], []
            for i in range(first, first + count):
                name, sex, birth = person(rng, i)
                cell = cells[i % len(cells)]
                admitted = EPOCH - dt.timedelta(days=rng.randrange(400, 365 * 30))
                opening = rng.random() < 0.9
                start = EPOCH if opening else EPOCH + dt.timedelta(days=rng.randrange(0, 365 * 10))
                evs = [Ev("opening" if opening else "admission", start, cell)]
                official = one_year_after(admitted if opening else start)
                evs.append(Ev("official", official, None))
                if rng.random() < 0.1:
                    later = start + dt.timedelta(days=rng.randrange(30, 3000))
                    evs.append(Ev("transfer", later, cells[rng.randrange(len(cells))]))
                if rng.random() < 0.03:
                    end = start + dt.timedelta(days=rng.randrange(3001, 4000))
                    evs.append(Ev(rng.choice(["death", "removal", "transfer_out"]), end, None))
                member_rows.append((f"BM{i:07d}", name, fold(name), name_sort_key(name), birth, sex, cell,
                                    admitted if opening else start, official))
                plans.append(evs)
            cursor.executemany(
                f"INSERT INTO {t['Member']} (code, full_name, name_folded, sort_key, birth_date, sex, "  # noqa: S608
                "ethnicity, religion, hometown, citizen_id, phone, education, professional_level, "
                "theory_level, "
                "card_number, organization_id, status, admitted_on, official_on, left_reason) "
                "VALUES (%s, %s, %s, %s, %s, %s, 'Kinh', '', '', '', '', '12/12', '', 'elementary', '', %s, "
                "'official', %s, %s, '')",
                member_rows,
            )
            cursor.execute(f"SELECT id, code FROM {t['Member']} WHERE code >= %s AND code <= %s",  # noqa: S608
                           [f"BM{first:07d}", f"BM{first + count - 1:07d}"])
            member_ids = {code: pk for pk, code in cursor.fetchall()}
            event_rows, span_rows_ = [], []
            for (code, *_), evs in zip(member_rows, plans, strict=True):
                mid = member_ids[code]
                for ev in evs:
                    event_rows.append((mid, ev.kind, ev.on, ev.organization_id))
                for r in span_rows(replay(evs), tree):
                    span_rows_.append((mid, r.ancestor_id, r.start, None if r.end == dt.date.max else r.end,
                                       r.entry, r.exit, r.official_on))
            cursor.executemany(
                f"INSERT INTO {t['MemberEvent']} (member_id, kind, \"on\", organization_id, decision_number, "  # noqa: S608
                "decision_body, note, rule_set, imported, correction_reason, grounds, source, created_at) "
                "VALUES (%s, %s, %s, %s, '', '', '', '', TRUE, '', '', '', CURRENT_TIMESTAMP)",
                event_rows,
            )
            cursor.executemany(
                f"INSERT INTO {t['MembershipSpan']} (member_id, ancestor_id, start_on, end_on, entry, exit, "  # noqa: S608
                "official_on) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                span_rows_,
            )
            n_events += len(event_rows)
            n_spans += len(span_rows_)
            log(f"  {first + count:>9,} members, {n_events:,} events, {n_spans:,} spans "
                f"({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"units": len(ids), "members": members, "events": n_events, "spans": n_spans,
            "seconds": time.perf_counter() - started, "ids": ids}
