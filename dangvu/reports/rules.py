"""The rules in force on a date across the domains (CONTRACT.md "Rules in force"): the rule books each app
declares in its own `rules.py`, listed here explicitly, above the apps that own them."""

from __future__ import annotations

import datetime as dt

from dangvu.cadres import rules as evaluation
from dangvu.core.rules import Rule, rules_in_force
from dangvu.members import rules as charter
from dangvu.oversight import rules as discipline

BOOKS = (charter.BOOK, discipline.BOOK, evaluation.BOOK)


def in_force(on: dt.date) -> list[Rule]:
    """Every rule row in force on `on`; raises core.rules.RulesNotKnown before every known rule set."""
    return rules_in_force(BOOKS, on)
