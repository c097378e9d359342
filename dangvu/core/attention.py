"""The shape of an item of the home page's attention list (overdue tasks, probations ending, complaints near
their deadline...) and its order. Each app returns its own items; `reports.home.items_for` assembles them."""

from __future__ import annotations

from dataclasses import dataclass

INFO = "info"
WARNING = "warning"
DANGER = "danger"
_SEVERITY_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class AttentionItem:
    label: str
    count: int
    url: str
    severity: str = INFO


def ranked(items: list[AttentionItem]) -> list[AttentionItem]:
    """Most severe first (stable within a severity); items with nothing to count are dropped."""
    return sorted((i for i in items if i.count), key=lambda i: _SEVERITY_ORDER.get(i.severity, 3))
