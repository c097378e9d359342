"""The dated discipline rule sets: which one applies, and the limits counted the day before, on and after
(Bộ luật Dân sự 2015, Điều 147–148: a period in years or months ends on the corresponding day)."""

import datetime as dt

import pytest

from dangvu.oversight import rules


@pytest.mark.parametrize(
    ("day", "code", "discipline"),
    [
        (dt.date(2016, 7, 25), None, None),
        (dt.date(2017, 6, 1), "discipline-2016", rules.QD181),
        (dt.date(2017, 11, 14), "discipline-2016", rules.QD181),
        (dt.date(2017, 11, 15), "discipline-2017", rules.QD102),
        (dt.date(2022, 7, 6), "discipline-2022", rules.QD69),
        (dt.date(2026, 1, 1), "discipline-2025", rules.QD69),
    ],
)
def test_rule_set_in_force(day, code, discipline):
    rs = rules.rule_set_on(day)
    assert (rs.code if rs else None) == code
    if rs:
        assert rs.discipline == discipline
        assert "Điều 35" in rs.cite(rules.FORMS) and "Điều 36" in rs.cite(rules.AUTHORITY)


@pytest.mark.parametrize("day", [dt.date(2017, 6, 1), dt.date(2026, 1, 1)])
def test_forms_by_standing(day):
    rs = rules.rule_set_on(day)
    assert rs.allowed_forms(rules.PROBATIONARY) == ("reprimand", "warning")
    assert "expulsion" in rs.allowed_forms(rules.OFFICIAL)
    assert "dissolution" in rs.allowed_forms(rules.ORGANIZATION)
    assert "expulsion" not in rs.allowed_forms(rules.ORGANIZATION)


def test_limitation_periods():
    rs = rules.rule_set_on(dt.date(2026, 1, 1))
    assert rs.limitation_ends("reprimand", dt.date(2020, 3, 10)) == dt.date(2025, 3, 10)
    assert rs.limitation_ends("warning", dt.date(2016, 3, 10)) == dt.date(2026, 3, 10)
    assert rs.limitation_ends("removal_from_post", dt.date(2016, 3, 10)) == dt.date(2026, 3, 10)
    assert rs.limitation_ends("expulsion", dt.date(1990, 1, 1)) is None
    assert rs.limitation_ends("dissolution", dt.date(1990, 1, 1)) is None
    # 29 February: the period ends on the last day of February.
    assert rs.limitation_ends("reprimand", dt.date(2020, 2, 29)) == dt.date(2025, 2, 28)
    assert rs.limitation_ends("warning", dt.date(2016, 2, 29)) == dt.date(2026, 2, 28)
    # A new violation within the period restarts it; one after it had run out does not.
    assert rs.limitation_ends("reprimand", dt.date(2015, 1, 1), dt.date(2019, 6, 1)) == dt.date(2024, 6, 1)
    assert rs.limitation_ends("reprimand", dt.date(2015, 1, 1), dt.date(2020, 6, 1)) == dt.date(2020, 1, 1)


def test_appeal_month():
    rs = rules.rule_set_on(dt.date(2024, 1, 31))
    assert rs.appeal_ends(dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)
    assert rs.appeal_ends(dt.date(2023, 1, 31)) == dt.date(2023, 2, 28)
    assert rs.appeal_ends(dt.date(2024, 2, 29)) == dt.date(2024, 3, 29)


def test_recommendation_overdue_the_day_after_its_deadline():
    from dangvu.oversight.models import Recommendation, RecommendationStatus

    item = Recommendation(deadline=dt.date(2025, 7, 1), status=RecommendationStatus.OPEN)
    assert not item.is_overdue(dt.date(2025, 6, 30)) and not item.is_overdue(dt.date(2025, 7, 1))
    assert item.is_overdue(dt.date(2025, 7, 2))
    item.status = RecommendationStatus.DONE
    assert not item.is_overdue(dt.date(2025, 7, 2))
