"""Copies of whole test databases, for the demo fixtures of tests/conftest.py: `dangvu demo` is built once
per run into a database of its own, and each module that reads it gets a copy of that database.

The default connection is pointed at another database by changing the NAME of its settings in place:
every connection Django opens afterwards, in any thread (the live server's included), reads the same
dictionary. A copy is a file copy through SQLite's backup API (WAL included), or a PostgreSQL
`CREATE DATABASE … TEMPLATE …`."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from django.db import connection


def current_name() -> str:
    return connection.settings_dict["NAME"]


def sibling_name(base: str, suffix: str) -> str:
    """A database named after the test database `base`, e.g. test_x_demo on PostgreSQL or
    test_123.demo.sqlite3 beside test_123.sqlite3."""
    if connection.vendor == "sqlite":
        path = Path(base)
        return str(path.with_name(f"{path.stem}.{suffix}{path.suffix}"))
    return f"{base}_{suffix}"


def clone(source: str, target: str) -> None:
    """`target` becomes a copy of `source`; nobody may be connected to `source` meanwhile."""
    connection.close()
    drop(target)
    if connection.vendor == "sqlite":
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    with connection._nodb_cursor() as cursor:
        # Connections left open by finished threads of earlier tests would make the copy fail.
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s AND pid <> pg_backend_pid()", [source])
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY')


def drop(name: str) -> None:
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def using(name: str):
    """The default connection reads and writes database `name` inside the block."""
    settings_dict = connection.settings_dict
    saved = settings_dict["NAME"]
    connection.close()
    settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = saved
