"""Rule sets are dated and cited: an act is judged by the set in force on its date."""

import datetime as dt

from dangvu.members import rules


def test_the_rule_set_in_force_on_a_date():
    assert rules.rule_set_on(dt.date(2016, 7, 24)) is None  # before any known rule set: not validated
    assert rules.rule_set_on(dt.date(2017, 11, 30)).code == "charter-2016"
    assert rules.rule_set_on(dt.date(2025, 5, 25)).code == "charter-2016"
    assert rules.rule_set_on(dt.date(2025, 7, 1)).code == "charter-2025"
    assert rules.rule_set_code(dt.date(2010, 1, 1)) == ""


def test_values_and_citations():
    old, new = rules.rule_set_on(dt.date(2017, 1, 1)), rules.rule_set_on(dt.date(2026, 1, 1))
    for rs in (old, new):
        v = rs.values
        assert (v.min_admission_age_years, v.probation_months, v.ceremony_working_days) == (18, 12, 30)
        assert (v.transfer_start_working_days, v.transfer_letter_working_days) == (60, 30)
        assert v.absence_months == (3, 12) and v.study_months == (3, 24) and v.removal_inactive_months == 3
    assert "Điều 5" in old.cite(rules.PROBATION) and "29-QĐ/TW" in old.cite(rules.PROBATION)
    assert "294-QĐ/TW" in new.cite(rules.PROBATION)
    assert "06-HD/TW" in new.cite(rules.TEMPORARY) and "Điều" not in new.cite(rules.TEMPORARY)
