"""Exports of a filtered member list: XLSX, CSV and the printable A4 list, with declared columns.

An export needs `register.view` on the organisation (observers hold only `figures.view` and get nothing
personal) and is recorded in the audit log as `members.export` with the filter and the count, never the
members themselves."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from dangvu.audit import services as audit
from dangvu.core import tabular
from dangvu.core.errors import NotFound
from dangvu.members import selectors as members_selectors
from dangvu.members.filters import MemberFilter

# Of members_selectors.ListedMember: a list as of a past day gives the unit of that day, and only the
# birth year of a person now outside the reader's scope.
COLUMNS = (
    (_("Member code"), lambda m: m.code),
    (_("Full name"), lambda m: m.full_name),
    (_("Date of birth"), lambda m: m.born),
    (_("Sex"), lambda m: m.sex_label),
    (_("Organisation"), lambda m: m.unit_name),
    (_("Status"), lambda m: m.status_label),
    (_("Admitted on"), lambda m: m.admitted_on),
    (_("Official on"), lambda m: m.official_on),
    (_("Political theory level"), lambda m: m.theory_level),
)
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def members_for(user, params: Mapping | MemberFilter) -> tuple[MemberFilter, object]:
    """members.selectors.members_for, kept here for the callers of the exports."""
    return members_selectors.members_for(user, params)


def _record(user, f: MemberFilter, fmt: str, count: int) -> None:
    audit.record(actor=user, action="members.export", object_type="members.member",
                 organization_id=f.organization.id if f.organization else None,
                 after={"format": fmt, "filter": f.for_audit(), "count": count})


def export_file(user, params, fmt: str) -> tuple[bytes, str, str]:
    """(content, filename, content type) of the list as XLSX or CSV."""
    if fmt not in FORMATS:
        raise NotFound(_("Not found."))
    f, queryset = members_for(user, params)
    members = members_selectors.listed_all(queryset)
    header = [str(label) for label, _value in COLUMNS]
    rows = ([value(m) for _label, value in COLUMNS] for m in members)
    if fmt == "xlsx":
        content = tabular.write_xlsx(header, rows, title=str(_("Party members")))
    else:
        content = tabular.write_csv(header, rows)
    _record(user, f, fmt, len(members))
    suffix = f"-{f.organization.code}" if f.organization else ""
    return content, f"dang-vien{suffix}.{fmt}", FORMATS[fmt]


def issuing_body(organization) -> str:
    """The header line of the printed list: the unit's own document header, else its name."""
    if organization is None:
        return ""
    return (organization.issuing_body or organization.name).upper()


def printable(user, params) -> dict:
    """The context of the printable A4 list (numbered 1..n), recorded like a file export."""
    f, queryset = members_for(user, params)
    members = members_selectors.listed_all(queryset)
    _record(user, f, "print", len(members))
    return {"filter": f, "members": members, "issuing_body": issuing_body(f.organization)}
