"""Vietnamese text helpers shared by search and sorting."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower case without diacritics, đ/Đ included ('Nguyễn Văn Tuyến' → 'nguyen van tuyen'): the same
    function fills the search column and folds the query, so SQLite and PostgreSQL agree."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.translate(_D))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())
