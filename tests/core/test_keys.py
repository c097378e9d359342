"""The keys belong to the database, not to the shell's folder: a generated audit key is written beside the
SQLite file when its chain begins, found from any working directory, never created a second time against a
database that has a chain; a key that does not match the chain's fingerprint stops every command (and
manage.py) with exit 2 in Vietnamese and English, never a tamper alarm."""

import os
import sqlite3
import subprocess

import pytest

from .conftest import PYTHON, ROOT

pytestmark = pytest.mark.django_db(transaction=True)  # the subprocesses need no test data, only no lock
PASSWORD = "a-long-password-1"


def run(*args, cwd, home, env=None, module=True):
    """`python -m dangvu ARGS` (or manage.py) from `cwd`, with HOME=`home` and no dangvu variable."""
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("DANGVU_", "DATABASE_URL", "AUDIT_KEY", "SECRET_KEY", "XDG_"))}
    base.update({"HOME": str(home), "DANGVU_PROFILE": "local", "PYTHONIOENCODING": "utf-8",
                 "PYTHONPATH": str(ROOT), **(env or {})})
    command = [PYTHON, "-m", "dangvu", *args] if module else [PYTHON, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, cwd=cwd, env=base, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture
def place(tmp_path):
    """A database folder, two unrelated working folders and a home of its own."""
    folders = {name: tmp_path / name for name in ("db", "here", "elsewhere", "home")}
    for folder in folders.values():
        folder.mkdir()
    folders["url"] = f"sqlite:///{folders['db'] / 'party.sqlite3'}"
    return folders


def _entries(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM audit_auditentry").fetchone()[0]


def test_the_generated_key_lives_beside_the_database_and_is_found_from_any_folder(place):
    db = {"DATABASE_URL": place["url"]}
    assert run("migrate", "-v0", cwd=place["here"], home=place["home"], env=db).returncode == 0
    key = place["db"] / "audit_key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert not (place["here"] / "var").exists()

    made = run("createuser", "lan", "--password", PASSWORD, "--full-name", "Lê Thị Lan",
               cwd=place["elsewhere"], home=place["home"], env=db)
    assert made.returncode == 0, made.stderr
    verified = run("audit", "verify", cwd=place["home"], home=place["home"], env=db)
    assert verified.returncode == 0, verified.stderr
    assert "Audit chain intact: 1 entries" in verified.stdout
    beside = {p.name for p in place["db"].iterdir()} - {"party.sqlite3-wal", "party.sqlite3-shm"}
    assert beside == {"audit_key", "party.sqlite3", "secret_key"}


def test_without_its_key_file_every_command_stops_and_no_second_key_is_made(place):
    db = {"DATABASE_URL": place["url"]}
    run("migrate", "-v0", cwd=place["here"], home=place["home"], env=db)
    run("createuser", "lan", "--password", PASSWORD, "--full-name", "Lê Thị Lan", cwd=place["here"],
        home=place["home"], env=db)
    key = place["db"] / "audit_key"
    key.rename(place["home"] / "kept_audit_key")

    for args, module in ((("audit", "verify"), True),
                         (("createuser", "minh", "--password", PASSWORD, "--full-name", "Minh"), True),
                         (("migrate", "-v0"), True), (("check",), False)):
        result = run(*args, cwd=place["elsewhere"], home=place["home"], env=db, module=module)
        assert result.returncode == 2, (args, result.stderr)
        assert "no new key was created" in result.stderr  # English
        assert "không tạo khóa mới" in result.stderr  # Vietnamese
        assert str(key) in result.stderr
        assert "broken" not in result.stderr
    assert not key.exists()
    assert _entries(place["db"] / "party.sqlite3") == 1

    (place["home"] / "kept_audit_key").rename(key)
    assert run("audit", "verify", cwd=place["elsewhere"], home=place["home"], env=db).returncode == 0


def test_a_key_that_does_not_match_the_fingerprint_stops_the_start(fresh_db, tmp_path):
    good, bad = {"AUDIT_KEY": "k" * 40, "DATABASE_URL": fresh_db.url}, {"AUDIT_KEY": "x" * 40}
    home = tmp_path
    assert run("migrate", "-v0", cwd=tmp_path, home=home, env=good).returncode == 0
    for module in (True, False):
        result = run("audit", "verify", cwd=tmp_path, home=home, env={**good, **bad}, module=module)
        assert result.returncode == 2, result.stderr
        assert "is not the key that signs this database's audit chain" in result.stderr
        assert "không phải khóa ký chuỗi nhật ký kiểm toán" in result.stderr
    assert run("audit", "verify", cwd=tmp_path, home=home, env=good).returncode == 0


def test_the_web_app_does_not_start_under_a_foreign_key(fresh_db, tmp_path):
    good = {"AUDIT_KEY": "k" * 40, "DATABASE_URL": fresh_db.url}
    assert run("migrate", "-v0", cwd=tmp_path, home=tmp_path, env=good).returncode == 0
    load = "import dangvu.wsgi; print('started')"
    started = subprocess.run([PYTHON, "-c", load], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             env={**os.environ, **good, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
                             check=False)
    assert started.stdout.strip() == "started", started.stderr
    refused = subprocess.run([PYTHON, "-c", load], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             env={**os.environ, **good, "AUDIT_KEY": "x" * 40, "HOME": str(tmp_path),
                                  "PYTHONPATH": str(ROOT)}, check=False)
    assert refused.returncode != 0 and "started" not in refused.stdout
    assert "KeyMismatch" in refused.stderr and "is not the key that signs" in refused.stderr


def test_verify_on_a_database_without_tables_says_so_with_exit_2(place):
    result = run("audit", "verify", cwd=place["here"], home=place["home"],
                 env={"DATABASE_URL": place["url"]})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "dangvu migrate" in result.stderr and "no audit log tables" in result.stderr
    assert "chưa có bảng nhật ký kiểm toán" in result.stderr


def test_without_any_setting_the_data_folder_is_the_users_not_the_working_directory(place):
    assert run("migrate", "-v0", cwd=place["here"], home=place["home"]).returncode == 0
    folder = place["home"] / ".local" / "share" / "dangvu"
    assert {"dangvu.sqlite3", "audit_key", "secret_key"} <= {p.name for p in folder.iterdir()}
    assert list(place["here"].iterdir()) == []
    assert run("audit", "verify", cwd=place["elsewhere"], home=place["home"]).returncode == 0
