"""Finding members by name, code or citizen ID, ignoring case and diacritics (đ/Đ included).

Names are matched on `Member.name_folded` (core.text.fold of the full name) word by word from the start
of a word: "nguyen v tuy" finds "Nguyễn Văn Tuyến", "duc" finds "Đức". Both sides are folded by the same
Python function, so SQLite and PostgreSQL agree. PostgreSQL compares the column with plain LIKEs
(`contains`, not `icontains`, which would wrap it in UPPER() and miss the index), answered by a trigram GIN
index (migration 0003); SQLite cannot index LIKE '%…%' and a scan of a million names takes about a second,
so there an FTS5 index of the folded names with word prefixes answers (migration 0005, kept in step by
triggers). Code and citizen ID match exactly (indexed). Measured in docs/benchmarks.md."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import scope_filter
from dangvu.core.collation import name_sort_key
from dangvu.core.text import fold
from dangvu.members.models import Member


def index_fields(full_name: str) -> dict:
    """The search and sort columns of a member named `full_name`. Member.save fills them; a bulk_create
    must set them itself: `Member(**fields, **index_fields(fields["full_name"]))`."""
    return {"name_folded": fold(full_name), "sort_key": name_sort_key(full_name)}


FTS_TABLE = "members_member_fts"  # SQLite only (migration 0005)


def _words(text: str) -> list[str]:
    """Folded words of the query, letters and digits only (safe inside an FTS5 expression)."""
    return [w for w in ("".join(ch for ch in word if ch.isalnum()) for word in fold(text).split()) if w]


def _fts_expression(words: list[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def _tsquery(words: list[str], exact_head: bool) -> str:
    """'nguyen & van & tuyen:*' (exact_head: the words before the last are whole words) or
    'nguyen:* & van:* & tuyen:*'. The words are letters and digits only: no operator can slip in."""
    last = len(words) - 1
    return " & ".join(w if exact_head and i < last else f"{w}:*" for i, w in enumerate(words))


def _by_name(words: list[str], exact_head: bool = False) -> Q:
    if connection.vendor == "sqlite":
        # Constant SQL; the query words travel as a parameter.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [_fts_expression(words)]))  # noqa: S611
    # The GIN index of migration 0006 answers this expression.
    sql = (f"SELECT id FROM {Member._meta.db_table} "  # noqa: S608 - constant text, words as a parameter
           "WHERE to_tsvector('simple', name_folded) @@ to_tsquery('simple', %s)")
    return Q(pk__in=RawSQL(sql, [_tsquery(words, exact_head)]))  # noqa: S611


def text_query(text: str) -> Q:
    """Members whose name has a word starting with each word of `text`, or whose code or citizen ID is
    `text`. An empty text matches nobody."""
    raw = (text or "").strip()
    words = _words(raw)
    if not words:
        return Q(pk__in=[])
    return _by_name(words) | Q(code__in={raw, raw.upper()}) | Q(citizen_id=raw)


class _Rare(Func):
    """SQLite's `likelihood(condition, 0.0001)`: tells the planner that few rows match. Its statistics
    hold only the average rows per key, and a register where most citizen IDs are still blank makes
    `citizen_id = ?` look like the whole table, so it walked the `sort_key` index instead (issue 17)."""

    function = "likelihood"
    template = "%(function)s(%(expressions)s, 0.0001)"
    output_field = BooleanField()


def _citizen_id_is(raw: str) -> Q:
    if connection.vendor == "sqlite":
        return Q(_Rare(Exact(F("citizen_id"), raw)))
    return Q(citizen_id=raw)  # PostgreSQL keeps the most common values: a blank majority misleads it not


def _exact_matches(scope: Q, raw: str, limit: int) -> list[int]:
    """The first `limit` members, in name order, whose code or citizen ID is `raw`: two index lookups
    merged here. As one `code IN … OR citizen_id = … ORDER BY sort_key` SQLite read the whole register in
    sort_key order (issue 17; guarded by tests/perf)."""
    rows = set(Member.objects.filter(scope, code__in={raw, raw.upper()}).order_by()
               .values_list("sort_key", "pk"))
    rows.update(Member.objects.filter(scope, _citizen_id_is(raw)).order_by("sort_key", "pk")
                .values_list("sort_key", "pk")[:limit])
    return [pk for _, pk in sorted(rows)[:limit]]


def search_members(user, text: str, limit: int = 50) -> list[Member]:
    """The first `limit` members matching `text` within the user's `register.view` scope, shown in
    Vietnamese name order. The index is read until `limit` matches are found (no sort of every match in
    SQL), so a common name on a register of a million answers as fast as a rare one."""
    raw = (text or "").strip()
    words = _words(raw)
    if not words:
        return []
    scope = scope_filter(user, Action.VIEW_REGISTER)
    pks = _exact_matches(scope, raw, limit)
    # On PostgreSQL whole words first (a word's exact posting list is short; "nguyen:*" is not), then,
    # if the page is not full, every word as a prefix ("nguyen v tuy").
    passes = [True, False] if connection.vendor == "postgresql" and len(words) > 1 else [False]
    for exact_head in passes:
        if len(pks) >= limit:
            break
        matches = Member.objects.filter(scope, _by_name(words, exact_head)).exclude(pk__in=pks).order_by()
        pks += list(matches.values_list("pk", flat=True)[: limit - len(pks)])
    found = Member.objects.select_related("organization").in_bulk(pks[:limit])
    return sorted(found.values(), key=lambda m: (m.sort_key, m.code))
