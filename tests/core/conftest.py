"""Helpers for tests that run `python -m dangvu` in a subprocess against a database of their own."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable


def dangvu(*args, env=None, data_dir=None, database_url=None, check=False):
    """Run `python -m dangvu ARGS` with a clean local-profile environment; returns CompletedProcess."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DANGVU_", "DATABASE_URL", "SECURE_"))}
    base.update({"DANGVU_PROFILE": "local", "AUDIT_KEY": settings.AUDIT_KEY, "PYTHONIOENCODING": "utf-8"})
    if data_dir is not None:
        base["DANGVU_DATA_DIR"] = str(data_dir)
    if database_url is not None:
        base["DATABASE_URL"] = database_url
    base.update(env or {})
    return subprocess.run(
        [PYTHON, "-m", "dangvu", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=300,
        check=check,
    )


def python_code(code, *, env, data_dir):
    """Run `python -c CODE` with exactly `env` (plus PATH and the data folder); returns its stdout words."""
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DANGVU_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "dangvu.settings", **env}
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def _pg_params(name):
    s = connection.settings_dict
    return {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432, "user": s["USER"],
            "password": s["PASSWORD"] or None, "dbname": name}


def _pg_url(name):
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


class FreshDatabase:
    """An empty database beside the test database, on the same engine: a URL for subprocesses and a raw
    DB-API connection for reading it back."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "fresh.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"dangvu_restore_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = _pg_url(self.name)

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        return psycopg.connect(**_pg_params(self.name))

    def drop(self):
        if self.vendor != "sqlite":
            with psycopg.connect(**_pg_params("postgres"), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def fresh_db(tmp_path):
    db = FreshDatabase(tmp_path)
    yield db
    db.drop()


def source_connection():
    """A raw DB-API connection to the test database (its data must be committed: transactional tests)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection
    return psycopg.connect(**_pg_params(connection.settings_dict["NAME"]))
