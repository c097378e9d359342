"""The document register and the report pages with the small cast of tests/conftest.py: numbers given
only on issue, one each to two issues at once, none consumed by a failed render or a missing library,
scope on the pages, and a quiet year that is a valid report."""

import builtins
import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import Forbidden, NotFound
from dangvu.reports import annual, renderers, services
from dangvu.reports.models import DocumentCounter, IssuedDocument
from tests.reports.readback import docx_text

YEAR = 2020


def test_a_quiet_year_is_a_valid_report_that_says_so(orgs):
    document = annual.build(annual.resolve("W1", YEAR))
    text = " ".join(document.text_lines())
    assert "chưa kết nạp đảng viên mới" in text and "có 0 đảng viên" in text
    assert "chưa tiến hành cuộc kiểm tra, giám sát nào" in text
    assert "không có đảng viên bị xử lý kỷ luật" in text
    assert document.number == "Số      -BC/W1"  # no abbreviation recorded: the code stands in
    assert "T/M ĐẢNG ỦY" in text


def test_preview_takes_no_number_and_issue_takes_the_next(orgs):
    annual.build(annual.resolve("W1", YEAR))
    renderers.render(annual.build(annual.resolve("W1", YEAR)), "docx")
    assert not DocumentCounter.objects.exists()
    first = services.issue_annual_report(actor=None, organization="W1", year=YEAR, fmt="docx")
    second = services.issue_annual_report(actor=None, organization="W1", year=YEAR, fmt="docx")
    assert [first.number, second.number] == [1, 2]
    assert "Số 02-BC/W1" in docx_text(bytes(second.content))
    assert services.issue_annual_report(actor=None, organization="W2", year=YEAR, fmt="json").number == 1


def test_a_failed_render_consumes_no_number(orgs, monkeypatch):
    def broken(document, fmt):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(renderers, "render", broken)
    with pytest.raises(RuntimeError):
        services.issue_annual_report(actor=None, organization="W1", year=YEAR, fmt="docx")
    monkeypatch.undo()
    assert not IssuedDocument.objects.exists()
    assert services.issue_annual_report(actor=None, organization="W1", year=YEAR, fmt="docx").number == 1


def test_a_missing_system_library_is_a_clear_error(orgs, monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(renderers.RendererUnavailable) as caught:
        services.issue_annual_report(actor=None, organization="W1", year=YEAR, fmt="pdf")
    message = str(caught.value)
    assert caught.value.exit_code == 1
    assert "Pango" in message and "libpango-1.0-0" in message and "Thiếu" in message and "Missing" in message
    monkeypatch.undo()
    assert not IssuedDocument.objects.exists() and not DocumentCounter.objects.filter(last__gt=0).exists()


def test_who_may_issue(cast):
    with pytest.raises(NotFound):  # outside the scope: as if it did not exist
        services.issue_annual_report(actor=cast.outsider, organization="W1", year=YEAR)
    with pytest.raises(Forbidden):  # sees the figures, may not issue
        services.issue_annual_report(actor=cast.observer, organization="W1", year=YEAR)
    doc = services.issue_annual_report(actor=cast.secretary, organization="W1", year=YEAR)
    assert doc.issued_by == cast.secretary


def test_a_committee_issues_only_its_own_documents(cast):
    """The superior committee's secretary sees W1 and may issue T's documents, not W1's; nobody may
    issue for a committee through a role that has ended."""
    from dangvu.accounts.models import RoleAssignment
    from dangvu.accounts.roles import Role

    RoleAssignment.objects.create(user=cast.outsider, organization=cast.T, role=Role.SECRETARY,
                                  valid_from=dt.date(2020, 10, 1))
    with pytest.raises(Forbidden) as refused:
        services.issue_annual_report(actor=cast.outsider, organization="W1", year=YEAR)
    assert "W1" in str(refused.value) and "W1" in str(refused.value.message)
    own = services.issue_annual_report(actor=cast.outsider, organization="T", year=YEAR)
    assert own.organization == cast.T
    with pytest.raises(NotFound):  # T's secretary until 2020: no role today
        services.issue_annual_report(actor=cast.former_secretary, organization="T", year=2017)
    assert IssuedDocument.objects.filter(organization=cast.W1).count() == 0


def test_pages_preview_issue_and_register(client, cast):
    client.force_login(cast.secretary)
    page = client.get(reverse("reports:annual", args=["W1"]), {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Số      -BC/W1" in html
    assert 'name="year" value="2020"' in html  # not localised as "2.020"
    draft = client.get(reverse("reports:annual_file", args=["W1", "docx"]), {"year": YEAR})
    assert draft.status_code == 200 and draft["Content-Type"].startswith("application/vnd.openxml")
    assert not IssuedDocument.objects.exists()
    issued = client.post(reverse("reports:issue", args=["W1"]), {"year": YEAR, "format": "docx"})
    assert issued.status_code == 302
    doc = IssuedDocument.objects.get()
    register = client.get(reverse("reports:register", args=["W1"])).content.decode()
    assert "01-BC/W1" in register and doc.sha256[:12] in register
    # The issuing body, the term by its years, the size in kB.
    assert "Cơ quan ban hành" in register and "Người ban hành" in register and " B)" not in register
    assert f"({max(1, round(doc.size / 1024))} kB)" in register
    if doc.term:
        assert f"Nhiệm kỳ {doc.term.start_on.year}–" in register
    download = client.get(reverse("reports:issued_file", args=[doc.pk]))
    assert download.content == bytes(doc.content)
    dashboard = client.get(reverse("reports:dashboard", args=["W1"]), {"year": YEAR})
    html = dashboard.content.decode()
    assert dashboard.status_code == 200 and html.count('<svg class="chart"') == 8
    # Each bar and figure links to the list behind it.
    assert f'href="{reverse("members:list")}?org=W1&amp;on={YEAR}-12-31&amp;sex=female"' in html
    assert f'href="{reverse("oversight:reviews", args=["inspection"])}?year={YEAR}"' in html
    index = client.get(reverse("reports:index")).content.decode()
    assert 'value="W1"' in index and 'value="W2"' not in index
    chosen = client.get(reverse("reports:index"), {"org": "W1", "year": YEAR, "view": "report"})
    assert chosen["Location"] == f"{reverse('reports:annual', args=['W1'])}?year={YEAR}"
    bad = client.get(reverse("reports:annual", args=["W1"]), {"year": YEAR, "to": "2099-01-01"})
    assert bad.status_code == 400


def test_pages_out_of_scope_are_404(client, cast):
    client.force_login(cast.outsider)
    for name in ("dashboard", "annual", "register"):
        assert client.get(reverse(f"reports:{name}", args=["W1"])).status_code == 404
    assert client.post(reverse("reports:issue", args=["W1"]), {"year": YEAR}).status_code == 404
    client.force_login(cast.secretary)
    doc = services.issue_annual_report(actor=None, organization="W2", year=YEAR, fmt="json")
    assert client.get(reverse("reports:issued_file", args=[doc.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_documents_issued_at_once_get_two_numbers(orgs):
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def issue():
        try:
            barrier.wait(timeout=10)
            numbers.append(services.issue_annual_report(actor=None, organization="W1", year=YEAR,
                                                        fmt="json").number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert DocumentCounter.objects.get().last == 2


def test_period_checks(orgs):
    closed = orgs.C2
    closed.closed_on = dt.date(2020, 7, 1)
    closed.save()
    assert annual.resolve("C2", 2020).date_to == dt.date(2020, 6, 30)
    from dangvu.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        annual.resolve("C2", 2020, dt.date(2020, 8, 1))
    with pytest.raises(InvalidInput):
        annual.resolve("C2", 2021)
    with pytest.raises(NotFound):
        annual.resolve("NOPE", 2020)


def test_a_report_is_prepared_approved_then_issued(cast):
    """The office prepares, the secretary approves, then the number is taken; every other move is
    refused naming the rule, and each move is audited."""
    from dangvu.core.errors import InvalidInput
    from dangvu.reports.models import DraftState

    draft = services.prepare_report(actor=cast.office, organization="W1", year=YEAR)
    assert draft.state == DraftState.PREPARED and DocumentCounter.objects.count() == 0
    with pytest.raises(InvalidInput) as early:
        services.issue_report(actor=cast.office, draft=draft)
    assert "Văn phòng chuẩn bị" in str(early.value)  # the rule is named
    with pytest.raises(Forbidden):  # the office does not approve
        services.approve_report(actor=cast.office, draft=draft)
    approved = services.approve_report(actor=cast.secretary, draft=draft)
    assert approved.state == DraftState.APPROVED and approved.approved_by == cast.secretary
    with pytest.raises(InvalidInput):  # approved once only
        services.approve_report(actor=cast.secretary, draft=draft)
    doc = services.issue_report(actor=cast.office, draft=draft)
    draft.refresh_from_db()
    assert draft.state == DraftState.ISSUED and draft.issued == doc and doc.number == 1
    with pytest.raises(InvalidInput):  # issued once only: no second number
        services.issue_report(actor=cast.office, draft=draft)
    assert IssuedDocument.objects.count() == 1
    actions = list(AuditEntry.objects.filter(action__startswith="reports.draft.")
                   .values_list("action", flat=True))
    assert sorted(actions) == ["reports.draft.approve", "reports.draft.issue", "reports.draft.prepare"]
