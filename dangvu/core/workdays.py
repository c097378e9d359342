"""The working-day calendar of Vietnam, for the deadlines the rules set in working days ("30 ngày làm
việc"). The `holidays` package knows the public holidays, Tết included, and the make-up working Saturdays
(e.g. Saturday 2025-04-26, worked in exchange for Friday 2 May), so a working day is whatever its
`is_working_day()` says, never "a weekday that is not a holiday". Each year is read once and kept as a set
of days off, so long loops (an import of 100,000 admissions) stay cheap.

Also the calendar-month arithmetic the rules use (12 months of probation, 18 years of age)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Override:
    """A day the Government's yearly announcement sets differently from the `holidays` package: `working`
    True for a make-up working day, False for a day off; `decision` names the announcement."""

    day: dt.date
    working: bool
    reason: str
    decision: str


# Dated local overrides on top of `holidays` (PRODUCT.md "Working day calendar"). Only announcements whose
# text was read belong here; none has been verified yet (docs/rules.md lists the candidates).
OVERRIDES: tuple[Override, ...] = ()


def _overrides(year: int) -> dict[dt.date, Override]:
    return {o.day: o for o in OVERRIDES if o.day.year == year}


@lru_cache(maxsize=256)
def _days_off(year: int) -> frozenset[dt.date]:
    calendar_vn = holidays.country_holidays("VN", years=year)
    local = _overrides(year)
    day, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    off = set()
    while day < end:
        working = local[day].working if day in local else calendar_vn.is_working_day(day)
        if not working:
            off.add(day)
        day += ONE_DAY
    return frozenset(off)


def year_calendar(year: int) -> dict:
    """The year as every working-day deadline sees it (CONTRACT.md "Calendar"): weekdays that are not
    working days and weekend days that are, each with its reason (and the decision of a local override)."""
    calendar_vn = holidays.country_holidays("VN", years=year)
    local = _overrides(year)
    off: list[dict[str, str]] = []
    worked: list[dict[str, str]] = []
    day, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    while day < end:
        weekend = day.weekday() >= 5
        working = is_working_day(day)
        if weekend == working:  # a weekday off, or a weekend day worked
            if day in local:
                reason = f"{local[day].reason} ({local[day].decision})"
            else:
                reason = calendar_vn.get(day) or ("Make-up working day" if working else "Day off")
            (worked if working else off).append({"date": day.isoformat(), "reason": reason})
        day += ONE_DAY
    return {"year": year, "non_working_days": off, "working_weekend_days": worked}


def is_working_day(day: dt.date) -> bool:
    return day not in _days_off(day.year)


@lru_cache(maxsize=65536)
def add_working_days(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (n > 0), or before it (n < 0); `day` itself for n = 0."""
    step = ONE_DAY if n >= 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d ≤ b (negative when b is before a), so that
    working_days_between(d, add_working_days(d, n)) == n."""
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        if is_working_day(day):
            count += 1
    return count


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (earlier when negative), the last day of a shorter
    month when it has no such day (31 May + 1 month = 30 June; 29 Feb 2024 + 12 months = 28 Feb 2025)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on `day`."""
    years = day.year - birth_date.year
    return years if add_years(birth_date, years) <= day else years - 1
