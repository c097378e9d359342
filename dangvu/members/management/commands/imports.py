"""`dangvu imports work [--once] [--sleep SECONDS]`: the worker that runs the imports uploaded through
the web (members.import_jobs). Each job is claimed atomically, so several workers may run side by side
(on SQLite they only wait for each other's write lock). SIGTERM or SIGINT stops the loop after the
running job."""

from __future__ import annotations

import signal
import threading

from dangvu.core.management.base import DangvuCommand
from dangvu.members import import_jobs


class Command(DangvuCommand):
    help = (
        "Chạy các lần nhập tải lên qua web (work) / Run the imports uploaded through the web (work)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="work")
        work = sub.add_parser("work", help="Chạy các lần nhập đang chờ / run the queued imports")
        work.add_argument("--once", action="store_true",
                          help="Chạy các lần nhập đang chờ rồi thoát / run the queued jobs, then exit")
        work.add_argument("--sleep", type=float, default=2.0,
                          help="Số giây chờ khi không có việc / seconds to wait when the queue is empty")

    def handle(self, *args, action, once, sleep, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        worker = import_jobs.worker_name()
        done = 0
        while not stop.is_set():
            import_jobs.fail_stale()
            job_id = import_jobs.claim_next(worker)
            if job_id is not None:
                job = import_jobs.run_job(job_id)
                done += 1
                self.stdout.write(f"{job.pk} {job.kind} {job.status}")
                continue
            if once:
                break
            stop.wait(sleep)
        self.stdout.write(f"Đã chạy {done} lần nhập / ran {done} import(s)")
