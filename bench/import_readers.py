"""Issue 9.5: how long a confidential read (which writes its "read" entry) waits during a large member
import on SQLite. A scratch database in a temporary folder; the import runs in a thread on its own
connection while the main thread reads a discipline case every 50 ms.

    .venv/bin/python bench/import_readers.py [--rows 50000]

Prints the import's seconds, the longest and median read, the number of reads and whether the chain
verifies with every read entry in it."""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dangvu-bench-"))
    os.environ.update(DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", DANGVU_DATA_DIR=str(folder),
                      DANGVU_PROFILE="local", DJANGO_SETTINGS_MODULE="dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from dangvu.accounts.models import RoleAssignment, User
    from dangvu.accounts.roles import Role
    from dangvu.audit.models import AuditEntry
    from dangvu.audit.selectors import verify_chain
    from dangvu.members.importers import run
    from dangvu.members.models import Member
    from dangvu.organizations.services import create_organization
    from dangvu.oversight import selectors
    from dangvu.oversight.models import DisciplineCase

    top = create_organization(actor=None, code="T", name="Đảng bộ T", kind="committee", parent=None,
                              established_on="2000-01-01")
    cell = create_organization(actor=None, code="C1", name="Chi bộ 1", kind="grassroots_cell", parent=top,
                               established_on="2000-01-01")
    reader = User.objects.create_user("inspector", password=None, full_name="Inspector")
    RoleAssignment.objects.create(user=reader, organization=top, role=Role.INSPECTION_STAFF,
                                  valid_from="2020-01-01")
    header = ["code", "full_name", "birth_date", "sex", "organization_code", "admitted_on"]

    def write(path, count, prefix):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(header)
            out.writerows([f"{prefix}{i:06d}", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"]
                          for i in range(count))
        return path

    run("members", write(folder / "one.csv", 1, "S"))
    case = DisciplineCase.objects.create(
        code="KL-1", subject_type="member", subject_member=Member.objects.get(code="S000000"),
        organization=cell, handled_by=cell, opened_on="2025-05-02", violation_on="2025-04-01")
    path = write(folder / "big.csv", args.rows, "B")
    outcome = {}

    def import_in_thread():
        started = time.monotonic()
        outcome["count"] = run("members", path).count
        outcome["seconds"] = time.monotonic() - started
        connection.close()

    worker = threading.Thread(target=import_in_thread)
    worker.start()
    waits = []
    while worker.is_alive():
        started = time.monotonic()
        selectors.get_case(reader, case.pk)
        waits.append(time.monotonic() - started)
        time.sleep(0.05)
    worker.join()
    reads = AuditEntry.objects.filter(action="oversight.disciplinecase.read").count()
    print(f"rows {outcome['count']}, import {outcome['seconds']:.1f} s, reads {len(waits)}, "
          f"longest read {max(waits):.2f} s, median {statistics.median(waits) * 1000:.0f} ms, "
          f"read entries {reads}, chain ok {verify_chain().ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
