"""Web imports as jobs: the upload is stored under MEDIA_ROOT, a background thread runs the import, and
the page polls the job's status.

Why a thread and progress in memory: the import is one transaction, and on SQLite (WAL, IMMEDIATE
transactions) it holds the database's write lock until it commits, so progress written to the job row
from inside would stay invisible, and written from a second connection would wait for that very lock.
The running count therefore lives in this process's memory (the web server is one multi-threaded
process), and the job row is written only before the transaction (queued → running, total rows) and
after it (the result). Jobs run one at a time per process, so two uploads do not fight for the lock. A
job left `running` by a restart is marked failed when its page is next polled."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import DangvuError, InvalidInput, Problem
from dangvu.core.tabular import count_records
from dangvu.members import importers
from dangvu.members.models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status
FINISHED = {Status.DONE, Status.CHECKED, Status.REFUSED, Status.FAILED}

_one_at_a_time = threading.Lock()
_guard = threading.Lock()
_progress: dict[int, tuple[str, int]] = {}  # job id → (phase, rows processed), for jobs of this process


def _texts(message) -> dict:
    return Problem("", message).as_dict() | {"field": ""}


def start(job_id: int) -> None:
    """Run the job in a background thread (called once the upload's transaction has committed)."""
    with _guard:
        _progress[job_id] = ("queued", 0)
    threading.Thread(target=_run_in_thread, args=(job_id,), name=f"import-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run_job(job_id)
    finally:
        connection.close()


def _report(job_id: int):
    def report(phase: str, rows: int) -> None:
        with _guard:
            _progress[job_id] = (phase, rows)
    return report


def run_job(job_id: int) -> ImportJob:
    """Run one job to its end and store its result; never raises."""
    with _one_at_a_time:
        _report(job_id)("read", 0)
        job = ImportJob.objects.select_related("created_by").get(pk=job_id)
        outcome: dict = {}
        try:
            total = max(count_records(job.file.path) - 1, 0)
            ImportJob.objects.filter(pk=job_id).update(status=Status.RUNNING, total_rows=total)
            result = importers.run(job.kind, job.file.path, actor=job.created_by, dry_run=job.dry_run,
                                   progress=_report(job_id))
            status = Status.CHECKED if job.dry_run else Status.DONE
            outcome = {"count": result.count, **_texts(result.message)}
            processed = total
        except InvalidInput as exc:
            status, processed = Status.REFUSED, 0
            outcome = {"problems": [p.as_dict() for p in exc.problems]}
        except DangvuError as exc:
            status, processed = Status.FAILED, 0
            outcome = _texts(getattr(exc, "message", _("The import failed.")))
        except Exception as exc:  # reported on the page; the log gets no cell content
            logger.error("import job %s failed: %s", job_id, type(exc).__name__)
            status, processed = Status.FAILED, 0
            outcome = _texts(_("The import failed because of an unexpected error; nothing was written."))
        finally:
            with _guard:
                _progress.pop(job_id, None)
        ImportJob.objects.filter(pk=job_id).update(status=status, result=outcome, processed_rows=processed,
                                                   finished_at=timezone.now())
    job.refresh_from_db()
    return job


def progress(job: ImportJob) -> dict:
    """What the status partial shows: phase, rows processed and total, percentage."""
    with _guard:
        live = _progress.get(job.pk)
    if job.status not in FINISHED and live is None:
        # Neither finished nor known to this process: the server stopped while it ran.
        ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=Status.FAILED, finished_at=timezone.now(),
            result=_texts(_("The import was interrupted (the server stopped); nothing was written.")))
        job.refresh_from_db()
    phase, rows = live or ("done", job.processed_rows)
    total = job.total_rows
    if phase == "write":
        rows = total if not total else min(total, rows)
    percent = 100 if job.status in FINISHED else (min(99, int(rows * 100 / total)) if total else 0)
    return {"phase": phase, "rows": rows, "total": total, "percent": percent,
            "finished": job.status in FINISHED}
