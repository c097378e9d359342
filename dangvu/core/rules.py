"""The one rule mechanism (issue 10.2, CONTRACT.md "Rules in force"): every Party rule the system applies is
a dated, cited row, grouped in rule sets that each app declares as data in its own `rules.py` and hands to
`RuleBook` explicitly. An act is judged by the rule set in force on its date.

A rule row carries its value and unit, the regulation as the Party writes it (`30-QĐ/TW`), the article only
where it was read in the text (else None: never a guessed number), the date the document took effect (not
its signing date) and where the text can be read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

UNITS = ("working_days", "days", "months", "years", "points", "percent", "vnd", "list")


class RulesNotKnown(LookupError):
    """A date before every rule set the system knows: the act is accepted and marked "not validated"."""

    def __init__(self, book: str, day: dt.date, first: dt.date):
        self.book, self.day, self.first = book, day, first
        super().__init__(
            f"Không có bộ quy định {book} nào có hiệu lực ngày {day.isoformat()} (bộ sớm nhất từ "
            f"{first.isoformat()}) / No {book} rule set in force on {day.isoformat()} (the earliest "
            f"takes effect on {first.isoformat()})"
        )


@dataclass(frozen=True)
class Rule:
    key: str
    value: object
    unit: str
    regulation: str
    article: str | None
    effective_from: dt.date
    source: str

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"{self.key}: unknown unit {self.unit!r}")

    def as_json(self) -> dict:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "key": self.key,
            "value": value,
            "unit": self.unit,
            "regulation": self.regulation,
            "article": self.article,
            "effective_from": self.effective_from.isoformat(),
            "source": self.source,
        }


class DatedRuleSet:
    """Mixin of every app's rule set: `effective_from` inclusive, `effective_to` exclusive (None: open),
    and the rows it publishes (`rows`)."""

    code: str
    effective_from: dt.date
    effective_to: dt.date | None
    rows: tuple[Rule, ...] = ()

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def rule(self, key: str) -> Rule:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


class RuleBook:
    """The dated rule sets of one domain, in order; one lookup by date."""

    def __init__(self, name: str, rule_sets: Iterable[DatedRuleSet]):
        self.name = name
        self.rule_sets = tuple(sorted(rule_sets, key=lambda rs: rs.effective_from))

    def on(self, day: dt.date | None):
        """The rule set in force on `day`, or None before every known one (or for no date)."""
        if day is None:
            return None
        return next((rs for rs in self.rule_sets if rs.in_force_on(day)), None)

    def require(self, day: dt.date):
        rs = self.on(day)
        if rs is None:
            raise RulesNotKnown(self.name, day, self.rule_sets[0].effective_from)
        return rs

    def rule(self, key: str, on: dt.date) -> Rule:
        return self.require(on).rule(key)


def rules_in_force(books: Iterable[RuleBook], on: dt.date) -> list[Rule]:
    """Every rule row of the given books in force on `on`, by key. Raises RulesNotKnown when `on` is before
    every rule set of every book."""
    rows: dict[str, Rule] = {}
    missing = []
    for book in books:
        rs = book.on(on)
        if rs is None:
            missing.append(book)
            continue
        for row in rs.rows:
            rows[row.key] = row
    if not rows and missing:
        raise RulesNotKnown(missing[0].name, on, min(b.rule_sets[0].effective_from for b in missing))
    return [rows[key] for key in sorted(rows)]
