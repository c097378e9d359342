"""Discipline rules as dated, cited data (PRODUCT.md "Rules to enforce"), in the pattern of members.rules: a
decision is judged by the rule set in force on its `decided_on`; before the first known rule set it is
accepted and marked "not validated" (DisciplineDecision.rule_set = "").

Articles are cited only where the text is known: the Party Charter (Điều lệ Đảng, 2011) Điều 35 (the forms
of discipline for an organisation, an official and a probationary member) and Điều 36 (a cell reprimands or
warns its members; higher committees decide every form). The limitation periods, the effect on
announcement and the one-month appeal are cited by regulation and subject, without a guessed article
number. How a period in months or years is counted: Bộ luật Dân sự 2015, Điều 147 (the day of the event is
not counted) and Điều 148 (a period in months or years ends at the end of the corresponding day, or of the
last day of a month without it: 29 February + 5 years = 28 February)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType

from dangvu.core.rules import DatedRuleSet, Rule, RuleBook
from dangvu.core.workdays import add_months
from dangvu.members.rules import CHARTER, Citation

REPRIMAND, WARNING, REMOVAL_FROM_POST, EXPULSION, DISSOLUTION = (
    "reprimand",
    "warning",
    "removal_from_post",
    "expulsion",
    "dissolution",
)
OFFICIAL, PROBATIONARY, ORGANIZATION = "official", "probationary", "organization"

# The checks a refusal cites, by name.
FORMS, AUTHORITY, LIMITATION, EFFECT, APPEAL, MEMBERSHIP = (
    "forms",
    "authority",
    "limitation",
    "effect",
    "appeal",
    "membership",
)
CIVIL_CODE = "Bộ luật Dân sự 2015"


@dataclass(frozen=True)
class Values:
    forms: MappingProxyType = field(
        default_factory=lambda: MappingProxyType(
            {
                ORGANIZATION: (REPRIMAND, WARNING, DISSOLUTION),
                OFFICIAL: (REPRIMAND, WARNING, REMOVAL_FROM_POST, EXPULSION),
                PROBATIONARY: (REPRIMAND, WARNING),
            }
        )
    )
    # What a cell (chi bộ, chi bộ cơ sở) may decide for its own members; committees decide every form.
    cell_forms: tuple[str, ...] = (REPRIMAND, WARNING)
    # Years from the violation (restarted by a new violation); None: no limitation period.
    limitation_years: MappingProxyType = field(
        default_factory=lambda: MappingProxyType(
            {
                REPRIMAND: 5,
                WARNING: 10,
                REMOVAL_FROM_POST: 10,
                EXPULSION: None,
                DISSOLUTION: None,
            }
        )
    )
    appeal_months: int = 1  # from the announcement


@dataclass(frozen=True, eq=False)
class RuleSet(DatedRuleSet):
    code: str
    title: str
    inspection: str  # the regulation on inspection, supervision and discipline
    discipline: str  # the regulation on disciplining violating members
    effective_from: dt.date
    effective_to: dt.date | None  # exclusive
    values: Values = field(default_factory=Values)

    @property
    def rows(self) -> tuple[Rule, ...]:
        """The rows of CONTRACT.md "Rules in force" this set publishes."""
        inspection, discipline = self.inspection.split(" ")[2], self.discipline.split(" ")[2]
        source = "PRODUCT.md \"Rules to enforce\" (press copies; text not verified here)"
        years = self.values.limitation_years
        return (
            Rule("discipline.appeal_period", self.values.appeal_months, "months", inspection, None,
                 self.effective_from, source),
            *(
                Rule(f"discipline.limitation_years.{form}", years[form], "years", discipline, None,
                     self.effective_from, source)
                for form in (REPRIMAND, WARNING, REMOVAL_FROM_POST)
            ),
        )

    def cite(self, check: str) -> str:
        cites = {
            FORMS: (Citation(CHARTER, "Điều 35"), Citation(self.discipline)),
            AUTHORITY: (Citation(CHARTER, "Điều 36"), Citation(self.inspection)),
            LIMITATION: (
                Citation(self.discipline, "thời hiệu xử lý kỷ luật"),
                Citation(CIVIL_CODE, "Điều 147, Điều 148"),
            ),
            EFFECT: (Citation(self.inspection, "hiệu lực của quyết định kỷ luật"),),
            APPEAL: (
                Citation(self.inspection, "khiếu nại kỷ luật đảng"),
                Citation(CIVIL_CODE, "Điều 147, Điều 148"),
            ),
            MEMBERSHIP: (Citation(CHARTER, "Điều 35"),),
        }[check]
        return "; ".join(str(c) for c in cites)

    # --- the checks ---------------------------------------------------------------------------------
    def allowed_forms(self, standing: str) -> tuple[str, ...]:
        return self.values.forms[standing]

    def limitation_ends(
        self, form: str, violation_on: dt.date, new_violation_on: dt.date | None = None
    ) -> dt.date | None:
        """The last day on which `form` may still be decided, or None (no limitation period). A new
        violation committed before the period ran out restarts it from the new violation."""
        years = self.values.limitation_years.get(form)
        if years is None:
            return None
        last = add_months(violation_on, 12 * years)
        if new_violation_on is not None and violation_on < new_violation_on <= last:
            last = add_months(new_violation_on, 12 * years)
        return last

    def appeal_ends(self, announced_on: dt.date) -> dt.date:
        """The last day on which an appeal may be lodged."""
        return add_months(announced_on, self.values.appeal_months)


QD30, QD22, QD296 = "Quy định 30-QĐ/TW (2016)", "Quy định 22-QĐ/TW (2021)", "Quy định 296-QĐ/TW (2025)"
QD181, QD102, QD69 = "Quy định 181-QĐ/TW (2013)", "Quy định 102-QĐ/TW (2017)", "Quy định 69-QĐ/TW (2022)"

# Dates of effect, taken as the signing dates ("có hiệu lực từ ngày ký"): 30-QĐ/TW of 26 July 2016,
# 102-QĐ/TW from 15 November 2017 (PRODUCT.md), 22-QĐ/TW of 28 July 2021, 69-QĐ/TW of 6 July 2022 and
# 296-QĐ/TW of 30 May 2025. PRODUCT.md gives only the years of most of them: correct these dates here if
# the official texts say otherwise. The figures (forms, authority, periods, appeal) are the same in every
# set as far as PRODUCT.md knows; each set still cites its own texts.
RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        "discipline-2016",
        "Quy định 30-QĐ/TW (2016) và Quy định 181-QĐ/TW (2013)",
        QD30,
        QD181,
        dt.date(2016, 7, 26),
        dt.date(2017, 11, 15),
    ),
    RuleSet(
        "discipline-2017",
        "Quy định 30-QĐ/TW (2016) và Quy định 102-QĐ/TW (2017)",
        QD30,
        QD102,
        dt.date(2017, 11, 15),
        dt.date(2021, 7, 28),
    ),
    RuleSet(
        "discipline-2021",
        "Quy định 22-QĐ/TW (2021) và Quy định 102-QĐ/TW (2017)",
        QD22,
        QD102,
        dt.date(2021, 7, 28),
        dt.date(2022, 7, 6),
    ),
    RuleSet(
        "discipline-2022",
        "Quy định 22-QĐ/TW (2021) và Quy định 69-QĐ/TW (2022)",
        QD22,
        QD69,
        dt.date(2022, 7, 6),
        dt.date(2025, 5, 30),
    ),
    RuleSet(
        "discipline-2025",
        "Quy định 296-QĐ/TW (2025) và Quy định 69-QĐ/TW (2022)",
        QD296,
        QD69,
        dt.date(2025, 5, 30),
        None,
    ),
)


BOOK = RuleBook("discipline", RULE_SETS)


def rule_set_on(day: dt.date | None) -> RuleSet | None:
    return BOOK.on(day)


def limitation_ends_on(case, day: dt.date) -> dict[str, dt.date | None] | None:
    """The last day on which a reprimand and a warning may still be decided in `case` under the rule set in
    force on `day` (None before every known set); expulsion and dissolution have no limitation period."""
    rs = rule_set_on(day)
    if rs is None:
        return None
    return {
        form: rs.limitation_ends(form, case.violation_on, case.new_violation_on)
        for form in (REPRIMAND, WARNING)
    }
