"""Deadline extensions of a task: asked for by its owner, decided by whoever assigned it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.core.errors import DangvuError
from dangvu.workplans import services
from dangvu.workplans.models import Extension
from dangvu.workplans.views.common import _problems, _task_or_404


@login_required
@require_POST
def request_extension(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        new_deadline = forms.DateField().clean(request.POST.get("new_deadline"))
    except forms.ValidationError:
        new_deadline = None
    try:
        services.request_extension(
            actor=request.user, task=task, new_deadline=new_deadline, reason=request.POST.get("reason", "")
        )
    except DangvuError as exc:
        _problems(request, exc)
    else:
        messages.success(request, _("The request was sent to the person who assigned the task."))
    return redirect("workplans:task", pk=pk)


@login_required
@require_POST
def decide_extension(request, pk: int):
    extension = Extension.objects.filter(pk=pk).first()
    if extension is None:
        raise Http404
    _task_or_404(request.user, extension.task_id)
    try:
        services.decide_extension(
            actor=request.user,
            extension=extension,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except DangvuError as exc:
        _problems(request, exc)
    return redirect("workplans:task", pk=extension.task_id)
