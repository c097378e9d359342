"""The member's own pages: "my tasks" (a phone, progress in two taps) and the inbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.core.errors import DangvuError
from dangvu.workplans import selectors, services
from dangvu.workplans.views.common import QUICK_STEPS, _problems, _task_or_404


@login_required
def mine(request):
    day = access.today()
    tasks = list(selectors.my_tasks(request.user))
    for task in tasks:
        task.status_today = selectors.status_on(task, day)
    return render(
        request,
        "workplans/mine.html",
        {"tasks": tasks, "steps": QUICK_STEPS, "day": day, "has_member": bool(request.user.member_id)},
    )


@login_required
@require_POST
def quick_progress(request, pk: int):
    task = _task_or_404(request.user, pk)
    try:
        value = int(request.POST.get("progress", ""))
    except ValueError:
        value = -1
    try:
        services.add_progress(
            actor=request.user,
            task=task,
            progress=value,
            text=request.POST.get("text", ""),
            link=request.POST.get("link", ""),
            file=request.FILES.get("file"),
        )
    except DangvuError as exc:
        _problems(request, exc)
    else:
        messages.success(request, _("Progress saved."))
    if request.POST.get("next") == "mine":
        return redirect("workplans:mine")
    return redirect("workplans:task", pk=pk)


@login_required
def inbox(request):
    notices = list(selectors.inbox(request.user)[:100])
    selectors.inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "workplans/inbox.html", {"notices": notices})
