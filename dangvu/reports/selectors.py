"""Reads of the reports app, limited to what the user may see: the committees a user may report on, and
the register of issued documents."""

from __future__ import annotations

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.organizations.models import Organization, OrgKind
from dangvu.reports.models import IssuedDocument

REPORTING_KINDS = (OrgKind.COMMITTEE, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL,
                   OrgKind.PARTIAL_COMMITTEE)


def committees_for(user):
    """Units with their own committee that the user may see figures of."""
    return Organization.objects.filter(access.scope_filter(user, Action.VIEW_FIGURES, field="id"),
                                       kind__in=REPORTING_KINDS).order_by("code")


def organization_for(user, code: str) -> Organization:
    """The organisation `code` if the user may see its figures, else NotFound."""
    return access.get_in_scope(user, Action.VIEW_FIGURES, Organization.objects.all(),
                               org_id_of=lambda o: o.id, code=code)


def register_of(user, organization: Organization):
    """The documents issued by `organization` (the user sees its figures), newest first, without bytes."""
    organization_for(user, organization.code)
    return (IssuedDocument.objects.filter(organization=organization).defer("content")
            .select_related("issued_by", "term", "organization"))


def issued_document(user, pk: int) -> IssuedDocument:
    return access.get_in_scope(user, Action.VIEW_FIGURES, IssuedDocument.objects.all(), pk=pk)
