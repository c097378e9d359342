"""GET /api/stats: the figures of `dangvu stats` (`figures.view`), the same JSON (reports.stats).

No `from __future__ import annotations` here: django-ninja resolves `Query[...]` parameters at import."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import NotFound
from dangvu.organizations.selectors import get_by_code
from dangvu.reports.stats import stats_payload

stats_router = Router()


class StatsIn(Schema):
    org: str
    date_from: dt.date = Field(..., alias="from")
    date_to: dt.date = Field(..., alias="to")


# The operation id it had when the route lived in members.api: clients generated from the schema keep it.
@stats_router.get("", operation_id="dangvu_members_api_stats",
                  summary="The figures of `dangvu stats` for an organisation and a period (same JSON)")
def stats(request, period: Query[StatsIn]):
    organization = get_by_code(period.org)
    if organization is None or not access.can(request.auth, Action.VIEW_FIGURES, organization.id):
        raise NotFound(_("No organisation with this code in your scope."))
    return stats_payload(organization, period.date_from, period.date_to)
