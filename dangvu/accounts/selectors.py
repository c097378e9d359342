"""The one answer to "what may this user see and do": every view, API endpoint, export and report asks
here. A role grants its actions on its organisation and everything under it (today's tree, closed units
reached through their successor), only while it is held."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangvu.accounts.models import RoleAssignment
from dangvu.accounts.roles import ROLE_ACTIONS, SECOND_FACTOR_ROLES, Role
from dangvu.organizations.selectors import scope_subtree_ids


def roles_held(user, on: dt.date | None = None):
    if user is None or not getattr(user, "is_authenticated", False):
        return RoleAssignment.objects.none()
    day = on or timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .select_related("organization")
    )


def scope_ids(user, action: str, on: dt.date | None = None) -> set[int]:
    """Ids of the organisations on which `user` may perform `action` (on `on`, default today)."""
    roots = [ra.organization_id for ra in roles_held(user, on) if action in ROLE_ACTIONS.get(ra.role, ())]
    return scope_subtree_ids(roots)


def can(user, action: str, organization_id: int | None, on: dt.date | None = None) -> bool:
    return organization_id is not None and organization_id in scope_ids(user, action, on)


def needs_second_factor(user) -> bool:
    return any(ra.role in SECOND_FACTOR_ROLES for ra in roles_held(user))


def home_organization(user):
    """The organisation the user mostly works for: the highest-ranking role held today."""
    order = list(Role)
    held = sorted(roles_held(user), key=lambda ra: order.index(ra.role))
    return held[0].organization if held else None


def is_self(user, member_id: int | None) -> bool:
    return member_id is not None and getattr(user, "member_id", None) == member_id
