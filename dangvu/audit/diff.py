"""Before/after values of an entry as rows of a table: one row per field, changed fields marked."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class DiffRow:
    name: str
    before: str
    after: str
    changed: bool


def _load(text: str):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def diff_rows(before_text: str, after_text: str) -> list[DiffRow]:
    before, after = _load(before_text), _load(after_text)
    if before is None and after is None:
        return []
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return [DiffRow("", _show(before), _show(after), before != after)]
    before, after = before or {}, after or {}
    rows = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        changed = name not in before or name not in after or old != new
        rows.append(DiffRow(name, _show(old), _show(new), changed))
    return rows
