"""The figures of CONTRACT.md ("Days", "Figures"), computed in the database from membership spans: one
aggregate query per block, whatever the size of the subtree.

The query is plain SQL that SQLite and PostgreSQL both run: compiling the same aggregate through the ORM
costs several milliseconds of Python per call, far more than the query itself on a ward-sized subtree."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db import connection
from django.db.models import Count

from dangvu.members.models import MembershipSpan
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import Node, children_on, tree_on

FLOW_KEYS = ["admitted", "opening", "reinstated", "transferred_in", "transferred_out", "removed", "expelled",
             "died"]

_ON = "start_on <= {d} AND (end_on IS NULL OR end_on > {d})"
# The conditions of each figure, shared with the report (reports/figures.py), which adds columns to the
# same scan.
MEMBER_COLUMNS = [
    ("at_start", _ON.format(d="%(before)s")),
    ("at_end", _ON.format(d="%(to)s")),
    ("official_at_end", _ON.format(d="%(to)s") + " AND official_on <= %(to)s"),
    ("admitted", "start_on >= %(from)s AND entry = 'admitted'"),
    ("opening", "start_on >= %(from)s AND entry = 'opening'"),
    ("reinstated", "start_on >= %(from)s AND entry = 'reinstated'"),
    ("transferred_in", "start_on >= %(from)s AND entry = 'other'"),
    ("transferred_out", "end_on >= %(from)s AND end_on <= %(to)s AND exit = 'other'"),
    ("removed", "end_on >= %(from)s AND end_on <= %(to)s AND exit = 'removed'"),
    ("expelled", "end_on >= %(from)s AND end_on <= %(to)s AND exit = 'expelled'"),
    ("died", "end_on >= %(from)s AND end_on <= %(to)s AND exit = 'died'"),
    ("made_official", "official_on >= %(from)s AND official_on <= %(to)s AND start_on <= official_on "
                      "AND (end_on IS NULL OR end_on > official_on)"),
]


@cache
def _members_sql() -> str:
    sums = ",\n  ".join(f"COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)" for _, cond in MEMBER_COLUMNS)
    # Rows that touch [from − 1, to]: started by `to`, not ended before `from`.
    return (
        f"SELECT\n  {sums}\nFROM {MembershipSpan._meta.db_table}\n"  # noqa: S608 - constant text only
        "WHERE ancestor_id = %(org)s AND start_on <= %(to)s AND (end_on IS NULL OR end_on >= %(from)s)"
    )


def member_figures(organization_id: int, date_from: dt.date, date_to: dt.date) -> dict:
    """The `members` block for the subtree of `organization_id` and the closed period [from, to]."""
    params = {"org": organization_id, "from": date_from, "to": date_to,
              "before": date_from - dt.timedelta(days=1)}
    with connection.cursor() as cursor:
        cursor.execute(_members_sql(), params)
        values = dict(zip([name for name, _ in MEMBER_COLUMNS], cursor.fetchone(), strict=True))
    return {
        "at_start": values["at_start"],
        "at_end": values["at_end"],
        "probationary_at_end": values["at_end"] - values["official_at_end"],
        "official_at_end": values["official_at_end"],
        **{key: values[key] for key in FLOW_KEYS},
        "made_official": values["made_official"],
    }


def member_counts_on(organization_ids, day: dt.date) -> dict[int, int]:
    """Members on the register on `day` in the subtree (as it stood that day) of each unit: one GROUP BY
    over the membership spans."""
    ids = [int(i) for i in organization_ids]
    if not ids:
        return {}
    rows = (MembershipSpan.objects.on_register(day).filter(ancestor_id__in=ids)
            .values("ancestor_id").annotate(n=Count("member_id", distinct=True)))
    return {row["ancestor_id"]: row["n"] for row in rows}


def tree_with_counts(root: Organization | int, day: dt.date) -> Node | None:
    """`organizations.selectors.tree_on` with the members on the register in each node's subtree (one more
    GROUP BY query)."""
    node = tree_on(root, day)
    if node is not None:
        nodes = list(node.walk())
        counts = member_counts_on([n.id for n in nodes], day)
        for each in nodes:
            each.members = counts.get(each.id, 0)
    return node


def children_with_counts(organization: Organization, day: dt.date) -> list[tuple[Organization, int]]:
    """The units under `organization` on `day`, each with its members on the register that day."""
    children = list(children_on(organization, day))
    counts = member_counts_on([c.id for c in children], day)
    return [(child, counts.get(child.id, 0)) for child in children]
