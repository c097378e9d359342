"""The Vietnamese prose of the report, written from the figures in the style of the committee's own
reports (the seed: "khiển trách 09, cảnh cáo 05 và khai trừ 02"): every count in one style, `count` (under
ten on two digits, thousands grouped), dates as dd/mm/yyyy. Missing figures are said to be missing, never
written as zero. The msgids are English; the document is written
in the language active when it is built (Vietnamese unless asked otherwise)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dangvu.core.formatting import short_date, two_digits, vn_number
from dangvu.organizations.models import OrgKind
from dangvu.oversight.figures import MEMBER_FORMS, ORGANIZATION_FORMS

CELL_KINDS = (OrgKind.GRASSROOTS_CELL, OrgKind.CELL)


def party_noun(kind: str) -> str:
    """"Đảng bộ" or "Chi bộ": how the report names the organisation it speaks of."""
    return _("Party cell") if kind in CELL_KINDS else _("Party Committee")


def count(value) -> str:
    """A count as the committee's documents write it, the same in prose and tables: "09", "157", "3.456";
    zero stays "0" (the seed never writes "00")."""
    if value is None or value == "":
        return ""
    value = int(value)
    return two_digits(value) if 0 < value < 10 else vn_number(value)


def sentence_case(upper: str, place: str = "") -> str:
    """"THỊ ỦY HƯƠNG TRÀ" → "Thị ủy Hương Trà": the header's capitals as running text, the place name
    keeping its own capitals."""
    text = upper.lower()
    if place and place.lower() in text:
        text = text.replace(place.lower(), place)
    return text[:1].upper() + text[1:]


def form_label(form: str) -> str:
    return {
        "reprimand": pgettext("discipline form", "reprimand"),
        "warning": pgettext("discipline form", "warning"),
        "removal_from_post": pgettext("discipline form", "removal from post"),
        "expulsion": pgettext("discipline form", "expulsion"),
        "dissolution": pgettext("discipline form", "dissolution"),
    }[form]


def enumerate_items(items: list[str]) -> str:
    """"a, b và c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" and ") + items[-1]


def forms_text(by_form: dict, forms) -> str:
    return enumerate_items([f"{form_label(f)} {count(by_form[f])}" for f in forms if by_form.get(f)])


def change_text(now: int, before: int) -> str:
    if now > before:
        return _("%(n)s more") % {"n": count(now - before)}
    if now < before:
        return _("%(n)s fewer") % {"n": count(before - now)}
    return _("the same number")


def admissions(party: str, day, members: dict) -> str:
    """Admissions and the total apart: the total also moves by transfers, removals and deaths, so it is
    not "raised to" by the admissions."""
    values = {"day": short_date(day), "party": party, "admitted": count(members["admitted"]),
              "total": count(members["at_end"])}
    if members["admitted"]:
        return _("As of %(day)s, the %(party)s had admitted %(admitted)s new members; on %(day)s the whole "
                 "%(party)s has %(total)s members.") % values
    return _("As of %(day)s, the %(party)s had admitted no new member in the period; on %(day)s the whole "
             "%(party)s has %(total)s members.") % values


def net_change(members: dict) -> str:
    """The change of the membership over the period, said once, apart from admissions."""
    change = members["at_end"] - members["at_start"]
    values = {"start": count(members["at_start"]), "n": count(abs(change))}
    if change > 0:
        return _("Compared with the start of the period (%(start)s members), the membership grew by "
                 "%(n)s.") % values
    if change < 0:
        return _("Compared with the start of the period (%(start)s members), the membership fell by "
                 "%(n)s.") % values
    return _("The membership is the same as at the start of the period (%(start)s members).") % values


def no_previous_data(year: int) -> str:
    return _("There are no figures for the same period of %(year)s.") % {"year": year}


def composition(members: dict) -> str:
    return _("Of them, %(official)s are official and %(probationary)s probationary members.") % {
        "official": count(members["official_at_end"]),
        "probationary": count(members["probationary_at_end"]),
    }


def other_flows(members: dict) -> str:
    clauses = {
        "made_official": _("%(n)s probationary members recognised as official"),
        "transferred_in": _("%(n)s members transferred in"),
        "transferred_out": _("%(n)s members transferred out"),
        "removed": _("%(n)s members removed from the rolls"),
        "expelled": _("%(n)s members expelled"),
        "died": _("%(n)s members died"),
    }
    items = [text % {"n": count(members[key])} for key, text in clauses.items() if members.get(key)]
    if not items:
        return ""
    return _("In the period: %(items)s.") % {"items": enumerate_items(items)}


def admissions_compared(year: int, now: dict, before: dict | None) -> str:
    if not before or not before["at_end"]:
        return no_previous_data(year)
    return _("In the same period of %(year)s, %(admitted)s new members were admitted (%(change)s this "
             "year); the membership then was %(total)s.") % {
        "year": year, "admitted": count(before["admitted"]),
        "change": change_text(now["admitted"], before["admitted"]), "total": count(before["at_end"]),
    }


OVERSIGHT_KEYS = ("inspected_organizations", "inspected_members", "supervised_organizations",
                  "supervised_members", "disciplined_members", "disciplined_organizations")


def reviews(party: str, o: dict) -> str:
    if not any(o[k] for k in OVERSIGHT_KEYS[:4]):
        return _("No inspection or supervision was started in the period.")
    return _("Party committees and organisations in the %(party)s inspected %(orgs)s party organisations "
             "and %(members)s party members, and supervised %(sorgs)s party organisations and %(smembers)s "
             "party members.") % {
        "party": party, "orgs": count(o["inspected_organizations"]),
        "members": count(o["inspected_members"]), "sorgs": count(o["supervised_organizations"]),
        "smembers": count(o["supervised_members"]),
    }


def discipline(o: dict) -> list[str]:
    out = []
    if o["disciplined_members"]:
        out.append(_("%(n)s party members were disciplined, with the forms %(forms)s.") % {
            "n": count(o["disciplined_members"]),
            "forms": forms_text(o["discipline_by_form"], MEMBER_FORMS)})
    else:
        out.append(_("No party member was disciplined in the period."))
    if o["disciplined_organizations"]:
        out.append(_("%(n)s party organisations were disciplined, with the forms %(forms)s.") % {
            "n": count(o["disciplined_organizations"]),
            "forms": forms_text(o["organization_discipline_by_form"], ORGANIZATION_FORMS)})
    return out


def oversight_compared(year: int, now: dict, before: dict | None) -> str:
    if not before or not any(before[k] for k in OVERSIGHT_KEYS):
        # Nothing recorded for that year is missing data (the register began later), not a year of none.
        return no_previous_data(year)
    return _("In the same period of %(year)s: %(orgs)s party organisations and %(members)s party members "
             "inspected, %(sorgs)s party organisations and %(smembers)s party members supervised, "
             "%(disciplined)s party members disciplined (%(change)s this year).") % {
        "year": year, "orgs": count(before["inspected_organizations"]),
        "members": count(before["inspected_members"]),
        "sorgs": count(before["supervised_organizations"]),
        "smembers": count(before["supervised_members"]),
        "disciplined": count(before["disciplined_members"]),
        "change": change_text(now["disciplined_members"], before["disciplined_members"]),
    }


def number(value) -> str:
    """A measured or reported value: whole numbers grouped, decimals with the active separator."""
    if value is None:
        return ""
    if value == int(value):
        return vn_number(int(value))
    return vn_number(value)


def target(row: dict) -> str:
    t = row["target"]
    values = {"title": t.title, "goal": number(t.goal), "unit": t.unit_label, "value": number(row["value"]),
              "share": row["share"]}
    if row["value"] is None:
        return _("%(title)s: goal %(goal)s %(unit)s, no result reported yet.") % values
    if row["reached"]:
        return _("%(title)s: %(value)s against a goal of %(goal)s %(unit)s (%(share)s%%), reached.") % values
    return _("%(title)s: %(value)s against a goal of %(goal)s %(unit)s (%(share)s%%), not reached.") % values


def plan_summary(plan, reached: int, total: int) -> str:
    return _("%(title)s: %(reached)s of %(count)s targets reached.") % {
        "title": plan.title, "reached": count(reached), "count": count(total)}


def directive_summary(directive, counts: dict, day) -> str:
    return _("Carrying out %(title)s (%(number)s of %(issued)s): %(items)s items, %(tasks)s tasks; "
             "%(done)s done, %(open)s in progress, %(overdue)s overdue as of %(day)s.") % {
        "title": directive.title, "number": directive.number, "issued": short_date(directive.issued_on),
        "items": count(counts["items"]), "tasks": count(counts["tasks"]),
        "done": count(counts["done"]), "open": count(counts["open"]),
        "overdue": count(counts["overdue"]), "day": short_date(day)}
