"""Pages of reports: choosing a committee, its dashboard, the annual report (preview in the page, files
in every format, the issue button) and the register of issued documents. Figures need `figures.view`,
issuing `documents.issue`; anything out of scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangvu.accounts import selectors as access
from dangvu.core.errors import DangvuError, InvalidInput, NotFound
from dangvu.core.tabular import parse_date
from dangvu.reports import annual, charts, dashboard, renderers, selectors, services


def _org_or_404(user, code: str):
    try:
        return selectors.organization_for(user, code)
    except NotFound:
        raise Http404 from None


def _default_year(org) -> int:
    year = access.today().year
    if org.closed_on and org.closed_on.year <= year:
        year = (org.closed_on - dt.timedelta(days=1)).year
    return year


def _period(request, org):
    """The period asked for in ?year=&to=, or InvalidInput."""
    raw_year = (request.GET.get("year") or request.POST.get("year") or "").strip()
    raw_to = (request.GET.get("to") or request.POST.get("to") or "").strip()
    if raw_year and not raw_year.isdigit():
        raise InvalidInput.one("year", _("The year must be a number, e.g. 2017."))
    year = int(raw_year) if raw_year else _default_year(org)
    to = None
    if raw_to:
        to = parse_date(raw_to)
        if to is None:
            raise InvalidInput.one("to", _("Not a date (YYYY-MM-DD or dd/mm/yyyy)."))
    return annual.resolve(org, year, to)


def _problems(request, exc: DangvuError) -> None:
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            messages.error(request, problem.render(get_language()))
    else:
        messages.error(request, str(exc))


@login_required
def index(request):
    committees = selectors.committees_for(request.user)
    code = request.GET.get("org")
    if code:
        target = "reports:annual" if request.GET.get("view") == "report" else "reports:dashboard"
        query = request.GET.copy()
        for key in ("org", "view"):
            query.pop(key, None)
        return redirect(reverse(target, args=[code]) + (f"?{query.urlencode()}" if query else ""))
    home = access.home_organization(request.user)
    return render(request, "reports/index.html", {
        "committees": committees[:500], "home": home, "year": access.today().year})


@login_required
def dashboard_view(request, code: str):
    org = _org_or_404(request.user, code)
    try:
        period = _period(request, org)
    except InvalidInput as exc:
        _problems(request, exc)
        return render(request, "reports/dashboard.html", {"org": org, "period": None}, status=400)
    data = dashboard.build(period)
    return render(request, "reports/dashboard.html", {
        "org": org, "period": period, "data": data,
        "flow_charts": [(c, charts.columns(c)) for c in data["flows"]],
        "composition_charts": [(c, charts.rows(c)) for c in data["composition"]],
        "oversight_charts": [(c, charts.rows(c)) for c in data["oversight"]],
    })


@login_required
def annual_view(request, code: str):
    org = _org_or_404(request.user, code)
    try:
        period = _period(request, org)
    except InvalidInput as exc:
        _problems(request, exc)
        return render(request, "reports/annual.html", {"org": org, "document": None}, status=400)
    document = annual.build(period)
    query = {"year": period.year, "to": period.date_to.isoformat()}
    return render(request, "reports/annual.html", {
        "org": org, "period": period, "document": document, "css": renderers.document_css(),
        "links": True, "year": period.year, "query": query, "formats": renderers.FORMATS,
        "can_issue": services.may_issue(request.user, org),
    })


@login_required
def annual_file(request, code: str, fmt: str):
    """A preview file: the report without a number; nothing is recorded."""
    if fmt not in renderers.FORMATS:
        raise Http404
    org = _org_or_404(request.user, code)
    try:
        period = _period(request, org)
        content = renderers.render(annual.build(period), fmt)
    except InvalidInput as exc:
        _problems(request, exc)
        return redirect(reverse("reports:annual", args=[org.code]))
    except renderers.RendererUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=renderers.CONTENT_TYPES[fmt])
    name = f"bao-cao-{org.code}-{period.year}-du-thao.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def issue(request, code: str):
    org = _org_or_404(request.user, code)
    fmt = request.POST.get("format", "docx")
    try:
        period = _period(request, org)
        doc = services.issue_annual_report(actor=request.user, organization=org, year=period.year,
                                           to=period.date_to, fmt=fmt)
    except DangvuError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from None
        _problems(request, exc)
        return redirect(reverse("reports:annual", args=[org.code]) + f"?year={request.POST.get('year', '')}")
    messages.success(request, _("Issued as No. %(code)s.") % {"code": doc.code})
    return redirect("reports:register", code=org.code)


@login_required
def register_view(request, code: str):
    org = _org_or_404(request.user, code)
    return render(request, "reports/register.html", {
        "org": org, "documents": selectors.register_of(request.user, org)[:500]})


@login_required
def issued_file(request, pk: int):
    try:
        doc = selectors.issued_document(request.user, pk)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(bytes(doc.content), content_type=renderers.CONTENT_TYPES.get(doc.format))
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return response
