"""The figures of a committee's report, computed in the database.

The report's own `members` and `oversight` blocks are those of `dangvu stats` (CONTRACT.md "Figures");
the same period of the previous year (admissions and membership) is the same `members` figure over the
earlier dates. The table by subordinate unit is one more GROUP BY query over the units' spans; the monthly
series of the dashboard is one query too."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db import connection

from dangvu.core.workdays import add_years
from dangvu.members.figures import MEMBER_COLUMNS, member_figures
from dangvu.members.models import MembershipSpan
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import children_on
from dangvu.oversight.figures import oversight_figures

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


def _sums(conditions) -> str:
    return ",\n  ".join(f"COALESCE(SUM(CASE WHEN {c} THEN 1 ELSE 0 END), 0)" for c in conditions)


@cache
def _units_sql(count: int) -> str:
    marks = ", ".join(f"%(u{i})s" for i in range(count))
    return (f"SELECT ancestor_id,\n  {_sums(c for _n, c in UNIT_COLUMNS)}\n"  # noqa: S608 - placeholders only
            f"FROM {MembershipSpan._meta.db_table}\n"
            f"WHERE ancestor_id IN ({marks}) AND start_on <= %(to)s "
            "AND (end_on IS NULL OR end_on >= %(from)s) GROUP BY ancestor_id")


def _params(date_from: dt.date, date_to: dt.date) -> dict:
    return {"from": date_from, "to": date_to, "before": date_from - dt.timedelta(days=1)}


def previous_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same period one year earlier ("cùng kỳ năm trước")."""
    return add_years(date_from, -1), add_years(date_to, -1)


def members_two_periods(organization_id: int, date_from: dt.date, date_to: dt.date) -> tuple[dict, dict]:
    """The `members` block of `stats` for the period, and admissions and membership of the same period
    one year earlier: the same figure function over the earlier dates."""
    pfrom, pto = previous_period(date_from, date_to)
    previous = member_figures(organization_id, pfrom, pto)
    return (member_figures(organization_id, date_from, date_to),
            {"admitted": previous["admitted"], "at_end": previous["at_end"]})


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
