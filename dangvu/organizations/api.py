"""Organisations in the REST API: the units in the user's `figures.view` scope."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.pagination import paginate

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.api_schema import Pagination
from dangvu.core.errors import NotFound
from dangvu.organizations.models import Organization, OrgKind

router = Router()


class OrganizationOut(Schema):
    code: str
    name: str
    kind: OrgKind
    parent: str | None
    established_on: dt.date | None
    closed_on: dt.date | None

    @staticmethod
    def resolve_parent(obj: Organization) -> str | None:
        return obj.scope_parent.code if obj.scope_parent_id else None


def _visible(user):
    ids = access.scope_ids(user, Action.VIEW_FIGURES)
    return Organization.objects.filter(id__in=ids).select_related("scope_parent").order_by("code")


@router.get("", response=list[OrganizationOut], summary="The organisations the user may see")
@paginate(Pagination)
def organization_list(request):
    return _visible(request.auth)


@router.get("/{code}", response=OrganizationOut, summary="One organisation, by code")
def organization_detail(request, code: str):
    organization = _visible(request.auth).filter(code=code).first()
    if organization is None:
        raise NotFound(_("No organisation with this code in your scope."))
    return organization
