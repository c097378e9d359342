"""The annual (or year-to-date) report of a committee as a `content.Document`: the period checked against
the committee's life and the calendar, the figures (reports.figures), the prose (reports.prose), the
tables by subordinate unit, the plan and directive follow-up, the header and the signature block."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvu.accounts.selectors import today
from dangvu.cadres.models import Evaluation, Rating
from dangvu.cadres.selectors import coverage
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.formatting import short_date, two_digits
from dangvu.organizations.models import Organization, OrgKind, Post
from dangvu.organizations.selectors import get_by_code, holder_of, name_on, parent_on, subtree_ids_on
from dangvu.reports import prose, typeset
from dangvu.reports.content import Document, Section, Signature, Table
from dangvu.reports.figures import report_figures
from dangvu.reports.lazytext import lazy_format
from dangvu.workplans.models import Directive, Plan, Status
from dangvu.workplans.selectors import follow_up, targets_with_values

DOC_TYPE = "BC"


@dataclass(frozen=True)
class Period:
    organization: Organization
    year: int
    date_from: dt.date
    date_to: dt.date


def resolve(code_or_org, year: int, to: dt.date | None = None) -> Period:
    """The period of the report: 1 January (or the founding) of `year` to `to` (default 31 December, or
    today, or the committee's last day, whichever comes first). An unknown code is NotFound; a `to`
    outside the year or in the future, or a period outside the committee's life, is InvalidInput."""
    org = code_or_org
    if not isinstance(org, Organization):
        org = get_by_code(code_or_org)
        if org is None:
            message = gettext_lazy("Unknown organisation code: %(code)s")
            raise NotFound(lazy_format(message, code=code_or_org))
    now = today()
    if not 1900 <= year <= now.year:
        raise InvalidInput.one("year", gettext_lazy("The year must be between 1900 and the current year."))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if to is not None:
        if to > now:
            raise InvalidInput.one("to", gettext_lazy("The end date is in the future."))
        if to.year != year:
            raise InvalidInput.one("to", gettext_lazy("The end date must lie in the report's year."))
        if org.closed_on and to >= org.closed_on:
            raise InvalidInput.one("to", gettext_lazy("The committee no longer existed on the end date."))
        end = to
    else:
        end = min(end, now)
        if org.closed_on:
            end = min(end, org.closed_on - dt.timedelta(days=1))
    if org.established_on and org.established_on > start:
        start = org.established_on
    if end < start:
        raise InvalidInput.one("year", gettext_lazy("The period lies outside the organisation's life."))
    return Period(org, year, start, end)


def _superior(org: Organization, day: dt.date) -> str:
    parent = parent_on(org, day)
    return name_on(parent, day).upper() if parent else ""


def reporting_body(org: Organization, day: dt.date) -> str:
    """Who reports: the committee's standing committee ("Ban Thường vụ Thị ủy Hương Trà"), a grassroots
    committee or cell by its header name ("Đảng ủy phường …"), never the party organisation as a whole."""
    body = prose.sentence_case(org.issuing_body, org.place_name) if org.issuing_body else name_on(org, day)
    if org.kind == OrgKind.COMMITTEE:
        return _("The Standing Committee of %(body)s") % {"body": body}
    return body


def _signature(org: Organization, day: dt.date) -> Signature:
    if org.kind == OrgKind.COMMITTEE:
        on_behalf = _("ON BEHALF OF THE STANDING COMMITTEE")
    elif org.kind in prose.CELL_KINDS:
        on_behalf = _("ON BEHALF OF THE CELL COMMITTEE")
    else:
        on_behalf = _("ON BEHALF OF THE PARTY COMMITTEE")
    secretary = holder_of(org, Post.SECRETARY, day)
    if secretary is not None:
        return Signature(on_behalf, "", _("SECRETARY"), secretary.full_name)
    deputy = holder_of(org, Post.DEPUTY_SECRETARY, day)
    if deputy is not None:
        return Signature(on_behalf, _("FOR THE SECRETARY"), _("DEPUTY SECRETARY"), deputy.full_name)
    return Signature(on_behalf, "", _("SECRETARY"), "")


def _member_table(figures: dict, names: dict[str, str], day: dt.date) -> Table:
    rows, links = [], []
    for unit in figures["units"]:
        m = unit["members"]
        rows.append([names[unit["code"]], *(prose.count(m[k]) for k in
                                             ("at_start", "admitted", "transferred_in", "transferred_out",
                                              "left", "at_end"))])
        links.append(unit["code"])
    m = figures["members"]
    rows.append([_("Total"), prose.count(m["at_start"]), prose.count(m["admitted"]),
                 prose.count(m["transferred_in"]), prose.count(m["transferred_out"]),
                 prose.count(m["removed"] + m["expelled"] + m["died"]), prose.count(m["at_end"])])
    links.append("")
    return Table(_("Table 1. Party members by subordinate organisation"),
                 [_("Organisation"), _("At the start"), _("Admitted"), _("Transferred in"),
                  _("Transferred out"), _("Removed, expelled, died"),
                  _("On %(day)s") % {"day": short_date(day)}],
                 rows, links)


def _oversight_table(figures: dict, names: dict[str, str]) -> Table:
    def cells(o):
        return [prose.count(o["inspected_organizations"]), prose.count(o["inspected_members"]),
                prose.count(o["supervised_organizations"]), prose.count(o["supervised_members"]),
                prose.count(o["disciplined_members"])]

    rows = [[names[u["code"]], *cells(u["oversight"])] for u in figures["units"]]
    rows.append([_("Whole committee"), *cells(figures["oversight"])])
    return Table(_("Table 2. Inspection, supervision and discipline by subordinate organisation"),
                 [_("Organisation"), _("Organisations inspected"), _("Members inspected"),
                  _("Organisations supervised"), _("Members supervised"), _("Members disciplined")],
                 rows, [u["code"] for u in figures["units"]] + [""])


def _plan_section(org: Organization, period: Period, number: str) -> Section | None:
    """Each plan of the period with its targets against their goals; each directive received in the
    period with its follow-up. Left out when there is neither."""
    plans = list(Plan.objects.filter(organization=org, period_start__lte=period.date_to,
                                     period_end__gte=period.date_from).order_by("period_start", "id"))
    directives = list(Directive.objects.filter(organization=org, issued_on__gte=period.date_from,
                                               issued_on__lte=period.date_to).order_by("issued_on", "id"))
    if not plans and not directives:
        return None
    section = Section(_("%(number)s. CARRYING OUT THE PLAN AND THE SUPERIOR COMMITTEE'S CONCLUSIONS")
                      % {"number": number})
    for plan in plans:
        rows = targets_with_values(plan, period.date_to)
        section.paragraphs.append(prose.plan_summary(plan, sum(r["reached"] for r in rows), len(rows)))
        section.paragraphs += [prose.target(r) for r in rows]
        if rows:
            section.tables.append(Table(
                _("Targets of %(title)s") % {"title": plan.title},
                [_("Target"), _("Goal"), _("Result"), _("Share")],
                [[r["target"].title, f"{prose.number(r['target'].goal)} {r['target'].unit_label}".strip(),
                  prose.number(r["value"]) or "—", f"{r['share']}%" if r["share"] is not None else "—"]
                 for r in rows]))
    for directive in directives:
        rows = follow_up(directive, period.date_to)
        tasks = [r for r in rows if r["task"] is not None]
        counts = {
            "items": len({r["item"].pk for r in rows}), "tasks": len(tasks),
            "done": sum(r["status"] in (Status.DONE, Status.DONE_LATE) for r in tasks),
            "overdue": sum(r["status"] == "overdue" for r in tasks),
        }
        counts["open"] = sum(r["status"] in (Status.NOT_STARTED, Status.IN_PROGRESS) for r in tasks)
        section.paragraphs.append(prose.directive_summary(directive, counts, period.date_to))
    return section


def _evaluation_section(org: Organization, period: Period, number: str) -> Section | None:
    """The year's evaluation and rating of members and cadres in the subtree, and whether every secretary
    and deputy secretary was evaluated. Left out when nobody was evaluated."""
    counts = dict(
        Evaluation.objects.filter(organization_id__in=subtree_ids_on(org.id, period.date_to),
                                  year=period.year, evaluated_on__lte=period.date_to)
        .values_list("rating").annotate(n=Count("id")).values_list("rating", "n")
    )
    if not counts:
        return None
    section = Section(_("%(number)s. EVALUATION AND RATING OF MEMBERS AND CADRES") % {"number": number})
    section.paragraphs.append(_("In %(year)s, %(total)s comrades were evaluated and rated: %(ratings)s.") % {
        "year": period.year, "total": prose.count(sum(counts.values())),
        "ratings": "; ".join(f"{Rating(r).label} {prose.count(counts[r])}" for r in Rating.values
                             if counts.get(r))})
    covered = coverage(org.id, period.year, period.date_to)
    if covered["holders"]:
        section.paragraphs.append(_("Secretaries and deputy secretaries evaluated: %(evaluated)s of "
                                    "%(holders)s.") % {"evaluated": prose.count(covered["evaluated"]),
                                                       "holders": prose.count(covered["holders"])})
    section.tables.append(Table(_("Ratings of %(year)s") % {"year": period.year},
                                [_("Rating"), _("Comrades")],
                                [[str(Rating(r).label), prose.count(counts[r])] for r in Rating.values
                                 if counts.get(r)]))
    return section


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI"][n - 1]


def build(period: Period, *, number: int | None = None, language: str = "vi") -> Document:
    """The report as a Document, written in `language`. `number` is the register's number when the
    document is issued; a preview leaves the number blank."""
    org, day = period.organization, period.date_to
    with translation.override(language):
        figures = report_figures(org, period.date_from, day)
        names = {u.code: name_on(u, day) for u in org.__class__.objects.filter(
            code__in=[u["code"] for u in figures["units"]])}
        party = prose.party_noun(org.kind)
        m, o, prev = figures["members"], figures["oversight"], figures["previous"]
        first = Section(_("%(number)s. PARTY MEMBER DEVELOPMENT") % {"number": _roman(1)})
        first.paragraphs.append(prose.admissions(party, day, m))
        first.paragraphs.append(prose.composition(m))
        if flows := prose.other_flows(m):
            first.paragraphs.append(flows)
        first.paragraphs.append(prose.net_change(m))
        first.paragraphs.append(prose.admissions_compared(period.year - 1, m, prev and prev["members"]))
        if figures["units"]:
            first.tables.append(_member_table(figures, names, day))
        second = Section(_("%(number)s. INSPECTION, SUPERVISION AND PARTY DISCIPLINE")
                         % {"number": _roman(2)})
        second.paragraphs.append(prose.reviews(party, o))
        second.paragraphs += prose.discipline(o)
        second.paragraphs.append(prose.oversight_compared(period.year - 1, o, prev and prev["oversight"]))
        if figures["units"]:
            second.tables.append(_oversight_table(figures, names))
        sections = [first, second]
        if plan := _plan_section(org, period, _roman(len(sections) + 1)):
            sections.append(plan)
        if evaluation := _evaluation_section(org, period, _roman(len(sections) + 1)):
            sections.append(evaluation)
        abbreviation = org.abbreviation or org.code
        # A preview leaves the number blank, as a draft does ("Số     -BC/TU").
        code = f"{two_digits(number) if number else '     '}-{DOC_TYPE}/{abbreviation}"
        partial = (period.date_from, day) != (dt.date(period.year, 1, 1), dt.date(period.year, 12, 31))
        recipients = []
        if superior := _superior(org, day):
            recipients.append(_("- %(superior)s (to report),")
                              % {"superior": name_on(parent_on(org, day), day)})
        recipients += [_("- Members of the executive committee,"), _("- Subordinate party organisations,"),
                       _("- Filed at the office.")]
        figures["number"] = code if number else None
        return Document(
            party=_("COMMUNIST PARTY OF VIETNAM"),
            superior=superior,
            issuing_body=org.issuing_body or name_on(org, day).upper(),
            number=_("No. %(code)s") % {"code": code},
            place_date=f"{org.place_name or name_on(org, day)}, {typeset.document_date(day)}",
            kind=_("REPORT"),
            title=_("Results of Party-building work in %(year)s") % {"year": period.year},
            subtitle=(_("(from %(start)s to %(end)s)") % {"start": short_date(period.date_from),
                                                           "end": short_date(day)}) if partial else "",
            intro=_("%(name)s reports the results of Party-building work from %(start)s to %(end)s as "
                    "follows.") % {"name": reporting_body(org, day), "start": short_date(period.date_from),
                                   "end": short_date(day)},
            sections=sections,
            signature=_signature(org, day),
            recipients_label=_("Recipients:"),
            recipients=recipients,
            figures=figures,
            language=language,
            issued=number is not None,
        )
