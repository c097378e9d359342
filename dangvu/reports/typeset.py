"""Line breaking of a Party document's fixed lines (Hướng dẫn 36-HD/VPTW): a body's name breaks only
between its level ("ĐẢNG BỘ TỈNH") and its proper name ("THỪA THIÊN HUẾ"), never inside either; the date
line writes days under 10 and the months 1 and 2 on two digits ("ngày 03 tháng 4", "tháng 02")."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import get_language

NBSP = "\u00a0"
# The words that name a body's level rather than the body itself, as they open a header line.
LEVEL_WORDS = frozenset((
    "ĐẢNG", "BỘ", "ỦY", "UỶ", "CHI", "TỈNH", "THỊ", "XÃ", "HUYỆN", "THÀNH", "PHỐ", "PHƯỜNG", "TRẤN", "QUẬN",
    "KHỐI", "CƠ", "QUAN", "BAN", "THƯỜNG", "VỤ",
))
DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


def keep_name(line: str) -> str:
    """One breakable space at most: between the level words and the proper name."""
    words = line.split()
    split = 0
    while split < len(words) and words[split].upper() in LEVEL_WORDS:
        split += 1
    parts = [NBSP.join(words[:split]), NBSP.join(words[split:])]
    return " ".join(p for p in parts if p)


def document_date(day: dt.date) -> str:
    """The date of the place-and-date line: "ngày 30 tháng 11 năm 2017", "ngày 03 tháng 02 năm 2018",
    "ngày 15 tháng 4 năm 2018" (36-HD/VPTW: a zero before days under 10 and the months 1 and 2)."""
    if (get_language() or "vi").startswith("en"):
        from dangvu.core.formatting import long_date

        return long_date(day)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
