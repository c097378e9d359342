"""What needs the user's attention on the home page (overdue tasks, probations ending, complaints near
their deadline...). A module that has such items adds one call in `items_for`; there is no hook registry."""

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


def items_for(user) -> list[AttentionItem]:
    """The items for `user`. Each module's function returns items already limited to the user's scope
    (accounts.selectors)."""
    from dangvu.members import todo as member_todo  # imported here: members.todo imports this module

    items: list[AttentionItem] = []
    items += member_todo.attention(user)
    from dangvu.oversight.selectors import attention as oversight_attention
    items += oversight_attention(user)
    from dangvu.workplans.attention import attention as task_attention  # imports this module too
    items += task_attention(user)
    return ranked(items)


def ranked(items: list[AttentionItem]) -> list[AttentionItem]:
    """Most severe first (stable within a severity); items with nothing to count are dropped."""
    return sorted((i for i in items if i.count), key=lambda i: _SEVERITY_ORDER.get(i.severity, 3))
