"""Reads of the organisation tree. Subtrees are one recursive query (WITH RECURSIVE works on SQLite and
PostgreSQL alike), never a loop in Python."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from dangvu.organizations.models import Organization


def scope_subtree_ids(root_ids) -> set[int]:
    """The units reachable today from `root_ids` downwards, closed units included through the successor
    that took their records (a role at the successor reaches the closed unit's history)."""
    root_ids = [int(i) for i in root_ids]
    if not root_ids:
        return set()
    table = Organization._meta.db_table
    marks = ",".join(["%s"] * len(root_ids))
    sql = f"""
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM {table} WHERE id IN ({marks})
            UNION
            SELECT o.id FROM {table} o JOIN sub ON o.scope_parent_id = sub.id
        )
        SELECT id FROM sub
    """  # noqa: S608 - only placeholders are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, root_ids)
        return {row[0] for row in cursor.fetchall()}


def subtree_ids_on(root_id: int, day: dt.date) -> set[int]:
    """The units under `root_id` (itself included) as the tree stood on `day`."""
    from dangvu.organizations.models import OrganizationParent

    links = OrganizationParent._meta.db_table
    sql = f"""
        WITH RECURSIVE sub(id) AS (
            SELECT %s
            UNION
            SELECT l.organization_id FROM {links} l JOIN sub ON l.parent_id = sub.id
            WHERE l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s)
        )
        SELECT id FROM sub
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [root_id, day, day])
        return {row[0] for row in cursor.fetchall()}


def ancestor_ids(org_id: int) -> list[int]:
    """The scope ancestors of a unit, itself first."""
    table = Organization._meta.db_table
    sql = f"""
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, scope_parent_id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT o.id, o.scope_parent_id, up.depth + 1 FROM {table} o JOIN up ON o.id = up.parent_id
            WHERE up.depth < 64
        )
        SELECT id FROM up ORDER BY depth
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [org_id])
        return [row[0] for row in cursor.fetchall()]


def get_by_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()
