"""The one rule mechanism (core.rules) and the two commands of CONTRACT.md that publish it: `dangvu rules
--on DATE --json` (every listed key, the row shape, exit 2 before every rule set) and `dangvu calendar
--year YYYY --json`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from dangvu.core.errors import InvalidInput
from dangvu.core.rules import Rule, RuleBook, RulesNotKnown
from dangvu.core.workdays import is_working_day, year_calendar
from dangvu.members import rules as charter
from dangvu.oversight import rules as discipline
from dangvu.reports.rules import in_force

REQUIRED = {
    "probation.months", "admission.ceremony_working_days", "official.cell_review_working_days",
    "official.committee_decision_working_days", "transfer.start_working_days",
    "transfer.present_working_days", "removal.inactive_months", "discipline.appeal_period",
    "discipline.limitation_years.reprimand", "discipline.limitation_years.warning",
    "discipline.limitation_years.removal_from_post", "charter.implementing_regulation",
}
ROW_KEYS = {"key", "value", "unit", "regulation", "article", "effective_from", "source"}


def test_book_lookup_day_before_on_and_after_a_change():
    first, second = charter.RULE_SETS
    change = second.effective_from
    assert charter.BOOK.on(change - dt.timedelta(days=1)) is first
    assert charter.BOOK.on(change) is second
    assert charter.BOOK.on(change + dt.timedelta(days=1)) is second
    assert charter.BOOK.on(first.effective_from - dt.timedelta(days=1)) is None
    with pytest.raises(RulesNotKnown, match="2016-07-25"):
        charter.BOOK.require(dt.date(2016, 7, 24))


def test_rule_rows_are_checked_and_dated_by_their_set():
    with pytest.raises(ValueError):
        Rule("x", 1, "fortnights", "30-QĐ/TW", None, dt.date(2016, 7, 26), "here")
    rs = discipline.BOOK.require(dt.date(2022, 8, 1))
    row = discipline.BOOK.rule("discipline.limitation_years.warning", dt.date(2022, 8, 1))
    assert (row.value, row.unit, row.effective_from) == (10, "years", rs.effective_from)
    assert row.regulation == "69-QĐ/TW"
    assert RuleBook("empty-first", [rs]).on(dt.date(2016, 1, 1)) is None


@pytest.mark.parametrize("day", [dt.date(2017, 3, 1), dt.date(2022, 3, 1), dt.date(2025, 6, 30),
                                 dt.date(2025, 7, 1), dt.date(2026, 12, 1)])
def test_rules_in_force_has_every_contract_key(day):
    keys = {row.key for row in in_force(day)}
    assert keys >= REQUIRED
    evaluated = day >= dt.date(2025, 1, 1)
    assert ("evaluation.excellent_min_points" in keys) == evaluated


@pytest.mark.django_db
def test_rules_command_json_shape():
    out = StringIO()
    call_command("rules", "--on", "2022-03-01", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["key"] for r in rows} >= REQUIRED
    assert all(set(r) == ROW_KEYS for r in rows)
    by_key = {r["key"]: r for r in rows}
    assert by_key["probation.months"]["value"] == 12 and by_key["probation.months"]["unit"] == "months"
    assert isinstance(by_key["charter.implementing_regulation"]["value"], list)
    assert by_key["discipline.appeal_period"]["unit"] in {"months", "working_days"}


@pytest.mark.django_db
def test_rules_command_before_every_rule_set_is_bad_input():
    with pytest.raises(InvalidInput) as caught:
        call_command("rules", "--on", "2010-01-01", "--json", stdout=StringIO())
    assert caught.value.exit_code == 2 and "2016-07-25" in str(caught.value)


def test_calendar_2025_swaps_and_holidays():
    cal = year_calendar(2025)
    off = {d["date"]: d["reason"] for d in cal["non_working_days"]}
    worked = {d["date"] for d in cal["working_weekend_days"]}
    assert set(cal) == {"year", "non_working_days", "working_weekend_days"} and cal["year"] == 2025
    assert "2025-09-02" in off and "2025-05-02" in off  # National Day; the day off swapped for 26 April
    assert "2025-04-26" in worked and not any(dt.date.fromisoformat(d).weekday() >= 5 for d in off)
    assert is_working_day(dt.date(2025, 4, 26)) and not is_working_day(dt.date(2025, 5, 2))


@pytest.mark.django_db
def test_calendar_command_json():
    out = StringIO()
    call_command("calendar", "--year", "2026", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2026
    assert all(set(d) == {"date", "reason"} and d["reason"] for d in data["non_working_days"])
