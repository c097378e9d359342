"""A merge hands the closed unit's open matters (tasks, discipline cases, recommendations) to its
successor, each move in the audit log; what is already closed stays where it happened."""

import datetime as dt

from dangvu.audit.models import AuditEntry
from dangvu.organizations import services
from dangvu.oversight.models import DisciplineCase, Recommendation, Review
from dangvu.workplans.models import Task

ON = dt.date(2025, 7, 1)


def _task(tree, people, title, status):
    return Task.objects.create(organization=tree["C1"], title=title, product="Báo cáo", owner=people["an"],
                               lead_unit=tree["C1"], created_on=dt.date(2025, 3, 1),
                               deadline=dt.date(2025, 9, 30),
                               status=status)


def test_merge_moves_open_matters_to_the_successor(tree, people):
    open_task = _task(tree, people, "Rà soát đảng viên", "in_progress")
    done_task = _task(tree, people, "Tổng kết", "done")
    case = DisciplineCase.objects.create(
        code="KL-1", subject_type="member", subject_member=people["an"], organization=tree["C1"],
        handled_by=tree["C1"], opened_on=dt.date(2025, 5, 2), violation_on=dt.date(2025, 4, 1))
    review = Review.objects.create(code="KT-1", activity="inspection", kind="task_performance",
                                   conducted_by=tree["W1"], subject_type="organization",
                                   subject_organization=tree["C1"], started_on=dt.date(2025, 2, 1))
    recommendation = Recommendation.objects.create(review=review, text="Khắc phục",
                                                   owner_organization=tree["C1"],
                                                   deadline=dt.date(2025, 8, 1))

    services.restructure(actor=None, on=ON, operation="merge", organization=tree["C1"], target=tree["C2"])

    for obj in (open_task, done_task, case, recommendation):
        obj.refresh_from_db()
    assert open_task.organization == open_task.lead_unit == tree["C2"]
    assert done_task.organization == tree["C1"]  # closed matters keep their history
    assert case.organization == case.handled_by == tree["C2"]
    assert recommendation.owner_organization == tree["C2"]
    moves = AuditEntry.objects.filter(action__endswith=".move")
    assert {(e.object_type, e.object_id) for e in moves} == {
        ("workplans.task", str(open_task.pk)), ("oversight.disciplinecase", str(case.pk)),
        ("oversight.recommendation", str(recommendation.pk))}
