"""The benchmark cases: each returns rows (name, app seconds, hand-written seconds or None, aim)."""

from __future__ import annotations

import datetime as dt

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


def _timed(fn, repeat):
    import time

    best = None
    result = None
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


ALL = [stats]
