"""`dangvu imports work` as it runs in production: a separate process on a scratch SQLite database
(DATABASE_URL) takes the queued web imports; this test's own connection sees the job's state change,
as a web worker would; SIGTERM ends the loop."""

import json
import os
import signal
import sqlite3
import subprocess
import time

from . import test_command as cli
from .conftest import MEMBER_HEADER, write_csv
from .test_command import ORGS, PYTHON, dangvu

migrated, workdir = cli.migrated, cli.workdir  # the scratch database fixtures of `dangvu import`'s tests

MEMBERS = [MEMBER_HEADER, ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"],
           ["M2", "Lê Thị Bình", "1981-02-03", "Nữ", "C1", "2006-06-01"]]
BAD = [MEMBER_HEADER, ["M3", "Nguyễn Văn An", "31/02/1980", "Nam", "C1", "2005-05-01"],
       ["M4", "Lê Thị Bình", "1981-02-03", "Nữ", "XX", "2006-06-01"]]


def queue(workdir, rows, name):
    media = workdir / "data" / "media" / "imports"
    media.mkdir(parents=True, exist_ok=True)
    write_csv(media / name, rows, bom=True)
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        return db.execute(
            "insert into members_importjob (kind, file, dry_run, status, phase, processed_rows, total_rows, "
            "rows_read, rows_checked, rows_written, result, created_at, worker) values ('members', ?, 0, "
            "'queued', 'queued', 0, 0, 0, 0, 0, '{}', datetime('now'), '')", (f"imports/{name}",)).lastrowid


def job(workdir, pk):
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("select * from members_importjob where id = ?", (pk,)).fetchone())
    return row | {"result": json.loads(row["result"])}


def test_once_runs_every_queued_job_and_reports_counts_and_bad_rows(workdir):
    write_csv(workdir / "orgs.csv", ORGS, bom=True)
    assert dangvu(workdir, "import", "organizations", "orgs.csv").returncode == 0
    good, bad = queue(workdir, MEMBERS, "good.csv"), queue(workdir, BAD, "bad.csv")
    done = dangvu(workdir, "imports", "work", "--once")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "Đã chạy 2 lần nhập / ran 2 import(s)"
    first, second = job(workdir, good), job(workdir, bad)
    counts = (first["status"], first["rows_read"], first["rows_checked"], first["rows_written"])
    assert counts == ("done", 2, 2, 2)
    assert first["result"]["count"] == 2 and first["heartbeat_at"] and first["worker"]
    assert second["status"] == "refused" and second["rows_written"] == 0
    assert [(p["row"], p["field"]) for p in second["result"]["problems"]] == [(2, "birth_date"),
                                                                             (3, "organization_code")]
    again = dangvu(workdir, "imports", "work", "--once")
    assert again.stdout.strip().splitlines() == ["Đã chạy 0 lần nhập / ran 0 import(s)"]


def test_the_loop_takes_jobs_queued_while_it_runs_and_stops_on_sigterm(workdir):
    write_csv(workdir / "orgs.csv", ORGS, bom=True)
    assert dangvu(workdir, "import", "organizations", "orgs.csv").returncode == 0
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
           "DANGVU_DATA_DIR": str(workdir / "data"), "DANGVU_PROFILE": "local"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    python = str(PYTHON if PYTHON.exists() else cli.sys.executable)
    worker = subprocess.Popen([python, "-m", "dangvu", "imports", "work", "--sleep", "0.2"], cwd=workdir,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        pk = queue(workdir, MEMBERS, "late.csv")
        states = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (state := job(workdir, pk))["status"] != "done":
            states.add(state["status"])
            time.sleep(0.05)
        assert job(workdir, pk)["status"] == "done" and job(workdir, pk)["rows_written"] == 2
        assert states <= {"queued", "running"}
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert out.strip().splitlines()[-1] == "Đã chạy 1 lần nhập / ran 1 import(s)"
