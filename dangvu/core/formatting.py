"""Dates and numbers as a Vietnamese party office writes them, or in English when English is active.

Hướng dẫn 36-HD/VPTW (2018) writes the place-and-date line in full, with a leading zero for a day or month
below 10: "Hương Trà, ngày 05 tháng 01 năm 2018". Short dates and numbers follow the active language's
format module (dangvu/formats): 29/11/2026 and 3.456 in Vietnamese.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language

_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).lower().startswith("en")


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date(value: dt.date | dt.datetime | None) -> str:
    """Vietnamese "ngày 05 tháng 01 năm 2018", English "5 January 2018"."""
    if value is None:
        return ""
    d = _as_date(value)
    if _english():
        return f"{d.day} {_ENGLISH_MONTHS[d.month - 1]} {d.year}"
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def short_date(value: dt.date | dt.datetime | None) -> str:
    """The active format module's short date: "29/11/2026" in Vietnamese, "2026-11-29" in English."""
    if value is None:
        return ""
    return formats.date_format(_as_date(value), "SHORT_DATE_FORMAT", use_l10n=True)


def vn_number(value) -> str:
    """Thousands grouped as the active language writes them: Vietnamese "3.456", English "3,456"."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def two_digits(value) -> str:
    """A number on at least two digits, as documents number things: "09"."""
    if value is None or value == "":
        return ""
    return f"{int(value):02d}"
