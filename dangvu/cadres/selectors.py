"""Reads of the cadres module: who of the secretaries and deputy secretaries has been evaluated."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from dangvu.cadres.models import Evaluation, Kind
from dangvu.organizations.models import CommitteePost, Post
from dangvu.organizations.selectors import POST_ORDER, subtree_ids_on

COVERED_POSTS = (Post.SECRETARY, Post.DEPUTY_SECRETARY)


def coverage(organization_id: int, year: int, on: dt.date) -> dict:
    """The secretaries and deputy secretaries of the units of the subtree (as the tree stood on `on`) who
    held the post at some time in `year` (and had taken it by `on`), each with whether a cadre evaluation
    for `year` was made by `on`. One row per holder and unit (highest post kept). Two queries: the subtree
    and the posts with an EXISTS on the evaluations.

    Returns {"holders": n, "evaluated": n, "rows": [...], "missing": [...]}; each row is a dict with
    member, organization, post and evaluated (a bool)."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), on)
    evaluated = Evaluation.objects.filter(member_id=OuterRef("member_id"), year=year, kind=Kind.CADRE,
                                          evaluated_on__lte=on)
    posts = (
        CommitteePost.objects.filter(organization_id__in=subtree_ids_on(organization_id, on),
                                     post__in=COVERED_POSTS, from_on__lte=last)
        .filter(Q(to_on__isnull=True) | Q(to_on__gt=first))
        .annotate(evaluated=Exists(evaluated))
        .select_related("member", "organization")
    )
    rows: dict[tuple[int, int], dict] = {}
    for held in sorted(posts, key=lambda p: (p.organization.code, POST_ORDER[p.post], p.member.sort_key)):
        rows.setdefault((held.organization_id, held.member_id), {
            "member": held.member, "organization": held.organization, "post": held.post,
            "post_label": Post(held.post).label,
            "evaluated": held.evaluated,
        })
    table = list(rows.values())
    return {
        "holders": len(table),
        "evaluated": sum(1 for row in table if row["evaluated"]),
        "rows": table,
        "missing": [row for row in table if not row["evaluated"]],
    }
