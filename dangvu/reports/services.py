"""Issuing a report: the next number of the committee's register for the document type and term, the
document rendered with that number, its bytes kept unchanged and their SHA-256 written to the audit log,
all in one transaction. A render that fails rolls the number back with everything else: a preview or a
failed render never consumes a number. Two issues at once are serialised on the counter row (SELECT …
FOR UPDATE on PostgreSQL; SQLite's write transactions begin IMMEDIATE), so each gets its own number."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.organizations.models import Organization, Term
from dangvu.organizations.selectors import term_on
from dangvu.reports import annual, renderers
from dangvu.reports.lazytext import lazy_format
from dangvu.reports.models import DocumentCounter, IssuedDocument


def _series(term: Term | None) -> str:
    return f"term-{term.pk}" if term else "-"


def next_number(organization: Organization, doc_type: str, term: Term | None) -> int:
    """Take the next number of the series (inside the caller's transaction; the row stays locked until
    it ends)."""
    series = _series(term)
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(organization=organization, doc_type=doc_type, series=series)], ignore_conflicts=True)
    counter = DocumentCounter.objects.select_for_update().get(
        organization=organization, doc_type=doc_type, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _check_scope(actor, organization: Organization) -> None:
    """A person issues a committee's document only through a role held today at that committee itself:
    a committee issues its own reports, not a superior's or a successor's staff, and a dissolved
    committee (whose roles have ended) issues none. The system actor (CLI, imports) is not a person."""
    if actor is None:
        return
    if not access.can(actor, Action.VIEW_FIGURES, organization.id):
        raise NotFound(_("Not found."))
    if not access.can(actor, Action.ISSUE_DOCUMENTS, organization.id):
        raise Forbidden(_("You may not issue documents of this committee."))
    if organization.id not in access.scope_roots(actor, Action.ISSUE_DOCUMENTS):
        raise Forbidden(lazy_format(
            _("A committee issues only its own documents: issuing for %(org)s needs a role held at "
              "%(org)s itself."), org=organization.code))


def issue_annual_report(*, actor, organization: Organization | str, year: int, to: dt.date | None = None,
                        fmt: str = "docx", language: str = "vi") -> IssuedDocument:
    """Issue the committee's annual report in `fmt`: numbered, rendered, kept and audited."""
    if fmt not in renderers.FORMATS:
        raise InvalidInput.one("format", _("The format must be one of docx, pdf, xlsx, json."))
    period = annual.resolve(organization, year, to)
    org = period.organization
    _check_scope(actor, org)
    with audit.atomic():
        _check_scope(actor, org)  # re-checked inside the transaction (roles may have ended meanwhile)
        term = term_on(org, period.date_to)
        number = next_number(org, annual.DOC_TYPE, term)
        document = annual.build(period, number=number, language=language)
        content = renderers.render(document, fmt)
        code = document.figures["number"]
        doc = IssuedDocument.objects.create(
            organization=org, doc_type=annual.DOC_TYPE, term=term, series=_series(term), number=number,
            code=code, title=f"{document.kind} {document.title} {document.subtitle}".strip()[:500],
            period_from=period.date_from, period_to=period.date_to, document_date=period.date_to,
            format=fmt, filename=f"{code.replace('/', '-')}.{fmt}", content=content, size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(actor=actor, action="reports.issue", obj=doc, label=f"{doc.code} ({org.code})",
                     organization_id=org.id, after=audit.snapshot(doc, [
                         "organization", "doc_type", "term", "series", "number", "code", "period_from",
                         "period_to", "document_date", "format", "filename", "size", "sha256"]))
    return doc
