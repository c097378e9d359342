"""Plain records that the importers fill from file rows and hand to the bulk services (members.bulk).
One field per column of CONTRACT.md; `row` is the file row (1-based, header = row 1) for error reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Decision:
    """The decision reference every event carries: number, date, issuing body."""

    number: str = ""
    date: dt.date | None = None
    body: str = ""


@dataclass
class MemberEntry:
    """KIND `members`: one member entering the register (admission, transfer from outside, or opening)."""

    row: int
    code: str
    full_name: str
    birth_date: dt.date | None
    sex: str  # "male" / "female"
    organization_code: str
    admitted_on: dt.date | None
    official_on: dt.date | None = None
    entry_kind: str = "admission"  # admission | transfer | opening
    registered_on: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: str = ""  # transferred_out | removed | expelled | died
    profile: dict = field(default_factory=dict)  # ethnicity, religion, hometown, citizen_id, phone, ...
    decision: Decision = field(default_factory=Decision)


@dataclass
class TransferEntry:
    """KIND `transfers`: a permanent move between two organisations of the register."""

    row: int
    member_code: str
    on: dt.date | None
    to_organization_code: str
    decision: Decision = field(default_factory=Decision)
