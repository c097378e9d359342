"""Evaluation rules as dated, cited data (PRODUCT.md "Rules to enforce", pattern of members/rules.py): an
evaluation is judged by the rule set in force on the day it was made (`evaluated_on`); before the first
known rule set it is accepted and marked "not validated" (Evaluation.rule_set = "").

No article numbers are given: the texts are cited without a point number rather than with a guessed one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from dangvu.core.rules import DatedRuleSet, Rule, RuleBook
from dangvu.members.rules import Citation

EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE = "excellent", "good", "complete", "not_complete"


@dataclass(frozen=True)
class Values:
    # Lowest score of each rating on the 100-point scale, highest rating first; below the last: not complete.
    thresholds: tuple[tuple[str, int], ...] = ((EXCELLENT, 90), (GOOD, 70), (COMPLETE, 50))
    # "Excellent" needs all tasks done on time and nobody disciplined, whatever the score.
    excellent_needs_conditions: bool = True
    # At most this share of the number rated "good", per evaluating body, year and kind. Carried over from
    # the earlier guidance PRODUCT.md mentions (not named there): a setting, change it here.
    excellent_cap_of_good: Fraction | None = Fraction(1, 5)


@dataclass(frozen=True, eq=False)
class RuleSet(DatedRuleSet):
    code: str
    title: str
    sources: tuple[Citation, ...]
    effective_from: dt.date
    effective_to: dt.date | None  # exclusive
    values: Values

    @property
    def rows(self) -> tuple[Rule, ...]:
        """The rows of CONTRACT.md "Rules in force" this set publishes (the points scale)."""
        regulation = self.sources[0].regulation.split(" ")[2]
        source = "PRODUCT.md \"Rules to enforce\" (press copies; text not verified here)"
        return tuple(
            Rule(f"evaluation.{rating}_min_points", lowest, "points", regulation, None, self.effective_from,
                 source)
            for rating, lowest in self.values.thresholds
        )

    def cite(self) -> str:
        return "; ".join(str(c) for c in self.sources)

    def rating_for(self, score: int) -> str:
        """The rating the score reaches on this scale (before the conditions of "excellent")."""
        for rating, lowest in self.values.thresholds:
            if score >= lowest:
                return rating
        return NOT_COMPLETE

    def score_range(self, rating: str) -> tuple[int, int]:
        """(lowest, highest) score that fits `rating`."""
        highest = 100
        for name, lowest in self.values.thresholds:
            if name == rating:
                return lowest, highest
            highest = lowest - 1
        return 0, highest


QD366 = "Quy định 366-QĐ/TW (2025)"

# Date of effect: PRODUCT.md gives only the year 2025. The exact day is UNVERIFIED; 1 January 2025 is used
# so that the evaluations of the year 2025 are judged by it. Correct it here if the official text says
# otherwise.
RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        code="evaluation-2025",
        title="Kiểm điểm, đánh giá, xếp loại chất lượng theo Quy định 366-QĐ/TW (2025)",
        sources=(Citation(QD366),),
        effective_from=dt.date(2025, 1, 1),
        effective_to=None,
        values=Values(),
    ),
)

CAP_RULE = "cadres.excellent_cap (setting)"


BOOK = RuleBook("evaluation", RULE_SETS)


def rule_set_on(day: dt.date | None) -> RuleSet | None:
    """The rule set in force on `day`, or None before any known one (the evaluation is not validated)."""
    return BOOK.on(day)
