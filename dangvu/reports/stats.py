"""The JSON of `dangvu stats` and GET /api/stats (CONTRACT.md "Figures"): the `members` block of the register
and the `oversight` block, assembled here, above the apps that compute them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput, NotFound
from dangvu.members.figures import member_figures
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import get_by_code
from dangvu.oversight.figures import oversight_figures


def stats_payload(organization, date_from: dt.date, date_to: dt.date, *, from_field: str = "from") -> dict:
    """The whole JSON of `dangvu stats` (CONTRACT.md "Figures") for `organization` (an instance or a
    code) and the closed period [from, to]: the CLI and GET /api/stats both return this dict. An unknown
    code is NotFound; `from` after `to`, or a period outside the organisation's life, is InvalidInput
    (named `from_field`)."""
    if not isinstance(organization, Organization):
        code = organization
        organization = get_by_code(code)
        if organization is None:
            raise NotFound(_("Unknown organisation code: %(code)s") % {"code": code})
    if date_from > date_to:
        raise InvalidInput.one(from_field, _("The start of the period is after its end."))
    if (organization.established_on and date_to < organization.established_on) or (
        organization.closed_on and date_from >= organization.closed_on
    ):
        raise InvalidInput.one(from_field, _("The period lies outside the organisation's life."))
    return {
        "organization": organization.code,
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "members": member_figures(organization.id, date_from, date_to),
        "oversight": oversight_figures(organization.id, date_from, date_to),
    }
