"""Import jobs seen from other connections: the job row is the one truth, so progress written while a job
runs is read by another thread's connection (as another web worker would), two workers claiming at once
never take the same job, and a user sees only his or her own jobs. Committed data: transactional_db."""

import threading

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client

from dangvu.accounts.roles import Role
from dangvu.members import import_jobs, importers
from dangvu.members.models import ImportJob, Member

from .conftest import MEMBER_HEADER, _user

pytestmark = pytest.mark.django_db(transaction=True)
GOOD = "\n".join(",".join(r) for r in [MEMBER_HEADER, ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1",
                                                         "2005-05-01"]]) + "\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(import_jobs, "HEARTBEAT_SECONDS", 0.05)


def queued(user, content=GOOD):
    job = ImportJob(kind="members", created_by=user)
    job.file.save("m.csv", ContentFile(content.encode()), save=False)
    job.save()
    return job


def in_other_thread(function):
    """Run `function` on another thread, hence another database connection; return its result."""
    out = {}

    def target():
        try:
            out["value"] = function()
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    return out["value"]


def test_progress_is_read_from_the_job_row_by_another_connection_while_it_runs(hoa, monkeypatch):
    job = queued(hoa)
    client = Client()
    client.force_login(hoa)
    seen = {}
    real_run = importers.run

    def slow_run(kind, path, *, progress, **kwargs):
        progress("read", 1)
        for _ in range(200):  # until a heartbeat has written it and another connection reads it
            row = in_other_thread(lambda: ImportJob.objects.values("status", "phase", "rows_read")
                                  .get(pk=job.pk))
            if row["rows_read"] == 1:
                break
            threading.Event().wait(0.05)
        seen["row"] = row
        seen["page"] = in_other_thread(lambda: client.get(f"/members/import/{job.pk}/status/",
                                                          ).content.decode())
        return real_run(kind, path, progress=progress, **kwargs)

    monkeypatch.setattr(importers, "run", slow_run)
    assert import_jobs.claim(job.pk, "test-worker")
    done = import_jobs.run_job(job.pk)
    assert seen["row"] == {"status": "running", "phase": "read", "rows_read": 1}
    assert 'hx-trigger="every 1s"' in seen["page"] and "Đã đọc 1/1 dòng" in seen["page"]
    assert done.status == ImportJob.Status.DONE and done.rows_written == 1 and done.worker == "test-worker"
    assert Member.objects.filter(code="M1").exists()


def test_two_workers_claiming_at_once_never_take_the_same_job(hoa):
    jobs = {queued(hoa).pk for _ in range(6)}
    taken: list[list[int]] = [[], []]
    start = threading.Barrier(2)

    def worker(index):
        def claim_all():
            start.wait()
            while (job_id := import_jobs.claim_next(f"w{index}")) is not None:
                taken[index].append(job_id)
        return claim_all

    threads = [threading.Thread(target=_run, args=(worker(i),)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken[0] + taken[1]) == sorted(jobs)  # each job once, none twice
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportJob.Status.RUNNING}
    assert not import_jobs.claim(next(iter(jobs)), "late")  # a claimed job cannot be claimed again
    assert import_jobs.claim_next("late") is None


def _run(function):
    try:
        function()
    finally:
        connection.close()


def test_a_user_sees_only_his_or_her_own_jobs(hoa, tree):
    job = queued(hoa)
    colleague = _user("lan", tree["W1"], Role.SECRETARY)
    client = Client()
    client.force_login(colleague)
    assert client.get(f"/members/import/{job.pk}/status/").status_code == 404
    assert client.get(f"/members/import/{job.pk}/").status_code == 404
    assert f"/members/import/{job.pk}/" not in client.get("/members/import/").content.decode()
    client.force_login(hoa)
    assert client.get(f"/members/import/{job.pk}/status/").status_code == 200
    assert f"/members/import/{job.pk}/" in client.get("/members/import/").content.decode()
