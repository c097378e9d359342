"""Pure checks of the register, shared by the single services (members.services) and the bulk imports
(members.bulk) so that each rule is written once. A member's history is checked as a whole, in date
order, against the rule set in force on each act's date (members.rules): a late entry or a correction
is judged with everything around it. Each refusal names the field (a CONTRACT column for imports) and
the rule, with its citation when a rule set applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import Problem
from dangvu.core.workdays import add_months, add_working_days, age_on
from dangvu.members import rules
from dangvu.members.models import EventKind, Member, Sex, TheoryLevel

ENTRY_KINDS = {
    EventKind.ADMISSION,
    EventKind.READMISSION,
    EventKind.OPENING,
    EventKind.TRANSFER_IN,
    EventKind.REINSTATEMENT,
}
MOVE_KINDS = {EventKind.TRANSFER, EventKind.RESTRUCTURING}
EXIT_KINDS = {EventKind.TRANSFER_OUT, EventKind.REMOVAL, EventKind.EXPULSION, EventKind.DEATH}
# CONTRACT.md "Days": at most one membership change per member per day.
MEMBERSHIP_CHANGES = ENTRY_KINDS | MOVE_KINDS | EXIT_KINDS
_PHASE = {
    **dict.fromkeys(ENTRY_KINDS, 0),
    **dict.fromkeys(MOVE_KINDS, 1),
    EventKind.OFFICIAL: 2,
    EventKind.CARD_ISSUED: 3,
    **dict.fromkeys(EXIT_KINDS, 5),
}

# Removal grounds (MemberEvent.grounds) and purposes of a temporary transfer.
INACTIVITY, NOT_RECOGNIZED, VOLUNTARY, OTHER_GROUND = "inactivity", "not_recognized", "voluntary", "other"
REMOVAL_GROUNDS = (INACTIVITY, NOT_RECOGNIZED, VOLUNTARY, OTHER_GROUND)
ABSENCE, STUDY = "absence", "study"
TEMPORARY_PURPOSES = (ABSENCE, STUDY)

PROFILE_FIELDS = (
    "ethnicity",
    "religion",
    "hometown",
    "citizen_id",
    "phone",
    "education",
    "professional_level",
    "theory_level",
    "card_number",
)


@dataclass
class Step:
    """One event of a history under check: a stored event (key = its id) or a proposed one."""

    kind: str
    on: dt.date | None
    organization_id: int | None = None
    until: dt.date | None = None
    grounds: str = ""
    decision_date: dt.date | None = None
    key: object = "new"
    field: str = "on"  # the input field or file column that gave `on`
    org_field: str = "organization"


@dataclass
class Profile:
    birth_date: dt.date | None
    admitted_on: dt.date | None = None  # an admission outside the register (opening entry, arrival)


@dataclass(frozen=True)
class Finding:
    key: object
    code: str
    problem: Problem


def check_history(profile: Profile, steps: Iterable[Step], orgs: Mapping, today: dt.date) -> list[Finding]:
    """Every broken rule of one member's history. `orgs` maps organisation ids to objects with
    `exists_on(day)`: an id missing from it is an unknown organisation."""
    return _Walk(profile, orgs, today).run(steps)


def new_findings(
    profile: Profile, before: list[Step], after: list[Step], orgs: Mapping, today: dt.date
) -> list[Problem]:
    """The problems that `after` has and `before` had not: a write is refused for what it breaks, not for
    faults of history imported unvalidated."""
    known = {(f.key, f.code) for f in check_history(profile, before, orgs, today)}
    return [f.problem for f in check_history(profile, after, orgs, today) if (f.key, f.code) not in known]


class _Walk:
    def __init__(self, profile: Profile, orgs: Mapping, today: dt.date):
        self.profile, self.orgs, self.today = profile, orgs, today
        self.findings: list[Finding] = []
        self.on_register = self.had_stay = self.dead = False
        self.organization_id: int | None = None
        self.life = 0
        self.admitted = {0: profile.admitted_on}
        self.official: dict[int, dt.date] = {}
        self.last_exit = ""
        self.temporary: Step | None = None
        self.exempt: Step | None = None
        self.last_change: dt.date | None = None

    def fail(self, step: Step, code: str, message, rule: str = "", field: str | None = None) -> None:
        self.findings.append(Finding(step.key, code, Problem(field or step.field, message, rule)))

    def run(self, steps: Iterable[Step]) -> list[Finding]:
        birth, admitted = self.profile.birth_date, self.profile.admitted_on
        if birth and admitted and admitted < birth:
            self.findings.append(
                Finding(
                    "profile",
                    "admitted_before_birth",
                    Problem("admitted_on", _("The date of admission is before the member's date of birth.")),
                )
            )
        dated = [s for s in steps if s.on is not None]
        for s in steps:
            if s.on is None:
                self.fail(s, "date_missing", _("A date is required."))
        for _seq, s in sorted(enumerate(dated), key=lambda p: (p[1].on, _PHASE.get(p[1].kind, 4), p[0])):
            self.step(s)
        return self.findings

    def step(self, s: Step) -> None:
        birth = self.profile.birth_date
        if birth and s.on < birth:
            self.fail(s, "before_birth", _("The date is before the member's date of birth."))
        if s.on > self.today:
            self.fail(s, "future", _("The date is in the future: the register records what has happened."))
        if self.dead:
            self.fail(s, "after_death", _("The member has died: no event can follow the death."))
            return
        if s.kind in MEMBERSHIP_CHANGES:
            if self.last_change == s.on:
                self.fail(s, "same_day", _("At most one membership change per member per day."))
            self.last_change = s.on
        rs = rules.rule_set_on(s.on)
        if s.kind in ENTRY_KINDS:
            self.entry(s, rs)
        elif s.kind == EventKind.OFFICIAL:
            self.recognition(s)
        elif s.kind in MOVE_KINDS:
            self.move(s, rs)
        elif s.kind in EXIT_KINDS:
            self.leave(s)
        else:
            self.other(s, rs)

    # --- entering the register -------------------------------------------------------------------------
    def entry(self, s: Step, rs) -> None:
        if self.on_register:
            self.fail(s, "on_register", _("The member is already on the register on this date."))
        if s.kind == EventKind.ADMISSION:
            if self.had_stay or self.life:
                self.fail(
                    s, "admitted_before", _("The person has been a member before: record a re-admission.")
                )
            self.start_life(s, rs)
        elif s.kind == EventKind.READMISSION:
            if not (self.had_stay or self.life):
                self.fail(s, "never_member", _("A re-admission needs an earlier membership."))
            self.start_life(s, rs)
        elif s.kind in (EventKind.OPENING, EventKind.TRANSFER_IN):
            if s.kind == EventKind.OPENING and (self.had_stay or self.life):
                self.fail(
                    s,
                    "opening_not_first",
                    _(
                        "An opening entry is only the first entry of a member already there when the "
                        "records start."
                    ),
                )
            admitted = self.admitted.get(self.life)
            if self.life == 0 and admitted and admitted > s.on:
                self.fail(s, "entry_before_admission", _("The day of entry is before the date of admission."))
        elif s.kind == EventKind.REINSTATEMENT and self.last_exit != EventKind.EXPULSION:
            self.fail(s, "not_expelled", _("Only an expelled member can be reinstated on appeal."))
        self.check_org(s)
        self.on_register = self.had_stay = True
        self.organization_id = s.organization_id
        self.last_exit = ""

    def start_life(self, s: Step, rs) -> None:
        self.life += 1
        self.admitted[self.life] = s.on
        birth = self.profile.birth_date
        if rs is None:
            return
        minimum = rs.values.min_admission_age_years
        if birth and age_on(birth, s.on) < minimum:
            self.fail(
                s,
                "under_age",
                format_lazy(_("Under {age} years of age on the admission date."), age=minimum),
                rs.cite(rules.AGE),
            )
        if s.decision_date:
            limit = rs.values.ceremony_working_days
            if s.decision_date > s.on:
                self.fail(
                    s,
                    "decision_after_ceremony",
                    _("The admission decision is dated after the admission ceremony."),
                    field="decision_date",
                )
            elif s.on > add_working_days(s.decision_date, limit):
                self.fail(
                    s,
                    "ceremony_late",
                    format_lazy(
                        _("The admission ceremony must be held within {days} working days of the decision."),
                        days=limit,
                    ),
                    rs.cite(rules.CEREMONY),
                )

    # --- recognition as official -----------------------------------------------------------------------
    def recognition(self, s: Step) -> None:
        if self.official.get(self.life):
            self.fail(s, "already_official", _("The member is already an official member."))
        # Recognition earlier than the entry is the history of a member who came already official.
        if not (self.on_register or (self.life == 0 and not self.had_stay)):
            self.fail(s, "not_on_register", _("The member is not on the register on this date."))
        admitted = self.admitted.get(self.life)
        if admitted is None:
            self.fail(s, "admission_unknown", _("The date of admission is not known."), field="admitted_on")
        elif s.on <= admitted:
            self.fail(s, "official_before_admission", _("The official date must be after the admission."))
        else:
            rs = rules.rule_set_on(admitted)
            if rs is not None:
                months = rs.values.probation_months
                expected = add_months(admitted, months)
                if s.on != expected:
                    self.fail(
                        s,
                        "probation",
                        format_lazy(
                            _(
                                "Probation lasts {months} months from the admission: "
                                "the official date is {date}."
                            ),
                            months=months,
                            date=expected.isoformat(),
                        ),
                        rs.cite(rules.PROBATION),
                    )
        if s.decision_date and s.decision_date < s.on:
            self.fail(
                s,
                "decision_before_probation_end",
                _("The recognition decision cannot come before the probation ends."),
                field="decision_date",
            )
        self.official[self.life] = s.on

    # --- moves and exits -------------------------------------------------------------------------------
    def move(self, s: Step, rs) -> None:
        if not self.on_register:
            self.fail(s, "not_on_register", _("The member is not on the register on this date."))
        self.check_org(s)
        if s.organization_id is not None and s.organization_id == self.organization_id:
            self.fail(
                s,
                "same_organization",
                _("The member is already registered in this organisation."),
                field=s.org_field,
            )
        if rs is not None and s.decision_date and s.kind == EventKind.TRANSFER:
            limit = rs.values.transfer_letter_working_days
            if s.decision_date > s.on:
                self.fail(
                    s,
                    "letter_after_transfer",
                    _("The transfer letter is dated after the transfer."),
                    field="decision_date",
                )
            elif s.on > add_working_days(s.decision_date, limit):
                self.fail(
                    s,
                    "letter_late",
                    format_lazy(
                        _("The transfer letter must be presented within {days} working days of its issue."),
                        days=limit,
                    ),
                    rs.cite(rules.TRANSFER),
                )
        self.organization_id = s.organization_id

    def leave(self, s: Step) -> None:
        if not self.on_register:
            self.fail(s, "not_on_register", _("The member is not on the register on this date."))
        if s.kind == EventKind.REMOVAL and s.grounds == NOT_RECOGNIZED:
            if self.official.get(self.life):
                self.fail(s, "already_official", _("The member is already an official member."))
            admitted = self.admitted.get(self.life)
            rs = rules.rule_set_on(admitted)
            if admitted and rs and s.on < add_months(admitted, rs.values.probation_months):
                self.fail(
                    s,
                    "probation_not_ended",
                    _("A probationary member is judged only when the probation has ended."),
                    rs.cite(rules.OFFICIAL_REVIEW),
                )
        self.on_register = False
        self.last_exit = s.kind
        self.temporary = self.exempt = None
        self.dead = s.kind == EventKind.DEATH

    # --- events that never change the registered organisation -----------------------------------------
    def other(self, s: Step, rs) -> None:
        if not self.on_register:
            self.fail(s, "not_on_register", _("The member is not on the register on this date."))
        if s.kind == EventKind.CARD_ISSUED:
            official = self.official.get(self.life)
            if official is None or official > s.on:
                self.fail(
                    s,
                    "card_not_official",
                    _("A party card is issued only to an official member."),
                    rs.cite(rules.CARD) if rs else "",
                )
        elif s.kind == EventKind.TEMPORARY_TRANSFER:
            if self.temporary is not None:
                self.fail(s, "temporary_open", _("The member is already on a temporary transfer."))
            self.check_temporary(s, rs)
            self.temporary = s
        elif s.kind == EventKind.TEMPORARY_RETURN:
            if self.temporary is None:
                self.fail(s, "no_temporary", _("The member is not on a temporary transfer."))
            self.temporary = None
        elif s.kind == EventKind.EXEMPTION:
            if self.exempt is not None:
                self.fail(s, "exempt_open", _("The member is already exempt from activity."))
            if s.until is not None and s.until <= s.on:
                self.fail(s, "until_before_start", _("The end date must be after the start."), field="until")
            self.exempt = s
        elif s.kind == EventKind.EXEMPTION_END:
            if self.exempt is None:
                self.fail(s, "not_exempt", _("The member is not exempt from activity."))
            self.exempt = None

    def check_temporary(self, s: Step, rs) -> None:
        if s.grounds not in TEMPORARY_PURPOSES:
            self.fail(s, "purpose", _("The purpose must be an absence or studies."), field="purpose")
            return
        if s.until is None or s.until <= s.on:
            self.fail(s, "until_before_start", _("The end date must be after the start."), field="until")
            return
        if rs is None:
            return
        low, high = rs.values.absence_months if s.grounds == ABSENCE else rs.values.study_months
        too_long = (
            (s.until >= add_months(s.on, high))
            if s.grounds == ABSENCE
            else (s.until > add_months(s.on, high))
        )
        if s.until < add_months(s.on, low) or too_long:
            message = (
                _("A temporary transfer for an absence lasts from {low} to under {high} months.")
                if s.grounds == ABSENCE
                else _("A temporary transfer for studies lasts from {low} to {high} months.")
            )
            self.fail(
                s,
                "temporary_length",
                format_lazy(message, low=low, high=high),
                rs.cite(rules.TEMPORARY),
                field="until",
            )

    def check_org(self, s: Step) -> None:
        if s.organization_id is None:
            self.fail(s, "organization_missing", _("An organisation is required."), field=s.org_field)
            return
        org = self.orgs.get(s.organization_id)
        if org is None:
            self.fail(s, "organization_unknown", _("Unknown organisation."), field=s.org_field)
        elif not org.exists_on(s.on):
            self.fail(
                s,
                "organization_closed",
                _("The organisation does not exist on this date (not yet founded or already closed)."),
                field=s.org_field,
            )


def check_profile(values: Mapping, today: dt.date) -> list[Problem]:
    """The person's fields: required ones present, choices known, lengths within the columns."""
    problems = []
    for name in ("code", "full_name", "birth_date", "sex"):
        if values.get(name) in (None, ""):
            problems.append(Problem(name, _("This field is required.")))
    birth = values.get("birth_date")
    if birth and birth > today:
        problems.append(Problem("birth_date", _("The date of birth is in the future.")))
    if values.get("sex") and values["sex"] not in Sex.values:
        problems.append(Problem("sex", _("Sex must be male or female (Nam or Nữ).")))
    level = values.get("theory_level")
    if level and level not in TheoryLevel.values:
        problems.append(
            Problem(
                "theory_level",
                format_lazy(
                    _("Unknown political theory level; one of: {choices}."),
                    choices=", ".join(TheoryLevel.values),
                ),
            )
        )
    for name, value in values.items():
        if isinstance(value, str):
            limit = Member._meta.get_field(name).max_length if name in _LENGTHS else None
            if limit and len(value) > limit:
                problems.append(Problem(name, format_lazy(_("At most {limit} characters."), limit=limit)))
    return problems


_LENGTHS = {"code", "full_name", *PROFILE_FIELDS}


def check_decision_date(day: dt.date | None, today: dt.date, field: str = "decision_date") -> list[Problem]:
    if day and day > today:
        return [Problem(field, _("The decision date is in the future."))]
    return []


def removal_problems(ground: str, on: dt.date, months_inactive: int | None) -> list[Problem]:
    """The checks of a removal from the rolls (xóa tên) on `ground`: for inactivity at least the months in
    a year without attending or paying fees of the rule set in force on `on` (Charter Art. 8)."""
    problems = []
    if ground not in REMOVAL_GROUNDS:
        problems.append(
            Problem(
                "ground",
                format_lazy(_("Unknown ground; one of: {choices}."), choices=", ".join(REMOVAL_GROUNDS)),
            )
        )
    rs = rules.rule_set_on(on)
    if ground == INACTIVITY:
        minimum = rs.values.removal_inactive_months if rs else 1
        if months_inactive is None or months_inactive < minimum:
            problems.append(
                Problem(
                    "months_inactive",
                    format_lazy(
                        _(
                            "Removal for inactivity needs at least {months} months in a year without "
                            "attending or paying fees."
                        ),
                        months=minimum,
                    ),
                    rs.cite(rules.REMOVAL) if rs else "",
                )
            )
    return problems
