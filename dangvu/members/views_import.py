"""The web import: an upload form for users who may change the register, and the job page that polls
the job row (members.import_jobs writes its progress there, whichever process runs the job) and shows
the counts or the problems by row and column."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.accounts.selectors import scope_ids
from dangvu.members import import_jobs
from dangvu.members.importers import IMPORTERS
from dangvu.members.models import ImportJob

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"),
                             choices=[(name, spec.label) for name, spec in IMPORTERS.items()])
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Unsupported file type: use .csv or .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _require_editor(user) -> None:
    # Scope of each row is checked by the services (actor=user); here only: may change something.
    if not scope_ids(user, Action.EDIT_REGISTER):
        raise Http404


@login_required
def import_form(request):
    _require_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            job = ImportJob.objects.create(kind=data["kind"], file=data["file"], dry_run=data["dry_run"],
                                           created_by=request.user)
            import_jobs.enqueue(job)
        return redirect("members:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "members/import_form.html", {"form": form, "recent": recent})


def _job(request, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)


@login_required
def import_job(request, pk: int):
    _require_editor(request.user)
    job = _job(request, pk)
    return render(request, "members/import_job.html", {"job": job, "progress": import_jobs.progress(job)})


@login_required
def import_job_status(request, pk: int):
    _require_editor(request.user)
    job = _job(request, pk)
    return render(request, "members/_import_status.html", {"job": job, "progress": import_jobs.progress(job)})
