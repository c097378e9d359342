"""The figures of CONTRACT.md ("Days", "Figures"), computed in the database from membership spans: one
aggregate query per block, whatever the size of the subtree."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from dangvu.members.models import MembershipSpan, SpanEntry, SpanExit

FLOW_KEYS = ["admitted", "opening", "reinstated", "transferred_in", "transferred_out", "removed", "expelled",
             "died"]


def on_register(day: dt.date) -> Q:
    """start_on ≤ d < end_on: on the register at the end of day d."""
    return Q(start_on__lte=day) & (Q(end_on__isnull=True) | Q(end_on__gt=day))


def member_figures(organization_id: int, date_from: dt.date, date_to: dt.date) -> dict:
    """The `members` block for the subtree of `organization_id` and the closed period [from, to]."""
    before = date_from - dt.timedelta(days=1)
    entering = Q(start_on__gte=date_from, start_on__lte=date_to)
    leaving = Q(end_on__gte=date_from, end_on__lte=date_to)
    at_end = on_register(date_to)
    agg = (
        MembershipSpan.objects.filter(ancestor_id=organization_id, start_on__lte=date_to)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=date_from) | Q(official_on__gte=date_from))
        .aggregate(
            at_start=Count("id", filter=on_register(before)),
            at_end=Count("id", filter=at_end),
            official_at_end=Count("id", filter=at_end & Q(official_on__lte=date_to)),
            admitted=Count("id", filter=entering & Q(entry=SpanEntry.ADMITTED)),
            opening=Count("id", filter=entering & Q(entry=SpanEntry.OPENING)),
            reinstated=Count("id", filter=entering & Q(entry=SpanEntry.REINSTATED)),
            transferred_in=Count("id", filter=entering & Q(entry=SpanEntry.OTHER)),
            transferred_out=Count("id", filter=leaving & Q(exit=SpanExit.OTHER)),
            removed=Count("id", filter=leaving & Q(exit=SpanExit.REMOVED)),
            expelled=Count("id", filter=leaving & Q(exit=SpanExit.EXPELLED)),
            died=Count("id", filter=leaving & Q(exit=SpanExit.DIED)),
            made_official=Count(
                "id",
                filter=Q(official_on__gte=date_from, official_on__lte=date_to, start_on__lte=F("official_on"))
                & (Q(end_on__isnull=True) | Q(end_on__gt=F("official_on"))),
            ),
        )
    )
    return {
        "at_start": agg["at_start"],
        "at_end": agg["at_end"],
        "probationary_at_end": agg["at_end"] - agg["official_at_end"],
        "official_at_end": agg["official_at_end"],
        **{key: agg[key] for key in FLOW_KEYS},
        "made_official": agg["made_official"],
    }
