"""`dangvu import` as a script calls it: a separate process on a scratch SQLite database (DATABASE_URL),
checking the exit codes and the output lines of CONTRACT.md."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MEMBER_HEADER, write_csv

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


def dangvu(workdir: Path, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
           "DANGVU_DATA_DIR": str(workdir / "data"), "DANGVU_PROFILE": "local"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([str(PYTHON if PYTHON.exists() else sys.executable), "-m", "dangvu", *args],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli-base")
    done = dangvu(base, "migrate", "-v", "0")
    assert done.returncode == 0, done.stderr
    return base


@pytest.fixture
def workdir(migrated, tmp_path):
    # The database with what belongs to it: the keys beside the file (audit_key) and the data folder.
    shutil.copytree(migrated, tmp_path, dirs_exist_ok=True)
    return tmp_path


def rows(workdir, sql):
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        return db.execute(sql).fetchone()[0]


ORGS = [["code", "name", "kind", "parent_code", "established_on"],
        ["T", "Đảng bộ thị xã Thử", "committee", "", "2000-01-01"],
        ["C1", "Chi bộ 1", "cell", "T", "01/01/2000"]]


def test_exit_codes_and_output(workdir):
    write_csv(workdir / "orgs.csv", ORGS, bom=True)
    checked = dangvu(workdir, "import", "organizations", "orgs.csv", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert rows(workdir, "select count(*) from organizations_organization") == 0

    done = dangvu(workdir, "import", "organizations", "orgs.csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == ["Đã nhập 2 tổ chức / Imported 2 organisations"]
    assert rows(workdir, "select count(*) from organizations_organization") == 2

    write_csv(workdir / "m.csv", [
        MEMBER_HEADER,
        ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"],
        ["M2", "Lê Thị Bình", "30/02/1980", "Nữ", "C1", "2005-05-01"],
        ["M3", "Trần Văn Cường", "1980-01-01", "X", "C9", "2005-05-01"],
    ])
    refused = dangvu(workdir, "import", "members", "m.csv")
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert lines[0].startswith("row 3, birth_date: ")
    assert " / Not a date (YYYY-MM-DD or dd/mm/yyyy)." in lines[0]
    assert {line.split(":")[0] for line in lines} == {"row 3, birth_date", "row 4, sex",
                                                     "row 4, organization_code"}
    assert rows(workdir, "select count(*) from members_member") == 0

    missing = dangvu(workdir, "import", "members", "absent.csv")
    assert missing.returncode == 3 and "absent.csv" in missing.stderr

    help_text = dangvu(workdir, "import", "--help")
    assert help_text.returncode == 0 and "Nhập" in help_text.stdout and "Import" in help_text.stdout
