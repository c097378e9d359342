"""The deadline in force on a day and the tasks overdue on it (CONTRACT.md "Tasks"), shared by the reads
(workplans.selectors) and the measured targets (workplans.measures)."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from dangvu.organizations.selectors import subtree_ids_on
from dangvu.workplans.models import Extension, ExtensionStatus, Task


def deadline_on(day: dt.date):
    """An expression: the task's deadline in force on `day`."""
    later = (
        Extension.objects.filter(task_id=OuterRef("pk"), status=ExtensionStatus.APPROVED, decided_on__gt=day)
        .order_by("decided_on", "id")
        .values("old_deadline")[:1]
    )
    return Coalesce(Subquery(later, output_field=DateField()), F("deadline"))


def open_on(day: dt.date) -> Q:
    return Q(created_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def overdue_on(organization_id: int, day: dt.date, queryset=None):
    """Tasks led by a unit of the subtree (as the tree stood on `day`) overdue on `day`, with
    `deadline_then` and `days_overdue` annotated, oldest deadline first."""
    queryset = Task.objects.all() if queryset is None else queryset
    return (
        queryset.filter(open_on(day), lead_unit_id__in=subtree_ids_on(organization_id, day))
        .annotate(deadline_then=deadline_on(day))
        .filter(deadline_then__lt=day)
        .select_related("owner", "lead_unit", "organization")
        .order_by("deadline_then", "id")
    )
