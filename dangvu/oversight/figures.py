"""The `oversight` block of `dangvu stats` (CONTRACT.md "Figures"), in one set-based query.

Inspections and supervisions count distinct subjects among those conducted by a body in the subtree (as
the tree stood on `started_on`) with `started_on` in the period. Disciplines count the decisions in force
(not annulled nor replaced on appeal) with `decided_on` in the period whose subject was in the subtree on
that day: a member by in(m, decided_on) over the membership spans, an organisation by the tree of that
day; whatever body decided. The tree of a day is walked upwards from each unit through the parent links
valid that day (WITH RECURSIVE: SQLite and PostgreSQL alike)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db import connection

from dangvu.members.models import MembershipSpan
from dangvu.organizations.models import OrganizationParent
from dangvu.oversight.models import DisciplineCase, DisciplineDecision, Review

MEMBER_FORMS = ("reprimand", "warning", "removal_from_post", "expulsion")
ORGANIZATION_FORMS = ("reprimand", "warning", "dissolution")
_REVIEW_KEYS = (
    ("inspected_organizations", "inspection", "organization"),
    ("inspected_members", "inspection", "member"),
    ("supervised_organizations", "supervision", "organization"),
    ("supervised_members", "supervision", "member"),
)


@cache
def _sql() -> str:
    reviews, decisions, cases = (
        Review._meta.db_table,
        DisciplineDecision._meta.db_table,
        DisciplineCase._meta.db_table,
    )
    links, spans = OrganizationParent._meta.db_table, MembershipSpan._meta.db_table
    review_columns = [
        f"(SELECT COUNT(DISTINCT CASE WHEN r.subject_type = 'organization' THEN r.subject_organization_id "  # noqa: S608
        f"ELSE r.subject_member_id END) FROM {reviews} r WHERE r.activity = '{activity}' "
        f"AND r.subject_type = '{subject}' AND r.id IN (SELECT item_id FROM up WHERE what = 'r' "
        f"AND org_id = %(org)s))"
        for _key, activity, subject in _REVIEW_KEYS
    ]
    member_columns = [f"COALESCE(SUM(CASE WHEN form = '{f}' THEN 1 ELSE 0 END), 0)" for f in MEMBER_FORMS]
    return f"""
        WITH RECURSIVE up(what, item_id, org_id, day, depth) AS (
            SELECT 'r', r.id, r.conducted_by_id, r.started_on, 0 FROM {reviews} r
            WHERE r.started_on >= %(from)s AND r.started_on <= %(to)s
            UNION ALL
            SELECT 'd', d.id, c.subject_organization_id, d.decided_on, 0 FROM {decisions} d
            JOIN {cases} c ON c.id = d.case_id
            WHERE c.subject_type = 'organization' AND d.status = 'in_force'
              AND d.decided_on >= %(from)s AND d.decided_on <= %(to)s
            UNION ALL
            SELECT up.what, up.item_id, l.parent_id, up.day, up.depth + 1 FROM up
            JOIN {links} l ON l.organization_id = up.org_id AND l.valid_from <= up.day
                 AND (l.valid_to IS NULL OR l.valid_to > up.day)
            WHERE l.parent_id IS NOT NULL AND up.depth < 64
        ),
        member_decisions AS (
            SELECT d.form FROM {decisions} d JOIN {cases} c ON c.id = d.case_id
            WHERE c.subject_type = 'member' AND d.status = 'in_force'
              AND d.decided_on >= %(from)s AND d.decided_on <= %(to)s
              AND EXISTS (SELECT 1 FROM {spans} s WHERE s.member_id = c.subject_member_id
                          AND s.ancestor_id = %(org)s AND s.start_on <= d.decided_on
                          AND (s.end_on IS NULL OR s.end_on > d.decided_on))
        ),
        organization_decisions AS (
            SELECT d.form FROM {decisions} d
            WHERE d.id IN (SELECT item_id FROM up WHERE what = 'd' AND org_id = %(org)s)
        )
        SELECT {", ".join(review_columns)},
          (SELECT COUNT(*) FROM member_decisions),
          {", ".join(f"(SELECT {c} FROM member_decisions)" for c in member_columns)},
          (SELECT COUNT(*) FROM organization_decisions),
          {
        ", ".join(
            f"(SELECT COALESCE(SUM(CASE WHEN form = '{f}' THEN 1 ELSE 0 END), 0) FROM organization_decisions)"
            for f in ORGANIZATION_FORMS
        )
    }
    """  # noqa: S608 - table names and constants only


def oversight_figures(organization_id: int, date_from: dt.date, date_to: dt.date) -> dict:
    """The `oversight` block for the subtree of `organization_id` and the closed period [from, to]."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"org": organization_id, "from": date_from, "to": date_to})
        row = [int(v or 0) for v in cursor.fetchone()]
    reviews, row = row[:4], row[4:]
    members, by_member, row = row[0], row[1:5], row[5:]
    organizations, by_organization = row[0], row[1:4]
    return {
        **{key: value for (key, _a, _s), value in zip(_REVIEW_KEYS, reviews, strict=True)},
        "disciplined_members": members,
        "disciplined_organizations": organizations,
        "discipline_by_form": dict(zip(MEMBER_FORMS, by_member, strict=True)),
        "organization_discipline_by_form": dict(zip(ORGANIZATION_FORMS, by_organization, strict=True)),
    }
