"""The targets the system measures from its own data, live and as of any date. Each measure takes the
plan's committee, the start of the plan's period and the as-of day, and returns one number computed in
the database. A new measure is one line in MEASURES."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.cadres.selectors import coverage
from dangvu.members.figures import member_figures
from dangvu.organizations.selectors import subtree_ids_on
from dangvu.oversight.models import Recommendation, RecommendationStatus, Review, SubjectType
from dangvu.workplans.deadlines import overdue_on


class Measure(NamedTuple):
    label: object
    compute: Callable[[int, dt.date, dt.date], int]  # (organization_id, start, day)


def members_admitted(organization_id: int, start: dt.date, day: dt.date) -> int:
    """New members admitted in the subtree from the start of the period to `day` (CONTRACT "Figures")."""
    return member_figures(organization_id, start, day)["admitted"]


def _organizations_reviewed(activity: str, organization_id: int, start: dt.date, day: dt.date) -> int:
    """Distinct organisations inspected (or supervised) by a body of the subtree (as it stood on `day`),
    started from the start of the period to `day`."""
    return (
        Review.objects.filter(
            activity=activity,
            subject_type=SubjectType.ORGANIZATION,
            conducted_by_id__in=subtree_ids_on(organization_id, day),
            started_on__gte=start,
            started_on__lte=day,
        )
        .values("subject_organization_id")
        .distinct()
        .count()
    )


def organizations_inspected(organization_id: int, start: dt.date, day: dt.date) -> int:
    return _organizations_reviewed("inspection", organization_id, start, day)


def organizations_supervised(organization_id: int, start: dt.date, day: dt.date) -> int:
    return _organizations_reviewed("supervision", organization_id, start, day)


def recommendations_overdue(organization_id: int, start: dt.date, day: dt.date) -> int:
    """Recommendations addressed to units of the subtree whose deadline is before `day` and that were not
    carried out by the end of `day` (withdrawn ones left out). A stock on `day`; `start` is not used."""
    return (
        Recommendation.objects.filter(
            owner_organization_id__in=subtree_ids_on(organization_id, day), deadline__lt=day
        )
        .exclude(status=RecommendationStatus.CANCELLED)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=day))
        .count()
    )


def tasks_overdue(organization_id: int, start: dt.date, day: dt.date) -> int:
    return overdue_on(organization_id, day).count()


def secretaries_evaluated(organization_id: int, start: dt.date, day: dt.date) -> int:
    """Secretaries and deputy secretaries of the subtree holding the post in the year the period starts
    who have a cadre evaluation for that year made by `day` (cadres.selectors.coverage)."""
    return coverage(organization_id, start.year, day)["evaluated"]


MEASURES: dict[str, Measure] = {
    "members_admitted": Measure(_("New members admitted"), members_admitted),
    "organizations_inspected": Measure(_("Party organisations inspected"), organizations_inspected),
    "organizations_supervised": Measure(_("Party organisations supervised"), organizations_supervised),
    "recommendations_overdue": Measure(_("Inspection recommendations overdue"), recommendations_overdue),
    "tasks_overdue": Measure(_("Tasks overdue"), tasks_overdue),
    "secretaries_evaluated": Measure(_("Secretaries and deputy secretaries evaluated"),
                                     secretaries_evaluated),
}


def choices() -> list[tuple[str, object]]:
    return [("", _("Reported by hand"))] + [(key, m.label) for key, m in MEASURES.items()]
