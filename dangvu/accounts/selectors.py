"""The one answer to "what may this user see and do": every view, API endpoint, export and report asks
here. A role grants its actions on its organisation and everything under it (today's tree, closed units
reached through their successor), only while it is held: valid_from ≤ today < valid_to, today being the
civil date in Asia/Ho_Chi_Minh (CONTRACT.md "Days") whatever time zone is active."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.accounts.models import ApiToken, RoleAssignment
from dangvu.accounts.roles import ROLE_ACTIONS, SECOND_FACTOR_ROLES, Action, Role
from dangvu.core.errors import NotFound
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import scope_subtree_ids, scope_subtree_sql

OFFICE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    return timezone.localdate(timezone=OFFICE_ZONE)


def roles_held(user, on: dt.date | None = None):
    """The role assignments `user` holds on `on` (default today). Inactive accounts hold none."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return RoleAssignment.objects.none()
    day = on or today()
    return (
        RoleAssignment.objects.filter(user=user, valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .select_related("organization")
    )


def _check_action(action: str) -> None:
    # A misspelt action would silently grant nothing; fail loudly instead.
    if action not in Action.values:
        raise ValueError(f"unknown action {action!r}")


def scope_roots(user, action: str, on: dt.date | None = None) -> list[int]:
    """The organisations where `user` holds a role granting `action`: the tops of his or her scope."""
    _check_action(action)
    return [ra.organization_id for ra in roles_held(user, on) if action in ROLE_ACTIONS.get(ra.role, ())]


def scope_ids(user, action: str, on: dt.date | None = None) -> set[int]:
    """Ids of the organisations on which `user` may perform `action` (on `on`, default today)."""
    return scope_subtree_ids(scope_roots(user, action, on))


def scope_filter(user, action: str, field: str = "organization", on: dt.date | None = None) -> Q:
    """`field__in=scope_ids(...)` as a Q that keeps a large scope inside the database (a subquery), and
    is empty when the scope is the whole register (a role at the only top-level unit)."""
    roots = scope_roots(user, action, on)
    if not roots:
        return Q(pk__in=[])
    tops = list(Organization.objects.filter(scope_parent__isnull=True).values_list("id", flat=True)[:2])
    if len(tops) == 1 and tops[0] in roots:
        return Q()
    sql, params = scope_subtree_sql(roots)
    return Q(**{f"{field}__in": RawSQL(sql, params)})  # noqa: S611 - constant SQL, ids as parameters


def can(user, action: str, organization_id: int | None, on: dt.date | None = None) -> bool:
    return organization_id is not None and organization_id in scope_ids(user, action, on)


def may(actor, action: str, organization_id: int | None) -> bool:
    """For services: the system actor (None: CLI, loaders) may do anything; a user needs the action."""
    if actor is None:
        _check_action(action)
        return True
    return can(actor, action, organization_id)


def restrict(queryset, user, action: str, field: str = "organization"):
    """`queryset` limited to rows whose organisation (`field`) lies in the user's scope for `action`."""
    return queryset.filter(**{f"{field}__in": scope_ids(user, action)})


def _organization_id(obj) -> int | None:
    return obj.organization_id


def get_in_scope(user, action: str, queryset, *, org_id_of: Callable = _organization_id, **lookup):
    """The one object of `queryset` matching `lookup` when `org_id_of(obj)` (the organisation the object
    belongs to) is in the user's scope for `action`; otherwise NotFound, the same for an unknown and an
    out-of-scope object so that existence does not leak."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError):
        obj = None
    if obj is None or not can(user, action, org_id_of(obj)):
        raise NotFound(_("Not found."))
    return obj


def get_in_scope_or_404(user, action: str, queryset, *, org_id_of: Callable = _organization_id, **lookup):
    """`get_in_scope` for views (healthchecks' `_get_check_for_user`): raises Http404."""
    try:
        return get_in_scope(user, action, queryset, org_id_of=org_id_of, **lookup)
    except NotFound:
        raise Http404 from None


def needs_second_factor(user) -> bool:
    return any(ra.role in SECOND_FACTOR_ROLES for ra in roles_held(user))


def home_organization(user):
    """The organisation the user mostly works for: the highest-ranking role held today."""
    order = list(Role)
    held = sorted(roles_held(user), key=lambda ra: order.index(ra.role))
    return held[0].organization if held else None


def is_self(user, member_id: int | None) -> bool:
    return member_id is not None and getattr(user, "member_id", None) == member_id


def role_history(user):
    """Every role assignment of the user, current and past, newest first (the "my account" page)."""
    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("organization")
        .order_by("-valid_from", "organization__code")
    )


def active_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def active_token(raw: str | None):
    """The live API token with this raw value (not revoked, its user active), or None."""
    if not raw:
        return None
    return (
        ApiToken.objects.filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


def user_for_token(raw: str | None):
    """The active user a raw API token belongs to, or None (revoked, unknown, inactive)."""
    token = active_token(raw)
    return token.user if token else None
