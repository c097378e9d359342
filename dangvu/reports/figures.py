"""The figures of a committee's report, computed in the database.

The report's own `members` and `oversight` blocks are those of `dangvu stats` (CONTRACT.md "Figures");
the same period of the previous year (admissions and membership) comes with them: its membership is one
more column of the same scan, its admissions a range of the index. The table by subordinate unit is one
more GROUP BY query over the units' spans; the monthly series of the dashboard is one query too."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db import connection

from dangvu.core.workdays import add_years
from dangvu.members.figures import MEMBER_COLUMNS
from dangvu.members.models import MembershipSpan
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import children_on
from dangvu.oversight.figures import oversight_figures

_NAMES = [name for name, _cond in MEMBER_COLUMNS]
_BY_NAME = dict(MEMBER_COLUMNS)
# The same period of the previous year is compared on admissions and membership only, and the table by
# unit shows six columns: each extra SUM(CASE …) costs about as much as the scan itself on SQLite, and
# the report is to cost at most twice `stats` (bench/cases.py `report_json`).
UNIT_COLUMNS = [
    ("at_start", _BY_NAME["at_start"]),
    ("admitted", _BY_NAME["admitted"]),
    ("transferred_in", _BY_NAME["transferred_in"]),
    ("transferred_out", _BY_NAME["transferred_out"]),
    ("left", "end_on >= %(from)s AND end_on <= %(to)s AND exit IN ('removed', 'expelled', 'died')"),
    ("at_end", _BY_NAME["at_end"]),
]


UNIT_KEYS = tuple(name for name, _c in UNIT_COLUMNS)


def _previous(cond: str) -> str:
    return (cond.replace("%(from)s", "%(pfrom)s").replace("%(to)s", "%(pto)s")
            .replace("%(before)s", "%(pbefore)s"))


def _sums(conditions) -> str:
    return ",\n  ".join(f"COALESCE(SUM(CASE WHEN {c} THEN 1 ELSE 0 END), 0)" for c in conditions)


@cache
def _two_periods_sql() -> str:
    # The membership at the end of the previous period is one more column of the same scan: the rows it
    # needs end after `pto`, which (a year before `to`) is at most a few months before `from`.
    conditions = [c for _n, c in MEMBER_COLUMNS] + [_previous(_BY_NAME["at_end"])]
    return (f"SELECT\n  {_sums(conditions)}\nFROM {MembershipSpan._meta.db_table}\n"  # noqa: S608
            "WHERE ancestor_id = %(org)s AND start_on <= %(to)s AND (end_on IS NULL OR end_on >= %(low)s)")


@cache
def _previous_admitted_sql() -> str:
    # A range of the (ancestor, start_on, …) index: cheap whatever the size of the subtree.
    return (f"SELECT COUNT(*) FROM {MembershipSpan._meta.db_table} "  # noqa: S608
            "WHERE ancestor_id = %(org)s AND start_on >= %(pfrom)s AND start_on <= %(pto)s "
            "AND entry = 'admitted'")


@cache
def _units_sql(count: int) -> str:
    marks = ", ".join(f"%(u{i})s" for i in range(count))
    return (f"SELECT ancestor_id,\n  {_sums(c for _n, c in UNIT_COLUMNS)}\n"  # noqa: S608 - placeholders only
            f"FROM {MembershipSpan._meta.db_table}\n"
            f"WHERE ancestor_id IN ({marks}) AND start_on <= %(to)s "
            "AND (end_on IS NULL OR end_on >= %(from)s) GROUP BY ancestor_id")


def _block(values) -> dict:
    v = dict(zip(_NAMES, (int(x or 0) for x in values), strict=True))
    return {
        "at_start": v["at_start"], "at_end": v["at_end"],
        "probationary_at_end": v["at_end"] - v["official_at_end"], "official_at_end": v["official_at_end"],
        **{k: v[k] for k in _NAMES if k not in ("at_start", "at_end", "official_at_end", "made_official")},
        "made_official": v["made_official"],
    }


def _params(date_from: dt.date, date_to: dt.date) -> dict:
    return {"from": date_from, "to": date_to, "before": date_from - dt.timedelta(days=1)}


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same period one year earlier ("cùng kỳ năm trước")."""
    return add_years(date_from, -1), add_years(date_to, -1)


def members_two_periods(organization_id: int, date_from: dt.date, date_to: dt.date) -> tuple[dict, dict]:
    """The `members` block of `stats` for the period, and admissions and membership of the same period
    one year earlier, from one scan."""
    pfrom, pto = previous_period(date_from, date_to)
    params = {"org": organization_id, **_params(date_from, date_to), "pfrom": pfrom, "pto": pto,
              "low": min(date_from, pto + dt.timedelta(days=1))}
    with connection.cursor() as cursor:
        cursor.execute(_two_periods_sql(), params)
        row = cursor.fetchone()
        cursor.execute(_previous_admitted_sql(), params)
        admitted = int(cursor.fetchone()[0] or 0)
    return _block(row[:len(_NAMES)]), {"admitted": admitted, "at_end": int(row[len(_NAMES)] or 0)}


def units_members(unit_ids: list[int], date_from: dt.date, date_to: dt.date) -> dict[int, dict]:
    """For each unit's subtree: members at the start and end, admitted, transferred in and out, and
    `left` (removed, expelled or died), in one GROUP BY query."""
    if not unit_ids:
        return {}
    params = {**_params(date_from, date_to), **{f"u{i}": uid for i, uid in enumerate(unit_ids)}}
    with connection.cursor() as cursor:
        cursor.execute(_units_sql(len(unit_ids)), params)
        rows = cursor.fetchall()
    return {row[0]: dict(zip(UNIT_KEYS, (int(x or 0) for x in row[1:]), strict=True)) for row in rows}


def report_figures(organization: Organization, date_from: dt.date, date_to: dt.date) -> dict:
    """Everything the report says in numbers: the `stats` blocks of the period, the previous year's
    (None when the committee did not exist then), and one row per unit standing under it on `to`."""
    current, previous = members_two_periods(organization.id, date_from, date_to)
    pfrom, pto = previous_period(date_from, date_to)
    existed = organization.established_on is None or organization.established_on <= pfrom
    units = list(children_on(organization, date_to))
    by_unit = units_members([u.id for u in units], date_from, date_to)
    return {
        "organization": organization.code,
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "members": current,
        "oversight": oversight_figures(organization.id, date_from, date_to),
        "previous": {
            "from": pfrom.isoformat(), "to": pto.isoformat(), "members": previous,
            "oversight": oversight_figures(organization.id, pfrom, pto),
        } if existed else None,
        "units": [
            {"code": u.code, "id": u.id, "members": by_unit.get(u.id) or dict.fromkeys(UNIT_KEYS, 0),
             "oversight": oversight_figures(u.id, date_from, date_to)}
            for u in units
        ],
    }
