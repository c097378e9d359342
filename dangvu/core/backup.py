"""Backups of the whole database, and their restore (`dangvu backup FILE`, `dangvu restore FILE`).

Two formats:
- ``sqlite``: the default on SQLite. SQLite's online backup API copies the live database page by page
  into FILE, a complete SQLite database, consistent even while the application writes (WAL).
- ``portable``: the only format on PostgreSQL, and available on SQLite. A gzip'd JSON-lines file that
  does not depend on the server version: line 1 is a header (format version, engine, the applied
  migrations, the tables with their columns), then one line per row ``[table, [values]]``, and a last
  line with the row count of every table, so that a cut file is refused. A portable file restores into
  either engine (moving from SQLite to PostgreSQL is backup on one, restore on the other).

A restore goes into a database migrated to exactly the backup's migrations, that holds no data (unless
``force``), in one transaction; afterwards PostgreSQL's sequences are reset. A database without any table
is migrated first (when this version's migrations are exactly the backup's). The audit chain is keyed by
AUDIT_KEY: a backup whose chain anchor records another key's fingerprint is refused before anything is
written; the restore command then verifies the restored chain.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from dangvu.audit import chain
from dangvu.audit.models import ChainAnchor
from dangvu.core.errors import InvalidInput

FORMAT_NAME = "dangvu-backup"
FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
BATCH = 1000

# A database with no row in these tables is empty (see tables_with_data).
RECORD_MODELS = ("accounts.User", "organizations.Organization", "members.Member", "audit.AuditEntry")


@dataclass
class Summary:
    format: str
    tables: int
    rows: int


# --- what is in a database ----------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every table of every installed app (many-to-many tables included), once, in a stable order."""
    seen, result = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        result.append(model)
    return sorted(result, key=lambda m: m._meta.db_table)


def _fields(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def applied_migrations(using: str = "default") -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def tables_with_data(using: str = "default") -> list[str]:
    """The record tables that hold rows. Migrations seed some tables by themselves (content types,
    permissions, the audit chain head, rule sets), so "empty" is judged on the records any real use
    creates: accounts, organisations, members, audit entries."""
    existing = set(connections[using].introspection.table_names())
    result = []
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in existing and model._base_manager.using(using).exists():
            result.append(model._meta.db_table)
    return result


# --- checks shared by both formats --------------------------------------------------------------------


def known_migrations() -> list[list[str]]:
    """The migrations a fresh `migrate` of this version applies (and records), whatever the database."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    names = set(graph.nodes)
    names |= {tuple(r) for key in graph.nodes for r in (graph.nodes[key].replaces or [])}
    return sorted([app, name] for app, name in names)


def _check_migrations(saved: list[list[str]], using: str, here: list[list[str]] | None = None) -> None:
    here = applied_migrations(using) if here is None else here
    saved_set, here_set = {tuple(m) for m in saved}, {tuple(m) for m in here}
    if saved_set != here_set:
        only_file = ", ".join(f"{a}.{n}" for a, n in sorted(saved_set - here_set)) or "-"
        only_db = ", ".join(f"{a}.{n}" for a, n in sorted(here_set - saved_set)) or "-"
        raise InvalidInput.one(
            "FILE",
            _interpolate(
                _(
                    "The backup was made with other migrations than this database has (only in the file: "
                    "%(file)s; only in the database: %(db)s). Restore with the dangvu version that made the "
                    "backup, then upgrade."
                ),
                file=only_file,
                db=only_db,
            ),
            "backup.migrations",
        )


def _check_empty(using: str, force: bool) -> None:
    if force:
        return
    filled = tables_with_data(using)
    if filled:
        raise InvalidInput.one(
            "database",
            _interpolate(
                _("The database already holds data (%(tables)s); restore into an empty database, or use "
                  "--force to replace everything in it."),
                tables=", ".join(filled[:5]),
            ),
            "backup.not_empty",
        )


def _interpolate(message, **params):
    """`message % params`, still lazy: rendered in each language when the error is shown."""
    return lazy(lambda: str(message) % params, str)()


def _bad_file(message) -> InvalidInput:
    return InvalidInput.one("FILE", message, "backup.file")


def detect_format(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise _bad_file(_("The backup file does not exist.")) from None
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head[:2] == GZIP_MAGIC:
        return "portable"
    raise _bad_file(_("This is not a dangvu backup file."))


# --- SQLite online backup -----------------------------------------------------------------------------


def _raw_sqlite(using: str) -> sqlite3.Connection:
    conn = connections[using]
    if conn.vendor != "sqlite":
        raise _bad_file(
            _("A SQLite backup file restores only into a SQLite database; use a portable backup.")
        )
    conn.ensure_connection()
    return conn.connection


def backup_sqlite(path: Path, using: str = "default") -> Summary:
    source = _raw_sqlite(using)
    tmp = _temp_beside(path)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)  # one step: a consistent snapshot; WAL lets writers go on meanwhile
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            tables = target.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            target.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Summary("sqlite", tables, 0)


def _sqlite_contents(path: Path) -> tuple[list[list[str]], str | None]:
    """The migrations of an SQLite backup file, and the fingerprint its chain anchor records."""
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            saved = sorted([a, n] for a, n in source.execute("SELECT app, name FROM django_migrations"))
        except sqlite3.DatabaseError:
            raise _bad_file(_("This SQLite file is not a dangvu database.")) from None
        try:
            table = ChainAnchor._meta.db_table
            row = source.execute(f"SELECT fingerprint FROM {table} WHERE id = 1").fetchone()  # noqa: S608
        except sqlite3.DatabaseError:
            row = None  # made before chains were anchored
    finally:
        source.close()
    return saved, row[0] if row else None


def restore_sqlite(path: Path, using: str = "default", force: bool = False) -> Summary:
    target = _raw_sqlite(using)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        saved = _sqlite_contents(path)[0]
        _check_migrations(saved, using)
        _check_empty(using, force)
        if connections[using].in_atomic_block:
            raise RuntimeError("restore_sqlite cannot run inside a transaction")
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        tables = source.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    finally:
        source.close()
    ContentType.objects.clear_cache()
    return Summary("sqlite", tables, 0)


# --- portable format ----------------------------------------------------------------------------------


def _encode(field: models.Field, value):
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "JSONField":
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # full microseconds: the audit chain hashes them
    if isinstance(value, dt.timedelta):
        return [value.days, value.seconds, value.microseconds]
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, int | float | str | bool):
        return value
    return str(value)  # Decimal, UUID, file names


def _decode(field: models.Field, value):
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "JSONField":
        return value
    if kind == "DurationField":
        return dt.timedelta(days=value[0], seconds=value[1], microseconds=value[2])
    return field.to_python(value)


def backup_portable(path: Path, using: str = "default") -> Summary:
    conn = connections[using]
    tmp = _temp_beside(path)
    counts: dict[str, int] = {}
    try:
        with transaction.atomic(using=using):
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:  # every table read from one snapshot
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            model_list = backed_up_models()
            header = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "engine": conn.vendor,
                "created_at": timezone.now().isoformat(),
                "migrations": applied_migrations(using),
                "tables": [
                    {
                        "table": m._meta.db_table,
                        "model": m._meta.label,
                        "columns": [f.column for f in _fields(m)],
                    }
                    for m in model_list
                ],
            }
            with gzip.open(tmp, "wt", encoding="utf-8") as out:
                out.write(_line(header))
                for model in model_list:
                    fields = _fields(model)
                    table = model._meta.db_table
                    rows = (
                        model._base_manager.using(using)
                        .order_by(*[f.attname for f in fields if f.primary_key] or ["pk"])
                        .values_list(*[f.attname for f in fields])
                    )
                    count = 0
                    for row in rows.iterator(chunk_size=BATCH):
                        out.write(_line([table, [_encode(f, v) for f, v in zip(fields, row, strict=True)]]))
                        count += 1
                    counts[table] = count
                out.write(_line({"end": True, "counts": counts}))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Summary("portable", len(counts), sum(counts.values()))


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def restore_portable(path: Path, using: str = "default", force: bool = False) -> Summary:
    conn = connections[using]
    by_table = {m._meta.db_table: m for m in backed_up_models()}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            header = json.loads(stream.readline() or "null")
            _check_header(header)
            _check_migrations(header["migrations"], using)
            _check_tables(header, by_table)
            with transaction.atomic(using=using):
                _check_empty(using, force)
                conn.ops.execute_sql_flush(
                    conn.ops.sql_flush(no_style(), list(by_table), allow_cascade=True)
                )
                counts, footer = _load_rows(stream, header, by_table, conn)
                if footer is None or footer.get("counts") != counts:
                    raise _bad_file(_("The backup file is incomplete (cut short or damaged)."))
                with conn.cursor() as cursor:
                    for sql in conn.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                        cursor.execute(sql)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise _bad_file(_("The backup file is incomplete (cut short or damaged).")) from None
    ContentType.objects.clear_cache()
    return Summary("portable", len(counts), sum(counts.values()))


def _check_header(header) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _bad_file(_("This is not a dangvu backup file."))
    if header.get("version") != FORMAT_VERSION:
        raise _bad_file(_("This backup file format version is not supported."))


def _check_tables(header, by_table) -> None:
    for table in header["tables"]:
        model = by_table.get(table["table"])
        if model is None or table["columns"] != [f.column for f in _fields(model)]:
            raise InvalidInput.one(
                "FILE",
                _interpolate(
                    _("The table %(table)s of the backup does not match this version of dangvu."),
                    table=table["table"],
                ),
                "backup.migrations",
            )


def _load_rows(stream, header, by_table, conn):
    quote = conn.ops.quote_name
    plans = {}
    for table in header["tables"]:
        model = by_table[table["table"]]
        fields = _fields(model)
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        plans[table["table"]] = (fields, f"INSERT INTO {quote(table['table'])} ({columns}) VALUES ({marks})")  # noqa: S608
    counts = {t["table"]: 0 for t in header["tables"]}
    pending: dict[str, list] = {}
    footer = None
    with conn.cursor() as cursor:

        def flush(table):
            fields, sql = plans[table]
            cursor.executemany(sql, pending.pop(table))

        for raw in stream:
            item = json.loads(raw)
            if isinstance(item, dict):
                footer = item
                break
            table, values = item
            fields = plans[table][0]
            row = [
                f.get_db_prep_save(_decode(f, v), connection=conn)
                for f, v in zip(fields, values, strict=True)
            ]
            pending.setdefault(table, []).append(row)
            counts[table] += 1
            if len(pending[table]) >= BATCH:
                flush(table)
        for table in list(pending):
            flush(table)
    return counts, footer


# --- entry points -------------------------------------------------------------------------------------


def backup(path: Path, fmt: str | None = None, using: str = "default") -> Summary:
    vendor = connections[using].vendor
    fmt = fmt or ("sqlite" if vendor == "sqlite" else "portable")
    if fmt == "sqlite":
        return backup_sqlite(path, using)
    return backup_portable(path, using)


def _portable_contents(path: Path) -> tuple[list[list[str]], str | None]:
    """The migrations of a portable backup file, and the fingerprint its chain anchor records (the rows
    come table by table in name order: reading stops after the anchor's)."""
    anchor_table = ChainAnchor._meta.db_table
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            header = json.loads(stream.readline() or "null")
            _check_header(header)
            columns = next((t["columns"] for t in header["tables"] if t["table"] == anchor_table), None)
            if columns is None or "fingerprint" not in columns:
                return header["migrations"], None
            for raw in stream:
                item = json.loads(raw)
                if isinstance(item, dict) or item[0] > anchor_table:
                    break
                if item[0] == anchor_table:
                    return header["migrations"], item[1][columns.index("fingerprint")]
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError):
        raise _bad_file(_("The backup file is incomplete (cut short or damaged).")) from None
    return header["migrations"], None


def _check_key(fingerprint: str | None) -> None:
    if fingerprint is not None and fingerprint != chain.fingerprint():
        raise InvalidInput.one(
            "AUDIT_KEY",
            _("The audit chain of this backup is signed by another key than the one at hand; nothing was "
              "written. Set AUDIT_KEY to the key kept with the backup (or put its audit_key file beside "
              "the SQLite database), then restore."),
            "backup.key",
        )


def restore(path: Path, using: str = "default", force: bool = False) -> Summary:
    """Restore FILE; a database without tables is migrated first. Nothing is written when the file's
    migrations differ from this version's or its chain is signed by another key."""
    fmt = detect_format(path)
    saved, fingerprint = _sqlite_contents(path) if fmt == "sqlite" else _portable_contents(path)
    _check_key(fingerprint)
    if not applied_migrations(using):
        _check_migrations(saved, using, here=known_migrations())
        call_command("migrate", database=using, interactive=False, verbosity=0)
    if fmt == "sqlite":
        return restore_sqlite(path, using, force)
    return restore_portable(path, using, force)


def _temp_beside(path: Path) -> str:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return name

