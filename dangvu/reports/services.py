"""Issuing a report: the next number of the committee's register for the document type and term, the
document rendered with that number, its bytes kept unchanged and their SHA-256 written to the audit log,
all in one transaction. A render that fails rolls the number back with everything else: a preview or a
failed render never consumes a number. Two issues at once are serialised on the counter row (SELECT …
FOR UPDATE on PostgreSQL; SQLite's write transactions begin IMMEDIATE), so each gets its own number."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.organizations.models import Organization, Term
from dangvu.organizations.selectors import term_on
from dangvu.reports import annual, renderers
from dangvu.reports.lazytext import lazy_format
from dangvu.reports.models import DocumentCounter, DraftState, IssuedDocument, ReportDraft


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


def may_issue(actor, organization: Organization) -> bool:
    """Whether `actor` may issue documents of `organization` (the rule of `_check_scope`), for pages."""
    try:
        _check_scope(actor, organization)
    except (NotFound, Forbidden):
        return False
    return True


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


# The moves of a draft (DraftState), one function each; any other move is refused naming the rule.
RULE = _("the office prepares, the secretary (or the deputy secretary signing for the standing committee) "
         "approves, then the number is taken on issue")
SIGNATORIES = ("secretary", "deputy_secretary")


def _locked(draft: ReportDraft) -> ReportDraft:
    return ReportDraft.objects.select_for_update().select_related("organization").get(pk=draft.pk)


def _refuse(state: str, message) -> None:
    raise InvalidInput.one("state", lazy_format(_("%(refusal)s (rule: %(rule)s; the draft is %(state)s)."),
                                                refusal=message, rule=RULE, state=state))


def _snapshot(draft: ReportDraft) -> dict:
    return audit.snapshot(draft, ["organization", "doc_type", "year", "period_to", "state", "prepared_by",
                                  "approved_by", "issued"])


def prepare_report(*, actor, organization: Organization | str, year: int,
                   to: dt.date | None = None) -> ReportDraft:
    """The office prepares the committee's annual report: a draft, without a number."""
    period = annual.resolve(organization, year, to)
    org = period.organization
    _check_scope(actor, org)
    with audit.atomic():
        draft = ReportDraft.objects.create(
            organization=org, doc_type=annual.DOC_TYPE, year=period.year, period_to=period.date_to,
            prepared_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action="reports.draft.prepare", obj=draft, organization_id=org.id,
                     label=f"{annual.DOC_TYPE} {period.year} ({org.code})", after=_snapshot(draft))
    return draft


def approve_report(*, actor, draft: ReportDraft) -> ReportDraft:
    """The secretary, or the deputy secretary, of the committee itself approves a prepared draft."""
    with audit.atomic():
        draft = _locked(draft)
        if actor is not None:
            if not access.can(actor, Action.VIEW_FIGURES, draft.organization_id):
                raise NotFound(_("Not found."))
            held = access.roles_held(actor).filter(organization_id=draft.organization_id,
                                                   role__in=SIGNATORIES)
            if not held.exists():
                raise Forbidden(lazy_format(
                    _("Only the secretary or a deputy secretary of %(org)s approves its reports "
                      "(rule: %(rule)s)."), org=draft.organization.code, rule=RULE))
        if draft.state != DraftState.PREPARED:
            _refuse(draft.state, _("Only a prepared report can be approved"))
        before = _snapshot(draft)
        draft.state = DraftState.APPROVED
        draft.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        draft.approved_at = timezone.now()
        draft.save(update_fields=["state", "approved_by", "approved_at"])
        audit.record(actor=actor, action="reports.draft.approve", obj=draft,
                     organization_id=draft.organization_id, before=before, after=_snapshot(draft))
    return draft


def issue_report(*, actor, draft: ReportDraft, fmt: str = "docx", language: str = "vi") -> IssuedDocument:
    """An approved draft takes its number and is issued (issue_annual_report), in one transaction."""
    with audit.atomic():
        draft = _locked(draft)
        if draft.state != DraftState.APPROVED:
            _refuse(draft.state, _("Only an approved report can be issued"))
        doc = issue_annual_report(actor=actor, organization=draft.organization, year=draft.year,
                                  to=draft.period_to, fmt=fmt, language=language)
        before = _snapshot(draft)
        draft.state, draft.issued = DraftState.ISSUED, doc
        draft.save(update_fields=["state", "issued"])
        audit.record(actor=actor, action="reports.draft.issue", obj=draft, label=doc.code,
                     organization_id=draft.organization_id, before=before, after=_snapshot(draft))
    return doc
