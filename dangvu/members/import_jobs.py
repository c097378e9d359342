"""Web imports as jobs. The `ImportJob` row is the one truth about a job — status, phase, rows read,
checked and written, result, heartbeat — so any web worker's status page shows the same thing.

Who runs a job: `dangvu imports work` (production: several web workers, none of them runs imports), or,
with IMPORT_JOBS_IN_PROCESS (the local profile's default), a thread of the web process started once the
upload has committed. Either way the job is first *claimed*: it moves from queued to running in one
statement (or under `select_for_update(skip_locked=True)` on PostgreSQL), so two workers never run it.

Why progress is written by a heartbeat thread: the import is one transaction, so progress written from
inside it would stay invisible until it commits. A second thread has its own connection and writes the
job row outside that transaction every HEARTBEAT_SECONDS. On SQLite the import's transaction holds the
database's write lock, so while rows are written the heartbeat waits for it (the read phase is shown
live, the write phase when it ends); IMPORT_JOB_STALE_SECONDS must exceed the longest write phase.
A running job whose heartbeat is older than that is shown as failed: its worker died."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import DangvuError, InvalidInput, Problem
from dangvu.core.tabular import count_records
from dangvu.members import importers
from dangvu.members.models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status
FINISHED = {Status.DONE, Status.CHECKED, Status.REFUSED, Status.FAILED}
HEARTBEAT_SECONDS = 1.0
STALE_MESSAGE = _("The import was interrupted (its worker stopped and sent no sign of life); nothing "
                  "was written. Upload the file again.")

# Serialises the imports of one process: on SQLite two imports would only wait for each other's lock.
_one_at_a_time = threading.Lock()


def _texts(message) -> dict:
    return Problem("", message).as_dict() | {"field": ""}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


# Queueing and claiming -----------------------------------------------------------------------------

def enqueue(job: ImportJob) -> None:
    """Called inside the upload's transaction: with IMPORT_JOBS_IN_PROCESS the web process runs the job
    in a thread once the upload has committed; otherwise it stays queued for `dangvu imports work`."""
    if settings.IMPORT_JOBS_IN_PROCESS:
        transaction.on_commit(lambda: start(job.pk))


def start(job_id: int) -> None:
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"import-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        if claim(job_id, worker_name()):
            run_job(job_id)
    finally:
        connection.close()


def _claimed(now: dt.datetime, worker: str) -> dict:
    return {"status": Status.RUNNING, "phase": "read", "worker": worker, "started_at": now,
            "heartbeat_at": now}


def claim(job_id: int, worker: str) -> bool:
    """Take one given job if it is still queued; False when another worker took it first."""
    now = timezone.now()
    return bool(ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(**_claimed(now, worker)))


def claim_next(worker: str) -> int | None:
    """Take the oldest queued job; None when there is none. Never gives one job to two workers."""
    queued = ImportJob.objects.filter(status=Status.QUEUED).order_by("created_at", "pk")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            job_id = queued.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            if job_id is not None:
                ImportJob.objects.filter(pk=job_id).update(**_claimed(timezone.now(), worker))
            return job_id
    # SQLite has no row locks: the guarded UPDATE is the claim, and a lost race tries the next job.
    for job_id in queued.values_list("pk", flat=True)[:50]:
        if claim(job_id, worker):
            return job_id
    return None


# Running -------------------------------------------------------------------------------------------

class _Heartbeat:
    """Holds the running job's progress and writes it, with the heartbeat, from its own thread."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.fields: dict = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"import-{job_id}-heartbeat", daemon=True)

    def report(self, phase: str, rows: int) -> None:
        with self._lock:
            if phase == "read":
                self.fields.update(phase="read", rows_read=rows, processed_rows=rows)
            else:
                self.fields.update(phase="write", rows_checked=rows, processed_rows=rows)

    def _flush(self) -> None:
        with self._lock:
            fields = dict(self.fields)
        # SQLite: OperationalError while the import still holds the write lock; the next beat retries.
        with contextlib.suppress(OperationalError):
            ImportJob.objects.filter(pk=self.job_id, status=Status.RUNNING).update(
                heartbeat_at=timezone.now(), **fields)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                self._flush()
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_job(job_id: int) -> ImportJob:
    """Run one claimed job to its end and store its result; never raises."""
    with _one_at_a_time:
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        if job.status == Status.QUEUED:  # called directly (tests, `imports work` claims first)
            claim(job_id, worker_name())
        outcome: dict = {}
        counts: dict = {}
        with _Heartbeat(job_id) as heartbeat:
            try:
                total = max(count_records(job.file.path) - 1, 0)
                ImportJob.objects.filter(pk=job_id).update(total_rows=total, heartbeat_at=timezone.now())
                result = importers.run(job.kind, job.file.path, actor=job.created_by, dry_run=job.dry_run,
                                       progress=heartbeat.report)
                status = Status.CHECKED if job.dry_run else Status.DONE
                outcome = {"count": result.count, **_texts(result.message)}
                counts = {"processed_rows": total, "rows_read": total, "rows_checked": total,
                          "rows_written": 0 if job.dry_run else result.count}
            except InvalidInput as exc:
                status = Status.REFUSED
                outcome = {"problems": [p.as_dict() for p in exc.problems]}
                counts = {"processed_rows": 0, "rows_written": 0}
            except DangvuError as exc:
                status = Status.FAILED
                outcome = _texts(getattr(exc, "message", _("The import failed.")))
                counts = {"processed_rows": 0, "rows_written": 0}
            except Exception as exc:  # reported on the page; the log gets no cell content
                logger.error("import job %s failed: %s", job_id, type(exc).__name__)
                status = Status.FAILED
                outcome = _texts(_("The import failed because of an unexpected error; nothing was written."))
                counts = {"processed_rows": 0, "rows_written": 0}
        # Unconditional: if the job was wrongly thought dead meanwhile, the worker's own result wins.
        now = timezone.now()
        ImportJob.objects.filter(pk=job_id).update(status=status, result=outcome, phase="finished",
                                                   finished_at=now, heartbeat_at=now, **counts)
    job.refresh_from_db()
    return job


# Reading -------------------------------------------------------------------------------------------

def fail_stale(jobs=None) -> int:
    """Mark failed the running jobs whose heartbeat is older than IMPORT_JOB_STALE_SECONDS (and, when
    the web process runs imports itself, the queued jobs that no thread took up as long)."""
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.IMPORT_JOB_STALE_SECONDS)
    stale = Q(status=Status.RUNNING) & (Q(heartbeat_at__lt=cutoff)
                                        | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
    if settings.IMPORT_JOBS_IN_PROCESS:
        stale |= Q(status=Status.QUEUED, created_at__lt=cutoff)
    jobs = ImportJob.objects.all() if jobs is None else jobs
    return jobs.filter(stale).update(status=Status.FAILED, phase="finished", finished_at=now,
                                     result=_texts(STALE_MESSAGE))


def progress(job: ImportJob) -> dict:
    """What the status partial shows, read from the job row: phase, rows and total, percentage."""
    if job.status not in FINISHED and fail_stale(ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    finished = job.status in FINISHED
    total = job.total_rows
    rows = job.rows_checked if job.phase == "write" else job.rows_read
    rows = min(total, rows) if total else rows
    percent = 100 if finished else (min(99, int(rows * 100 / total)) if total else 0)
    return {"phase": "done" if finished else job.phase, "rows": rows, "total": total, "percent": percent,
            "finished": finished}
