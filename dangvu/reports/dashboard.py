"""The figures of an organisation's dashboard for a year up to a day: members at the end of each month
and admissions per month (one query over the membership spans), composition on the day (sex, age band,
political-theory level), inspections, supervisions and discipline by form, and the units under it that
admitted nobody. Each figure carries the URL of the list behind it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from dangvu.core.formatting import short_date
from dangvu.members.breakdowns import AGE_BAND_LABELS, breakdowns
from dangvu.members.models import MembershipSpan, Sex, TheoryLevel
from dangvu.members.selectors import may_list_members
from dangvu.organizations.selectors import children_on, name_on
from dangvu.oversight.figures import MEMBER_FORMS, oversight_figures
from dangvu.oversight.selectors import may_list_cases, may_see_oversight
from dangvu.reports import prose
from dangvu.reports.annual import Period
from dangvu.reports.figures import units_members


@dataclass
class Bar:
    label: str
    value: int
    url: str


@dataclass
class Chart:
    title: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def month_ends(period: Period) -> list[dt.date]:
    out = []
    for month in range(period.date_from.month, period.date_to.month + 1):
        last = dt.date(period.year, month, calendar.monthrange(period.year, month)[1])
        out.append(min(last, period.date_to))
    return out


def monthly(organization_id: int, period: Period) -> tuple[list[int], list[int]]:
    """Members on the register at each month's end, and admissions in each month: one query."""
    ends = month_ends(period)
    starts = [max(period.date_from, day.replace(day=1)) for day in ends]
    columns, params = [], {"org": organization_id, "from": period.date_from, "to": period.date_to}
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        params[f"s{i}"], params[f"e{i}"] = start, end
        columns.append(f"SUM(CASE WHEN start_on <= %(e{i})s AND (end_on IS NULL OR end_on > %(e{i})s) "
                       "THEN 1 ELSE 0 END)")
        columns.append(f"SUM(CASE WHEN entry = 'admitted' AND start_on >= %(s{i})s AND start_on <= %(e{i})s "
                       "THEN 1 ELSE 0 END)")
    sql = (f"SELECT {', '.join(columns)} FROM {MembershipSpan._meta.db_table} "  # noqa: S608 - placeholders
           "WHERE ancestor_id = %(org)s AND start_on <= %(to)s AND (end_on IS NULL OR end_on >= %(from)s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = [int(v or 0) for v in cursor.fetchone()]
    return row[0::2], row[1::2]


def _members_url(code: str, day: dt.date, **filters) -> str:
    return reverse("members:list") + "?" + urlencode({"org": code, "on": day.isoformat(), **filters})


def _links(user, org) -> dict[str, bool]:
    """Which of the lists behind the figures the user may open (the check of the list's own view)."""
    if user is None:
        return {"members": True, "oversight": True, "cases": True}
    return {"members": may_list_members(user, org.id), "oversight": may_see_oversight(user),
            "cases": may_list_cases(user)}


def _drop_links(charts: list[Chart], links: dict[str, bool]) -> None:
    members_list, cases = reverse("members:list"), reverse("oversight:cases")
    for chart in charts:
        for bar in chart.bars:
            kind = ("members" if bar.url.startswith(members_list) else
                    "cases" if bar.url.startswith(cases) else "oversight")
            if not links[kind]:
                bar.url = ""


def build(period: Period, user=None) -> dict:
    org, day = period.organization, period.date_to
    ends = month_ends(period)
    at_end, admitted = monthly(org.id, period)
    members_chart = Chart(_("Members at the end of each month"), [
        Bar(f"{d.month:02d}", n, _members_url(org.code, d)) for d, n in zip(ends, at_end, strict=True)])
    admissions_chart = Chart(_("Admissions per month"), [
        Bar(f"{d.month:02d}", n, _members_url(org.code, d, status="probationary"))
        for d, n in zip(ends, admitted, strict=True)])
    parts = breakdowns(org.id, day, ("sex", "age_band", "theory_level", "status"))
    sex = Chart(_("By sex"), [
        Bar(str(label), parts["sex"].get(value, 0), _members_url(org.code, day, sex=value))
        for value, label in Sex.choices])
    status = Chart(_("By status"), [
        Bar(_("Official"), parts["status"].get("official", 0),
            _members_url(org.code, day, status="official")),
        Bar(_("Probationary"), parts["status"].get("probationary", 0),
            _members_url(org.code, day, status="probationary"))])
    ages = Chart(_("By age band"), [
        Bar(str(label), parts["age_band"].get(band, 0), _members_url(org.code, day))
        for band, label in AGE_BAND_LABELS.items()
        if band != "under_18" or parts["age_band"].get(band)])  # under 18: only data no rule validated
    theory = Chart(_("By political-theory level"), [
        Bar(str(label), parts["theory_level"].get(value, 0), _members_url(org.code, day))
        for value, label in TheoryLevel.choices])
    o = oversight_figures(org.id, period.date_from, day)
    year = {"year": period.year}
    reviews_url = reverse("oversight:reviews", args=["inspection"]) + "?" + urlencode(year)
    supervision_url = reverse("oversight:reviews", args=["supervision"]) + "?" + urlencode(year)
    cases_url = reverse("oversight:cases")
    oversight = Chart(_("Inspection and supervision"), [
        Bar(_("Organisations inspected"), o["inspected_organizations"], reviews_url),
        Bar(_("Members inspected"), o["inspected_members"], reviews_url),
        Bar(_("Organisations supervised"), o["supervised_organizations"], supervision_url),
        Bar(_("Members supervised"), o["supervised_members"], supervision_url)])
    discipline = Chart(_("Members disciplined, by form"), [
        Bar(prose.form_label(f).capitalize(), o["discipline_by_form"][f], cases_url) for f in MEMBER_FORMS])
    units = list(children_on(org, day))
    by_unit = units_members([u.id for u in units], period.date_from, day)
    idle = [(u, name_on(u, day), (by_unit.get(u.id) or {}).get("at_end", 0)) for u in units
            if not (by_unit.get(u.id) or {}).get("admitted")]
    links = _links(user, org)
    _drop_links([members_chart, admissions_chart, status, sex, ages, theory, oversight, discipline], links)
    return {
        "links": links,
        "flows": [members_chart, admissions_chart],
        "composition": [status, sex, ages, theory],
        "oversight": [oversight, discipline],
        "idle_units": idle,
        "day_label": short_date(day),
        "at_end": at_end[-1] if at_end else 0,
        "admitted": sum(admitted),
        "figures": o,
    }
