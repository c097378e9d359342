"""The one filter definition of member lists: the list page, the exports and the printable list read
the same parameters (`org`, `status`, `sex`, `q`, `on`) through `filter_members`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput, Problem
from dangvu.core.tabular import parse_date
from dangvu.members.models import MembershipSpan, MemberStatus, Sex
from dangvu.members.search import text_query
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import scope_subtree_ids


@dataclass
class MemberFilter:
    organization: Organization | None = None
    status: str = ""
    sex: str = ""
    q: str = ""
    on: dt.date | None = None

    def as_params(self) -> dict:
        params = {"org": self.organization.code if self.organization else "", "status": self.status,
                  "sex": self.sex, "q": self.q, "on": self.on.isoformat() if self.on else ""}
        return {k: v for k, v in params.items() if v}

    def for_audit(self) -> dict:
        """The filter without personal data: whether a search text was given, not the text."""
        data = self.as_params()
        if data.pop("q", None):
            data["search"] = True
        return data


def parse_filter(params: Mapping) -> MemberFilter:
    """Read the parameters; an unknown organisation, status or sex, or a bad date, is InvalidInput."""
    problems = []
    result = MemberFilter(q=(params.get("q") or "").strip())
    code = (params.get("org") or "").strip()
    if code:
        result.organization = Organization.objects.filter(code=code).first()
        if result.organization is None:
            problems.append(("org", _("No organisation has this code.")))
    status = (params.get("status") or "").strip()
    if status and status not in MemberStatus.values:
        problems.append(("status", _("Unknown status.")))
    result.status = status
    sex = (params.get("sex") or "").strip()
    if sex and sex not in Sex.values:
        problems.append(("sex", _("Sex must be male/female (Nam/Nữ).")))
    result.sex = sex
    on = (params.get("on") or "").strip()
    if on:
        result.on = parse_date(on)
        if result.on is None:
            problems.append(("on", _("Not a date (YYYY-MM-DD or dd/mm/yyyy).")))
    if problems:
        raise InvalidInput([Problem(field, message) for field, message in problems])
    return result


def _on_register(day: dt.date, organization: Organization | None):
    """A subquery of member ids, not a correlated EXISTS: for one unit the spans index answers it and the
    members are read by id, where EXISTS walked every member (tests/perf)."""
    spans = MembershipSpan.objects.on_register(day)
    if organization is not None:
        spans = spans.filter(ancestor=organization)
    return Q(pk__in=spans.values("member_id"))


def filter_members(queryset, params: Mapping | MemberFilter):
    """`queryset` narrowed by the filter. Without `on`: the members registered today in the
    organisation's subtree, by current status. With `on`: the members on the register on that day in the
    subtree as it stood then, probationary or official as of that day."""
    f = params if isinstance(params, MemberFilter) else parse_filter(params)
    if f.on is None:
        if f.organization is not None:
            queryset = queryset.filter(organization_id__in=scope_subtree_ids([f.organization.id]))
        if f.status:
            queryset = queryset.filter(status=f.status)
    else:
        queryset = queryset.filter(_on_register(f.on, f.organization))
        if f.status == MemberStatus.OFFICIAL:
            queryset = queryset.filter(official_on__lte=f.on)
        elif f.status == MemberStatus.PROBATIONARY:
            queryset = queryset.filter(Q(official_on__isnull=True) | Q(official_on__gt=f.on))
        elif f.status == MemberStatus.LEFT:
            queryset = queryset.none()
    if f.sex:
        queryset = queryset.filter(sex=f.sex)
    if f.q:
        queryset = queryset.filter(text_query(f.q))
    return queryset
