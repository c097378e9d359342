"""The working-day calendar: Tết and the make-up Saturdays come from `holidays`, never from weekdays alone."""

import datetime as dt

from dangvu.core.workdays import (
    add_months,
    add_working_days,
    age_on,
    is_working_day,
    working_days_between,
)


def test_tet_2017_days_are_not_working_days():
    assert is_working_day(dt.date(2017, 1, 25))
    # 26 Jan–1 Feb
    assert not any(is_working_day(dt.date(2017, 1, 26) + dt.timedelta(days=i)) for i in range(7))
    assert add_working_days(dt.date(2017, 1, 25), 1) == dt.date(2017, 2, 2)


def test_thirty_working_days_across_tet_2017():
    # 11–25 Jan: 11 working days; 2–28 Feb: 19 more. Counting weekdays only would give 21 February.
    assert add_working_days(dt.date(2017, 1, 10), 30) == dt.date(2017, 2, 28)
    assert working_days_between(dt.date(2017, 1, 10), dt.date(2017, 2, 28)) == 30
    assert working_days_between(dt.date(2017, 1, 10), dt.date(2017, 2, 27)) == 29


def test_tet_2025_and_the_make_up_saturday():
    # 27 Jan–1 Feb 2025, then a Sunday
    assert add_working_days(dt.date(2025, 1, 24), 1) == dt.date(2025, 2, 3)
    assert is_working_day(dt.date(2025, 4, 26))  # a Saturday worked in exchange for Friday 2 May
    assert not is_working_day(dt.date(2025, 5, 2))
    assert add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)


def test_backwards_and_round_trip():
    assert add_working_days(dt.date(2017, 2, 2), -1) == dt.date(2017, 1, 25)
    assert add_working_days(dt.date(2017, 2, 2), 0) == dt.date(2017, 2, 2)
    start = dt.date(2024, 12, 20)
    for n in (1, 5, 30, 60):
        assert working_days_between(start, add_working_days(start, n)) == n


def test_month_arithmetic_and_age():
    assert add_months(dt.date(2017, 3, 15), 12) == dt.date(2018, 3, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2017, 5, 31), 1) == dt.date(2017, 6, 30)
    assert age_on(dt.date(1999, 3, 10), dt.date(2017, 3, 9)) == 17
    assert age_on(dt.date(1999, 3, 10), dt.date(2017, 3, 10)) == 18
