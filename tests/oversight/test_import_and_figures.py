"""KINDs `inspections`, `supervisions`, `disciplines` (CONTRACT.md "Import"), the `oversight` block of
figures, and who may read a case (every read audited)."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.members.importers import run
from dangvu.oversight import discipline, selectors
from dangvu.oversight.figures import oversight_figures
from dangvu.oversight.models import DisciplineDecision, Review


def csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_inspections_and_supervisions(people, tmp_path):
    path = csv(
        tmp_path,
        "i.csv",
        "code,subject_type,subject_code,conducted_by,kind,started_on,concluded_on,"
        "violation_found\nKT-1,organization,C1,W1,party_fee,2017-03-01,15/04/2017,no\n"
        "KT-2,member,M-AN,W1,violation_signs,2017-05-01,,yes\nKT-3,organization,C1,W1,finance,2017-06-01,,\n",
    )
    assert run("inspections", path).count == 3
    path = csv(
        tmp_path,
        "s.csv",
        "code,subject_type,subject_code,conducted_by,kind,started_on\n"
        "GS-1,organization,C2,W2,thematic,2017-03-01\nGS-2,member,M-DUNG,T,regular,2017-12-01\n",
    )
    assert run("supervisions", path).count == 2
    figures = oversight_figures(people.T.id, dt.date(2017, 1, 1), dt.date(2017, 11, 30))
    assert (figures["inspected_organizations"], figures["inspected_members"]) == (1, 1)
    assert (figures["supervised_organizations"], figures["supervised_members"]) == (1, 0)
    w1 = oversight_figures(people.W1.id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert (w1["inspected_organizations"], w1["supervised_organizations"]) == (1, 0)


def test_import_refuses_every_bad_row_and_writes_nothing(people, tmp_path):
    path = csv(
        tmp_path,
        "d.csv",
        "code,subject_type,subject_code,form,decided_by,decided_on,announced_on,"
        "violation_on\nKL-1,member,M-AN,reprimand,C1,2017-03-01,2017-03-02,2017-01-01\n"
        "KL-2,member,M-BINH,expulsion,W1,2017-03-01,2017-03-02,2017-01-01\n"
        "KL-3,member,M-AN,expulsion,C1,2017-03-01,2017-03-02,2017-01-01\n"
        "KL-4,member,M-AN,reprimand,W1,2017-03-01,2017-03-02,2011-01-01\n"
        "KL-5,member,M-BINH,reprimand,W1,2016-08-01,2016-08-02,2016-07-01\n",
    )
    with pytest.raises(InvalidInput) as exc:
        run("disciplines", path)
    by_row = {p.row: p for p in exc.value.problems}
    assert set(by_row) == {3, 4, 5, 6}
    assert by_row[3].field == "form" and "Điều 35" in by_row[3].rule
    assert by_row[4].field == "decided_by" and "Điều 36" in by_row[4].rule
    assert by_row[5].field == "violation_on" and "thời hiệu" in by_row[5].rule
    assert by_row[6].field == "decided_on"
    assert "row 3, form" in by_row[3].render()
    assert not DisciplineDecision.objects.exists() and not Review.objects.exists()


def test_import_disciplines_and_figures(people, tmp_path):
    path = csv(
        tmp_path,
        "d.csv",
        "code,subject_type,subject_code,form,decided_by,decided_on,announced_on,"
        "violation_on\nKL-1,member,M-AN,reprimand,C1,2017-03-01,2017-03-02,2017-01-01\n"
        "KL-2,member,M-DUNG,expulsion,T,2017-05-01,2017-05-03,2017-01-01\n"
        "KL-3,organization,C2,warning,W2,2017-06-01,2017-06-01,2017-01-01\n",
    )
    assert run("disciplines", path, dry_run=True).count == 3
    assert not DisciplineDecision.objects.exists()
    assert run("disciplines", path).count == 3
    t = oversight_figures(people.T.id, dt.date(2017, 1, 1), dt.date(2017, 11, 30))
    assert t["discipline_by_form"] == {"reprimand": 1, "warning": 0, "removal_from_post": 0, "expulsion": 1}
    assert t["organization_discipline_by_form"] == {"reprimand": 0, "warning": 1, "dissolution": 0}
    assert (t["disciplined_members"], t["disciplined_organizations"]) == (2, 1)
    w1 = oversight_figures(people.W1.id, dt.date(2017, 1, 1), dt.date(2017, 11, 30))
    assert (w1["disciplined_members"], w1["disciplined_organizations"]) == (1, 0)
    # Counted by the subject's place: W2 counts Dung's expulsion although T decided it.
    assert (
        oversight_figures(people.W2.id, dt.date(2017, 5, 1),
                          dt.date(2017, 5, 1))["discipline_by_form"]["expulsion"] == 1
    )


def test_who_reads_a_case(people):
    decision = discipline.record_discipline(
        actor=None,
        code="KL-9",
        subject_type="member",
        subject=people.an,
        form="reprimand",
        decided_by=people.C1,
        decided_on=dt.date(2017, 3, 1),
        announced_on=dt.date(2017, 3, 2),
        violation_on=dt.date(2017, 1, 1),
    )
    case = decision.case
    reads = AuditEntry.objects.filter(action="oversight.disciplinecase.read")
    assert selectors.get_case(people.inspector, case.pk) == case
    assert selectors.get_case(people.standing, case.pk) == case
    assert selectors.get_case(people.cell_secretary, case.pk) == case  # C1 decided it
    assert reads.count() == 3 and all(e.confidential for e in reads)
    for outsider in (people.secretary, people.outsider, people.observer, people.office, people.an_user):
        with pytest.raises(NotFound):
            selectors.get_case(outsider, case.pk)
    assert reads.count() == 3
    # An sees his own decision, not the case file; observers see counts only.
    assert selectors.get_decision(people.an_user, decision.pk) == decision
    with pytest.raises(NotFound):
        selectors.get_decision(people.outsider, decision.pk)
    assert not selectors.cases_for(people.observer).exists()
