"""Reads of the organisation tree. Subtrees are one recursive query (WITH RECURSIVE works on SQLite and
PostgreSQL alike), never a loop in Python."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from dangvu.organizations.models import (
    CommitteePost,
    Organization,
    OrganizationName,
    OrganizationParent,
    Post,
    Restructuring,
    Term,
)


def scope_subtree_sql(root_ids) -> tuple[str, list[int]]:
    """SQL (and its parameters) selecting the ids of the units reachable today from `root_ids` downwards,
    closed units included through the successor that took their records (a role at the successor
    reaches the closed unit's history). Usable as a subquery, so a large scope never leaves the database."""
    root_ids = [int(i) for i in root_ids] or [0]
    table = Organization._meta.db_table
    marks = ",".join(["%s"] * len(root_ids))
    sql = f"""
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM {table} WHERE id IN ({marks})
            UNION
            SELECT o.id FROM {table} o JOIN sub ON o.scope_parent_id = sub.id
        )
        SELECT id FROM sub
    """  # noqa: S608 - only placeholders are interpolated
    return sql, root_ids


def scope_subtree_ids(root_ids) -> set[int]:
    """The ids of `scope_subtree_sql(root_ids)`, as a set."""
    if not list(root_ids):
        return set()
    sql, params = scope_subtree_sql(root_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def subtree_ids_on(root_id: int, day: dt.date) -> set[int]:
    """The units under `root_id` (itself included) as the tree stood on `day`."""
    links = OrganizationParent._meta.db_table
    sql = f"""
        WITH RECURSIVE sub(id) AS (
            SELECT CAST(%s AS BIGINT)
            UNION
            SELECT l.organization_id FROM {links} l JOIN sub ON l.parent_id = sub.id
            WHERE l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s)
        )
        SELECT id FROM sub
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [root_id, day, day])
        return {row[0] for row in cursor.fetchall()}


def ancestor_ids(org_id: int) -> list[int]:
    """The scope ancestors of a unit, itself first."""
    table = Organization._meta.db_table
    sql = f"""
        WITH RECURSIVE up(id, parent_id, depth) AS (
            SELECT id, scope_parent_id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT o.id, o.scope_parent_id, up.depth + 1 FROM {table} o JOIN up ON o.id = up.parent_id
            WHERE up.depth < 64
        )
        SELECT id FROM up ORDER BY depth
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [org_id])
        return [row[0] for row in cursor.fetchall()]


def get_by_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


# --- The tree as it stood on a date -------------------------------------------------------------------


@dataclass
class Node:
    """One unit in `tree_on`: its name on that day and the units under it then."""

    id: int
    code: str
    name: str
    kind: str
    depth: int
    parent_id: int | None
    members: int | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _exists_on_sql(alias: str) -> str:
    return (f"({alias}.established_on IS NULL OR {alias}.established_on <= %s) "
            f"AND ({alias}.closed_on IS NULL OR {alias}.closed_on > %s)")


def tree_on(root: Organization | int, day: dt.date) -> Node | None:
    """The subtree of `root` as it stood on `day` (parent links of that day, names of that day), as nested
    nodes, from one recursive query; None when the root did not exist on that day. The members of each
    node are counted by `members.figures.tree_with_counts`."""
    root_id = root.id if isinstance(root, Organization) else int(root)
    orgs, links, names = (Organization._meta.db_table, OrganizationParent._meta.db_table,
                          OrganizationName._meta.db_table)
    sql = f"""
        WITH RECURSIVE sub(id, parent_id, depth) AS (
            SELECT o.id, CAST(NULL AS BIGINT), 0 FROM {orgs} o WHERE o.id = %s AND {_exists_on_sql("o")}
            UNION ALL
            SELECT l.organization_id, l.parent_id, sub.depth + 1 FROM {links} l
            JOIN sub ON l.parent_id = sub.id
            JOIN {orgs} c ON c.id = l.organization_id
            WHERE l.valid_from <= %s AND (l.valid_to IS NULL OR l.valid_to > %s) AND sub.depth < 64
              AND {_exists_on_sql("c")}
        )
        SELECT sub.id, sub.parent_id, sub.depth, o.code, COALESCE(n.name, o.name), o.kind
        FROM sub JOIN {orgs} o ON o.id = sub.id
        LEFT JOIN {names} n ON n.organization_id = o.id AND n.valid_from <= %s
             AND (n.valid_to IS NULL OR n.valid_to > %s)
        ORDER BY sub.depth, o.code
    """  # noqa: S608 - only table names are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [root_id, day, day, day, day, day, day, day, day])
        rows = cursor.fetchall()
    if not rows:
        return None
    nodes: dict[int, Node] = {}
    for org_id, parent_id, depth, code, name, kind in rows:
        if org_id in nodes:  # a unit with two links on one day would appear twice; keep the first
            continue
        node = Node(org_id, code, name, kind, depth, parent_id)
        nodes[org_id] = node
        if depth > 0 and parent_id in nodes:
            nodes[parent_id].children.append(node)
    return nodes[root_id]


def children_on(organization: Organization, day: dt.date):
    """The units standing directly under `organization` on `day` that existed then."""
    linked = (OrganizationParent.objects.filter(parent=organization, valid_from__lte=day)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).values("organization_id"))
    return (
        Organization.objects.filter(id__in=linked)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .order_by("code")
    )


def link_on(organization: Organization | int, day: dt.date) -> OrganizationParent | None:
    org_id = organization.id if isinstance(organization, Organization) else organization
    return (
        OrganizationParent.objects.filter(organization_id=org_id, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("parent")
        .order_by("-valid_from")
        .first()
    )


def parent_on(organization: Organization | int, day: dt.date) -> Organization | None:
    link = link_on(organization, day)
    return link.parent if link else None


def name_on(organization: Organization, day: dt.date) -> str:
    """The name the unit bore on `day` (its present name when no history says otherwise)."""
    row = (
        OrganizationName.objects.filter(organization=organization, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )
    return row.name if row else organization.name


def name_history(organization: Organization):
    return OrganizationName.objects.filter(organization=organization).order_by("valid_from", "id")


def parent_history(organization: Organization):
    return (OrganizationParent.objects.filter(organization=organization).select_related("parent")
            .order_by("valid_from", "id"))


def restructurings_of(organization: Organization):
    """The restructurings that touched the unit, as source or as target, in date order."""
    return (Restructuring.objects.filter(Q(organization=organization) | Q(target=organization))
            .select_related("organization", "target").order_by("on", "id"))


# --- Terms and executive committees ---------------------------------------------------------------------

POST_ORDER = {value: rank for rank, value in enumerate(Post.values)}


def term_on(organization: Organization, day: dt.date) -> Term | None:
    return (Term.objects.filter(organization=organization, start_on__lte=day)
            .filter(Q(end_on__isnull=True) | Q(end_on__gt=day)).order_by("-start_on").first())


def committee_on(organization: Organization, day: dt.date) -> list[CommitteePost]:
    """The posts of the unit's executive committee held on `day`, secretary first, then by name."""
    posts = (
        CommitteePost.objects.filter(organization=organization, from_on__lte=day)
        .filter(Q(to_on__isnull=True) | Q(to_on__gt=day))
        .select_related("member", "term")
    )
    return sorted(posts, key=lambda p: (POST_ORDER.get(p.post, 99), p.member.sort_key, p.id))


def holder_of(organization: Organization, post: str, on: dt.date):
    """The member who held `post` in the unit's executive committee on `on` ("who was secretary on the
    document's date"), or None. With several holders (deputies), the one appointed first."""
    held = (
        CommitteePost.objects.filter(organization=organization, post=post, from_on__lte=on)
        .filter(Q(to_on__isnull=True) | Q(to_on__gt=on))
        .select_related("member")
        .order_by("from_on", "id")
        .first()
    )
    return held.member if held else None


def terms_with_posts(organization: Organization) -> list[tuple[Term, list[CommitteePost]]]:
    """Every term of the unit, newest first, with all the posts held in it (two queries)."""
    terms = list(Term.objects.filter(organization=organization).order_by("-start_on"))
    posts = CommitteePost.objects.filter(term__in=terms).select_related("member")
    by_term: dict[int, list[CommitteePost]] = {t.id: [] for t in terms}
    for post in posts:
        by_term[post.term_id].append(post)
    for items in by_term.values():
        items.sort(key=lambda p: (POST_ORDER.get(p.post, 99), p.from_on, p.member.sort_key))
    return [(term, by_term[term.id]) for term in terms]
