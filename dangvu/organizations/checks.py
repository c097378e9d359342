"""Checks shared by the organisation services: the actor's right to change a unit, and units named by code."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.organizations.models import Organization


def fmt(message, **params):
    """A lazy translated message with its placeholders filled in when rendered, so that an error still
    renders in Vietnamese and in English."""
    return lazy(lambda: str(message) % params, str)()


def require_edit(actor, organization: Organization) -> None:
    """The actor needs `register.edit` on the unit; an actor who cannot even see it gets NotFound."""
    if access.may(actor, Action.EDIT_REGISTER, organization.id):
        return
    if access.can(actor, Action.VIEW_FIGURES, organization.id):
        raise Forbidden(_("You may not change this organisation."))
    raise NotFound(_("Not found."))


def resolve(value, field_name: str) -> Organization:
    """An Organization given as an instance, an id-bearing instance or a code; unknown → InvalidInput."""
    if isinstance(value, Organization):
        return value
    org = Organization.objects.filter(code=str(value or "").strip()).first()
    if org is None:
        raise InvalidInput.one(field_name, fmt(_("No organisation has the code “%(code)s”."), code=value))
    return org
