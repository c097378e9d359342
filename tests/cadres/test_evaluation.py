"""Recording evaluations: the 2025 scale, the conditions of "excellent", the cap, dates before any rule
set, and scope."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.cadres import rules, services
from dangvu.cadres.models import Evaluation
from dangvu.core.errors import InvalidInput, NotFound

ON = dt.date(2025, 12, 15)


def _evaluate(actor, member, score, rating=None, *, kind="member", post=None, conditions_met=False,
              body=None, on=ON, year=None):
    return services.evaluate(actor=actor, member=member, year=year or on.year, kind=kind, post=post,
                             score=score, rating=rating, evaluated_on=on, body=body or member.organization,
                             conditions_met=conditions_met)


@pytest.mark.parametrize(("score", "rating"), [
    (49, "not_complete"), (50, "complete"), (69, "complete"), (70, "good"), (89, "good"),
])
def test_the_rating_follows_the_score(cast, people, score, rating):
    evaluation = _evaluate(cast.secretary, people.binh, score)
    assert (evaluation.rating, evaluation.rule_set) == (rating, "evaluation-2025")
    assert evaluation.organization == cast.C1


def test_ninety_is_excellent_on_the_2025_scale():
    scale = rules.rule_set_on(ON)
    assert [scale.rating_for(s) for s in (89, 90, 100)] == ["good", "excellent", "excellent"]


def test_a_given_rating_must_fit_the_score(cast, people):
    with pytest.raises(InvalidInput) as exc:
        _evaluate(cast.secretary, people.binh, 69, "good")
    assert exc.value.problems[0].field == "rating"
    assert "366-QĐ/TW" in exc.value.problems[0].rule
    assert _evaluate(cast.secretary, people.binh, 70, "good").rating == "good"


def test_excellent_needs_the_conditions(cast, people):
    for name in ("cuong", "giang", "hai", "khoa", "lan"):
        _evaluate(cast.secretary, getattr(people, name), 80)
    with pytest.raises(InvalidInput) as exc:
        _evaluate(cast.secretary, people.binh, 95, "excellent")
    assert exc.value.problems[0].field == "rating"
    assert not Evaluation.objects.filter(member=people.binh).exists()
    assert _evaluate(cast.secretary, people.binh, 95).rating == "good"  # 95 without the conditions
    assert _evaluate(cast.secretary, people.binh, 95, "excellent", conditions_met=True).rating == "excellent"


def test_the_cap_on_excellent_per_body_and_year(cast, people):
    for name in ("cuong", "giang", "hai", "khoa", "lan"):
        _evaluate(cast.secretary, getattr(people, name), 80, body=cast.C1)
    # 1 excellent for 5 good: 20%, accepted.
    _evaluate(cast.secretary, people.binh, 92, conditions_met=True, body=cast.C1)
    with pytest.raises(InvalidInput) as exc:  # 2 for 5: over the cap
        _evaluate(cast.secretary, people.minh, 91, "excellent", conditions_met=True, body=cast.C1)
    assert (exc.value.problems[0].field, exc.value.problems[0].rule) == ("rating", rules.CAP_RULE)
    assert not Evaluation.objects.filter(member=people.minh).exists()
    # Another evaluating body counts on its own.
    for name in ("cuong", "giang", "hai", "khoa", "lan"):
        _evaluate(cast.secretary, getattr(people, name), 75, kind="cadre", post="committee_member",
                  body=cast.W1)
    assert _evaluate(cast.secretary, people.minh, 91, "excellent", kind="cadre", post="committee_member",
                     conditions_met=True, body=cast.W1).rating == "excellent"


def test_before_the_rule_set_accepted_and_not_validated(cast, people):
    early = dt.date(2024, 12, 20)
    evaluation = _evaluate(cast.secretary, people.binh, 40, "excellent", on=early)
    assert (evaluation.rating, evaluation.rule_set) == ("excellent", "")
    with pytest.raises(InvalidInput) as exc:  # no scale to derive a rating from
        _evaluate(cast.secretary, people.cuong, 40, on=early)
    assert exc.value.problems[0].field == "rating"


def test_a_cadre_evaluation_names_its_post(cast, people):
    with pytest.raises(InvalidInput) as exc:
        _evaluate(cast.secretary, people.dung, 80, kind="cadre")
    assert exc.value.problems[0].field == "post"


def test_out_of_scope_writes_nothing(cast, people):
    entries = AuditEntry.objects.count()
    with pytest.raises(NotFound):
        _evaluate(cast.outsider, people.binh, 80)
    assert not Evaluation.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_an_evaluation_is_audited_and_replaced(cast, people):
    first = _evaluate(cast.secretary, people.binh, 60)
    second = _evaluate(cast.secretary, people.binh, 75)
    assert first.pk == second.pk and second.rating == "good"
    entries = AuditEntry.objects.filter(action="cadres.evaluation.record").order_by("id")
    assert entries.count() == 2
    assert '"rating":"complete"' in entries.last().before and '"rating":"good"' in entries.last().after
