"""The benchmark cases: each returns rows (name, app seconds, hand-written seconds or None, aim)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection

from dangvu.members.figures import member_figures
from dangvu.members.models import MembershipSpan
from dangvu.organizations.models import Organization

PERIOD = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))

HAND_STATS = """
SELECT
  SUM(CASE WHEN start_on <= %(before)s AND (end_on IS NULL OR end_on > %(before)s) THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on <= %(to)s AND (end_on IS NULL OR end_on > %(to)s) THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on <= %(to)s AND (end_on IS NULL OR end_on > %(to)s) AND official_on <= %(to)s
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on >= %(from)s AND entry = 'admitted' THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on >= %(from)s AND entry = 'opening' THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on >= %(from)s AND entry = 'reinstated' THEN 1 ELSE 0 END),
  SUM(CASE WHEN start_on >= %(from)s AND entry = 'other' THEN 1 ELSE 0 END),
  SUM(CASE WHEN end_on BETWEEN %(from)s AND %(to)s AND exit = 'other' THEN 1 ELSE 0 END),
  SUM(CASE WHEN end_on BETWEEN %(from)s AND %(to)s AND exit = 'removed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN end_on BETWEEN %(from)s AND %(to)s AND exit = 'expelled' THEN 1 ELSE 0 END),
  SUM(CASE WHEN end_on BETWEEN %(from)s AND %(to)s AND exit = 'died' THEN 1 ELSE 0 END),
  SUM(CASE WHEN official_on BETWEEN %(from)s AND %(to)s AND start_on <= official_on
      AND (end_on IS NULL OR end_on > official_on) THEN 1 ELSE 0 END)
FROM {table}
WHERE ancestor_id = %(org)s AND start_on <= %(to)s AND (end_on IS NULL OR end_on >= %(from)s)
"""


def _hand_stats(org_id: int):
    params = {"org": org_id, "from": PERIOD[0], "to": PERIOD[1], "before": PERIOD[0] - dt.timedelta(days=1)}
    with connection.cursor() as cursor:
        cursor.execute(HAND_STATS.format(table=MembershipSpan._meta.db_table), params)
        return cursor.fetchone()


def _timed(fn, repeat, warm=True):
    """Best of `repeat` runs, after one untimed run that warms the caches (the first case of a run would
    otherwise pay for reading the table from disk)."""
    best = None
    result = fn() if warm else None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def stats(repeat: int, **_):
    rows = []
    for label, code, aim in (("stats, ward subtree (D05-W050)", "D05-W050", "≤ 3×"),
                             ("stats, root (BENCH)", "BENCH", "≤ 1.5×")):
        org = Organization.objects.get(code=code)
        app_s, figures = _timed(lambda org=org: member_figures(org.id, *PERIOD), repeat)
        hand_s, hand = _timed(lambda org=org: _hand_stats(org.id), repeat)
        assert figures["at_end"] == (hand[1] or 0), (figures, hand)
        rows.append((f"{label}: {figures['at_end']:,} members", app_s, hand_s, aim))
    return rows


SEARCHES = ["nguyen van tuyen", "duc", "tuyen", "hoang thi lan"]
HAND_SEARCH = """
SELECT id FROM {table}
WHERE ' ' || name_folded LIKE %s
ORDER BY sort_key LIMIT 50
"""


def _bench_user():
    from dangvu.accounts.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username="bench.office", defaults={"full_name": "Bench"})
    RoleAssignment.objects.get_or_create(user=user, organization=Organization.objects.get(code="BENCH"),
                                         role="office_staff", defaults={"valid_from": dt.date(2000, 1, 1)})
    return user


def search(repeat: int, **_):
    """The first page (50) of a name search by a user whose scope is the whole register."""
    from dangvu.core.text import fold
    from dangvu.members.models import Member
    from dangvu.members.search import search_members

    user = _bench_user()
    table = Member._meta.db_table
    rows = []
    for text in SEARCHES:
        app_s, found = _timed(lambda text=text: search_members(user, text, limit=50), repeat)
        pattern = "%" + "%".join(f" {w}" for w in fold(text).split()) + "%"

        def hand(pattern=pattern):
            with connection.cursor() as cursor:
                cursor.execute(HAND_SEARCH.format(table=table), [pattern])
                return cursor.fetchall()

        hand_s, _ = _timed(hand, repeat)
        rows.append((f"search «{text}»: {len(found)} shown", app_s, hand_s, "< 50 ms"))
    return rows


def import_members(repeat: int, import_rows: int, **_):
    """`dangvu import members` of N opening rows from CSV, beside a bare executemany of the same member
    rows; both inside a transaction that is rolled back, so the register is unchanged."""
    import csv
    import random
    import tempfile

    from django.db import transaction

    from bench.synth import person
    from dangvu.core.collation import name_sort_key
    from dangvu.core.text import fold
    from dangvu.members.importers import run
    from dangvu.members.models import Member

    rng = random.Random(7)
    cells = list(Organization.objects.filter(code__startswith="D01-", kind="cell").values_list("code", "id"))
    header = ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on", "official_on",
              "entry_kind", "registered_on"]
    people = []
    for i in range(import_rows):
        name, sex, birth = person(rng, i)
        code, org_id = cells[i % len(cells)]
        people.append((f"IM{i:07d}", name, birth, sex, code, org_id))
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for code, name, birth, sex, org_code, _ in people:
            writer.writerow([code, name, birth.isoformat(), sex, org_code, "2010-05-19", "2011-05-19",
                             "opening", "2024-01-01"])
        path = fh.name

    class Rollback(Exception):
        pass

    def app():
        try:
            with transaction.atomic():
                run("members", path, actor=None)
                raise Rollback
        except Rollback:
            pass

    def bare():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {Member._meta.db_table} (code, full_name, name_folded, sort_key, "  # noqa: S608
                    "birth_date, sex, ethnicity, religion, hometown, citizen_id, phone, education, "
                    "professional_level, theory_level, card_number, organization_id, status, admitted_on, "
                    "official_on, left_reason) VALUES (%s, %s, %s, %s, %s, %s, '', '', '', '', '', '', '', "
                    "'none', '', %s, 'official', '2010-05-19', '2011-05-19', '')",
                    [(c, n, fold(n), name_sort_key(n), b, s, o) for c, n, b, s, _, o in people],
                )
                raise Rollback
        except Rollback:
            pass

    runs = max(1, min(repeat, 2))
    app_s, _ = _timed(app, runs, warm=False)
    bare_s, _ = _timed(bare, runs, warm=False)
    return [(f"import {import_rows:,} members (CSV) — rows/s {import_rows / app_s:,.0f} "
             f"vs {import_rows / bare_s:,.0f}", app_s, bare_s, "≤ 4× (¼ of bare rate)")]


def report_json(repeat: int, **_):
    """The annual report's JSON (figures, prose, tables by unit, previous year) beside `dangvu stats` of the
    same subtree and period (issue "Reports", point 6: at most twice)."""
    from dangvu.reports import annual, renderers
    from dangvu.reports.stats import stats_payload

    rows = []
    # On a ward the report's fixed work (names, plans, prose: ~25 ms) outweighs a 2 ms `stats`: the ratio
    # aim is for the whole register, the ward's is an absolute one.
    for label, code, aim in (("report JSON vs stats, ward (D05-W050)", "D05-W050", "< 100 ms"),
                             ("report JSON vs stats, root (BENCH)", "BENCH", "≤ 2×")):
        org = Organization.objects.get(code=code)
        period = annual.resolve(org, PERIOD[0].year, PERIOD[1])

        def report(period=period):
            return renderers.render(annual.build(period), "json")

        stats_s, figures = _timed(lambda org=org: stats_payload(org, *PERIOD), repeat)
        report_s, _ = _timed(report, repeat)
        rows.append((f"{label}: {figures['members']['at_end']:,} members", report_s, stats_s, aim))
    return rows


ALL = [stats, search, import_members, report_json]
