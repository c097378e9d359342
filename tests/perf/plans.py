"""Reading query plans: which large tables a statement reads whole.

SQLite (`EXPLAIN QUERY PLAN`): a `SCAN t` line, with or without `USING INDEX` (the search regression of
issue 17 was `SCAN members_member USING INDEX …sort_key…`: the whole table in index order); `SEARCH t` is
an index lookup. PostgreSQL (`EXPLAIN (FORMAT JSON)`, statistics analysed, `enable_seqscan` on): a
`Seq Scan` of t, or an index scan of t without an index condition (the same whole-table walk)."""

from __future__ import annotations

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def full_scans(sql: str, tables: set[str]) -> list[str]:
    """The plan lines that read one of `tables` whole when `sql` runs."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            found = []
            for row in cursor.fetchall():
                detail = row[-1]
                match = re.match(r"SCAN (\w+)", detail)
                if match and match.group(1) in tables:
                    found.append(detail)
            return found
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return [f"{n['Node Type']} on {n['Relation Name']}" for n in _nodes(plan[0]["Plan"])
                if n.get("Relation Name") in tables and _whole(n)]


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _whole(node: dict) -> bool:
    if node["Node Type"] == "Seq Scan":
        return True
    return node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node


def scans_of(fn, tables: set[str]) -> tuple[object, dict[str, list[str]]]:
    """Runs `fn`, then explains every statement it ran: (its result, {statement: whole-table reads})
    for the statements that read one of `tables` whole."""
    with CaptureQueriesContext(connection) as captured:
        result = fn()
    bad = {}
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        if lines := full_scans(sql, tables):
            bad[sql] = lines
    return result, bad
