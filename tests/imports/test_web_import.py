"""The web import: an upload becomes a job; the job page polls while it runs and then shows the counts
or the problems by row and column. The background thread is replaced by a direct call here (the test's
transaction is invisible to another thread's connection); `run_job` is the code the thread and the
worker run. tests/imports/test_import_worker.py runs jobs from other threads and processes."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dangvu.members import import_jobs
from dangvu.members.models import ImportJob, Member

from .conftest import MEMBER_HEADER


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_JOBS_IN_PROCESS = True
    # The heartbeat thread's connection cannot see this test's uncommitted job: let it never beat here.
    monkeypatch.setattr(import_jobs, "HEARTBEAT_SECONDS", 3600)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, rows, *, kind="members", dry_run=False, name="m.csv"):
    content = "\ufeff" + "\n".join(",".join(r) for r in rows) + "\n"
    data = {"kind": kind, "file": SimpleUploadedFile(name, content.encode(), "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/members/import/", data)


GOOD = [MEMBER_HEADER, ["M1", "Nguyễn Văn An", "1980-01-01", "Nam", "C1", "2005-05-01"]]


def test_upload_queues_a_job_that_polls_until_it_is_run(hoa, django_capture_on_commit_callbacks):
    client = client_for(hoa)
    assert client.get("/members/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=False) as started:
        response = upload(client, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/members/import/{job.pk}/"
    assert job.status == ImportJob.Status.QUEUED and job.file.name.endswith(".csv") and len(started) == 1

    page = client.get(f"/members/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page

    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["count"] == 1
    assert (job.total_rows, job.rows_read, job.rows_checked, job.rows_written) == (1, 1, 1, 1)
    assert job.started_at and job.heartbeat_at and job.finished_at and job.worker
    assert Member.objects.filter(code="M1").exists()
    status = client.get(f"/members/import/{job.pk}/status/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "hx-trigger" not in status and "Đã nhập 1 đảng viên" in status


def test_bad_rows_are_shown_as_a_table_and_nothing_is_written(hoa, django_capture_on_commit_callbacks):
    client = client_for(hoa)
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, GOOD + [["M2", "Lê Thị Bình", "31/02/1980", "Nữ", "C2", "2005-05-01"]])
    job = import_jobs.run_job(ImportJob.objects.get().pk)
    assert job.status == ImportJob.Status.REFUSED and job.rows_written == 0
    assert [(p["row"], p["field"]) for p in job.result["problems"]] == [(3, "birth_date"),
                                                                         (3, "organization_code")]
    page = client.get(f"/members/import/{job.pk}/").content.decode()
    assert 'class="import-problems"' in page and "<code>birth_date</code>" in page
    assert not Member.objects.exists()  # C2 is outside Hoa's scope, and M1 was not written either


def test_dry_run_writes_nothing(hoa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        upload(client_for(hoa), GOOD, dry_run=True)
    job = import_jobs.run_job(ImportJob.objects.get().pk)
    assert job.status == ImportJob.Status.CHECKED and job.result["count"] == 1
    assert job.rows_checked == 1 and job.rows_written == 0
    assert not Member.objects.exists()


def test_a_running_job_with_a_stale_heartbeat_is_shown_as_failed(hoa, settings):
    settings.IMPORT_JOB_STALE_SECONDS = 60
    now = timezone.now()
    alive = ImportJob.objects.create(kind="members", file="imports/x.csv", created_by=hoa,
                                     status=ImportJob.Status.RUNNING, heartbeat_at=now)
    dead = ImportJob.objects.create(kind="members", file="imports/y.csv", created_by=hoa,
                                    status=ImportJob.Status.RUNNING,
                                    heartbeat_at=now - dt.timedelta(minutes=2))
    assert not import_jobs.progress(alive)["finished"]
    assert import_jobs.progress(dead)["finished"]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and alive.status == ImportJob.Status.RUNNING
    assert "its worker stopped" in dead.result["message_en"]
    page = client_for(hoa).get(f"/members/import/{dead.pk}/status/").content.decode()
    assert "hx-trigger" not in page
    assert "bị gián đoạn" in page


def test_without_in_process_jobs_the_upload_stays_queued_for_the_worker(hoa, settings,
                                                                         django_capture_on_commit_callbacks):
    settings.IMPORT_JOBS_IN_PROCESS = False
    with django_capture_on_commit_callbacks(execute=False) as started:
        upload(client_for(hoa), GOOD)
    assert not started and ImportJob.objects.get().status == ImportJob.Status.QUEUED
    call_command("imports", "work", "--once", stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.rows_written == 1


def test_only_register_editors_may_import_and_see_their_own_jobs(hoa, quan, nam):
    for user in (quan, nam):
        assert client_for(user).get("/members/import/").status_code == 404
    job = ImportJob.objects.create(kind="members", file="imports/x.csv", created_by=hoa,
                                   status=ImportJob.Status.DONE)
    assert client_for(quan).get(f"/members/import/{job.pk}/").status_code == 404


def test_other_file_types_are_refused_by_the_form(hoa):
    response = upload(client_for(hoa), GOOD, name="m.txt")
    assert response.status_code == 200 and not ImportJob.objects.exists()
