"""The register's rules as dated, cited data (PRODUCT.md "Rules to enforce"): an act is judged by the rule
set in force on its date; before the first known rule set an act is accepted and marked "not validated"
(MemberEvent.rule_set = ""). The figures come from press copies of the texts; each check names its source.

Article numbers are given only where the text is known: the Party Charter (Điều lệ Đảng, 2011) Điều 1
khoản 2 (age of at least 18), Điều 5 (12 months of probation; recognition as official or removal) and
Điều 8 khoản 2 (removal for 3 months in a year without activity or fees). The implementing rules
(Quy định, Hướng dẫn) are cited without a point number rather than with a guessed one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from dangvu.core.rules import DatedRuleSet, Rule, RuleBook


@dataclass(frozen=True)
class Citation:
    regulation: str
    article: str = ""

    def __str__(self) -> str:
        return f"{self.regulation}, {self.article}" if self.article else self.regulation


@dataclass(frozen=True)
class Values:
    min_admission_age_years: int = 18
    probation_months: int = 12
    cell_review_working_days: int = 30  # after the probation ends
    committee_decision_working_days: int = 30  # after the cell's resolution
    committee_extension_working_days: int = 30  # special cases
    ceremony_working_days: int = 30  # after the admission decision
    transfer_start_working_days: int = 60
    transfer_letter_working_days: int = 30  # letter presented to the receiving unit
    absence_months: tuple[int, int] = (3, 12)  # temporary transfer for an absence: 3 ≤ months < 12
    study_months: tuple[int, int] = (3, 24)  # for studies: 3 ≤ months ≤ 24
    removal_inactive_months: int = 3  # in one year, without attending or paying fees


# The checks a rule set cites, by name.
AGE, PROBATION, OFFICIAL_REVIEW, CEREMONY, TRANSFER, TEMPORARY, REMOVAL, CARD = (
    "admission_age",
    "probation",
    "official_review",
    "ceremony",
    "transfer",
    "temporary_transfer",
    "removal",
    "card",
)


@dataclass(frozen=True, eq=False)
class RuleSet(DatedRuleSet):
    code: str
    title: str
    sources: tuple[Citation, ...]
    effective_from: dt.date
    effective_to: dt.date | None  # exclusive
    values: Values
    cites: Mapping[str, tuple[Citation, ...]] = field(default_factory=dict)

    @property
    def rows(self) -> tuple[Rule, ...]:
        """The rows of CONTRACT.md "Rules in force" this set publishes."""
        v, quy_dinh = self.values, self.sources[1].regulation.split(" ")[2]
        source = "PRODUCT.md \"Rules to enforce\" (press copies; text not verified here)"

        wd = "working_days"

        def row(key, value, unit, regulation=quy_dinh, article=None):
            return Rule(key, value, unit, regulation, article, self.effective_from, source)

        return (
            row("charter.implementing_regulation", tuple(c.regulation for c in self.sources[1:]), "list"),
            row("admission.min_age_years", v.min_admission_age_years, "years"),
            row("probation.months", v.probation_months, "months"),
            row("admission.ceremony_working_days", v.ceremony_working_days, wd),
            row("official.cell_review_working_days", v.cell_review_working_days, wd),
            row("official.committee_decision_working_days", v.committee_decision_working_days, wd),
            row("official.committee_extension_working_days", v.committee_extension_working_days, wd),
            row("transfer.start_working_days", v.transfer_start_working_days, wd),
            row("transfer.present_working_days", v.transfer_letter_working_days, wd),
            row("removal.inactive_months", v.removal_inactive_months, "months"),
        )

    def cite(self, check: str) -> str:
        """The citation a refusal under `check` carries."""
        return "; ".join(str(c) for c in self.cites.get(check, self.sources))


CHARTER = "Điều lệ Đảng (2011)"


def _charter_cites(quy_dinh: str, huong_dan: str) -> Mapping[str, tuple[Citation, ...]]:
    return MappingProxyType(
        {
            AGE: (Citation(CHARTER, "Điều 1 khoản 2"), Citation(quy_dinh)),
            PROBATION: (Citation(CHARTER, "Điều 5"), Citation(quy_dinh)),
            OFFICIAL_REVIEW: (Citation(CHARTER, "Điều 5"), Citation(huong_dan)),
            CEREMONY: (Citation(quy_dinh), Citation(huong_dan)),
            TRANSFER: (Citation(huong_dan),),
            TEMPORARY: (Citation(huong_dan),),
            REMOVAL: (Citation(CHARTER, "Điều 8 khoản 2"), Citation(huong_dan)),
            CARD: (Citation(huong_dan),),
        }
    )


QD29, HD01 = "Quy định 29-QĐ/TW (2016)", "Hướng dẫn 01-HD/TW (2016)"
QD294, HD06 = "Quy định 294-QĐ/TW (2025)", "Hướng dẫn 06-HD/TW (2025)"

# Dates of effect: PRODUCT.md gives only the years. Each rule set starts on the signing date of its Quy
# định, taken to be the date of effect ("có hiệu lực từ ngày ký"): 29-QĐ/TW of 25 July 2016 (its Hướng
# dẫn 01-HD/TW followed on 20 September 2016) and 294-QĐ/TW of 26 May 2025 (Hướng dẫn 06-HD/TW of
# 9 June 2025). Correct these dates here if the official texts say otherwise.
RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        code="charter-2016",
        title="Thi hành Điều lệ Đảng theo Quy định 29-QĐ/TW và Hướng dẫn 01-HD/TW (2016)",
        sources=(Citation(CHARTER), Citation(QD29), Citation(HD01)),
        effective_from=dt.date(2016, 7, 25),
        effective_to=dt.date(2025, 5, 26),
        values=Values(),
        cites=_charter_cites(QD29, HD01),
    ),
    RuleSet(
        code="charter-2025",
        title="Thi hành Điều lệ Đảng theo Quy định 294-QĐ/TW và Hướng dẫn 06-HD/TW (2025)",
        sources=(Citation(CHARTER), Citation(QD294), Citation(HD06)),
        effective_from=dt.date(2025, 5, 26),
        effective_to=None,
        values=Values(),
        cites=_charter_cites(QD294, HD06),
    ),
)


BOOK = RuleBook("charter", RULE_SETS)


def rule_set_on(day: dt.date | None) -> RuleSet | None:
    """The rule set in force on `day`, or None before any known one (the act is not validated)."""
    return BOOK.on(day)


def rule_set_code(day: dt.date | None) -> str:
    rs = rule_set_on(day)
    return rs.code if rs else ""
