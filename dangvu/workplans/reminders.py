"""Reminders and escalation, run from cron by `dangvu tasks remind` (healthchecks' `sendalerts`):
- `due_soon`: an open task whose deadline is within `before_days` days: its owner is reminded;
- `overdue`: the deadline has passed: its owner is reminded;
- `escalation`: `escalate_after` days past the deadline: whoever assigned the task is told.
Each goes to the in-app inbox (a Notice) and by e-mail when the recipient has an address. A Notice is
unique per task, kind and deadline, so a second run the same day (or any later day) sends nothing twice,
and an approved extension arms the reminders again for the new deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangvu.audit import services as audit
from dangvu.workplans.models import OPEN_STATUSES, Notice, NoticeKind, Task

DEFAULT_BEFORE_DAYS = 3
DEFAULT_ESCALATE_AFTER = 7

SUBJECTS = {
    NoticeKind.DUE_SOON: _("Task due on %(deadline)s: %(title)s"),
    NoticeKind.OVERDUE: _("Task overdue since %(deadline)s: %(title)s"),
    NoticeKind.ESCALATION: _("Task you assigned is %(days)d days overdue: %(title)s"),
}


@dataclass
class Sent:
    due_soon: int = 0
    overdue: int = 0
    escalation: int = 0
    emails: int = 0


def before_days() -> int:
    return int(getattr(settings, "WORKPLANS_REMIND_DAYS_BEFORE", DEFAULT_BEFORE_DAYS))


def escalate_after() -> int:
    return int(getattr(settings, "WORKPLANS_ESCALATE_AFTER_DAYS", DEFAULT_ESCALATE_AFTER))


def _candidates(kind: str, day: dt.date, before: int, after: int):
    sent = Notice.objects.filter(task_id=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline"))
    tasks = Task.objects.filter(status__in=OPEN_STATUSES, created_on__lte=day).exclude(Exists(sent))
    if kind == NoticeKind.DUE_SOON:
        tasks = tasks.filter(deadline__gte=day, deadline__lte=day + dt.timedelta(days=before))
    elif kind == NoticeKind.OVERDUE:
        tasks = tasks.filter(deadline__lt=day)
    else:
        tasks = tasks.filter(deadline__lte=day - dt.timedelta(days=after))
    return tasks.select_related("owner__user", "assigned_by").order_by("id")


def _recipient(kind: str, task: Task):
    if kind == NoticeKind.ESCALATION:
        return task.assigned_by
    return getattr(task.owner, "user", None)


def _email(notice: Notice, day: dt.date) -> bool:
    user = notice.recipient
    if user is None or not user.email or not user.is_active:
        return False
    task = notice.task
    with translation.override("vi"):
        subject = str(
            SUBJECTS[notice.kind]
            % {
                "deadline": task.deadline.strftime("%d/%m/%Y"),
                "title": task.title,
                "days": (day - task.deadline).days,
            }
        )
    send_mail(subject[:200], f"{subject}\n\n{task.product}", None, [user.email])
    return True


def run(day: dt.date, *, before: int | None = None, after: int | None = None) -> Sent:
    before = before_days() if before is None else before
    after = escalate_after() if after is None else after
    sent = Sent()
    for kind in (NoticeKind.DUE_SOON, NoticeKind.OVERDUE, NoticeKind.ESCALATION):
        for task in _candidates(kind, day, before, after):
            try:
                with audit.atomic():
                    notice = Notice.objects.create(
                        task=task, kind=kind, deadline=task.deadline, recipient=_recipient(kind, task), on=day
                    )
                    audit.record(
                        actor=None,
                        action=f"task.notice.{kind}",
                        obj=task,
                        organization_id=task.organization_id,
                        after=audit.snapshot(notice),
                    )
            except IntegrityError:  # a concurrent run sent it first
                continue
            setattr(sent, kind, getattr(sent, kind) + 1)
            if _email(notice, day):
                Notice.objects.filter(pk=notice.pk).update(emailed=True)
                sent.emails += 1
    return sent
