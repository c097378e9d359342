"""The demo register's history, 2015 to 2026-11-29, generated from a fixed seed so that every run gives the
same rows and the same figures on any database.

How the seed's figures come out exact: a schedule of dated flows (admissions, arrivals and departures by
transfer, deaths, removals, moves between units) is drawn first; the opening load on 2015-01-01 is then sized
so that the town has exactly 3,456 members on 2017-11-30, and the schedule holds exactly 157 admissions from
2017-01-01 to 2017-11-30. On 2025-06-30 a few moves between the town's units bring the cells that form
phường Hương Trà to exactly `WARD_MEMBERS` members on 2025-07-01. No event falls on a restructuring day, and
no member has two events on one day.

A member who moves between units stays on the register to the end (and a member who will leave never moves),
so the loader can write each member's entry and exit in one bulk call and the moves in another."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from datetime import date

from dangvu.demo import huong_tra as ht
from dangvu.demo import names
from dangvu.members.entries import Decision, MemberEntry, TransferEntry

SEED = 2017
OPENING_DAY = date(2015, 1, 1)
END = date(2026, 11, 29)  # the history stops here whatever the date of the run
SEED_FROM, SEED_TO = date(2017, 1, 1), date(2017, 11, 30)
SEED_ADMITTED, SEED_AT_END = 157, 3456
WARD_MEMBERS = 1115
BALANCING_DAY = date(2025, 6, 30)
# Names of real people in the seed: never generated.
REAL_NAMES = frozenset({"Trần Duy Tuyến", "Bùi Thanh Hà", "Liên Minh"})


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day: dt.date, years: int) -> dt.date:
    return add_months(day, -12 * years)


@dataclass(eq=False)  # compared by identity: two members are never "equal"
class Person:
    serial: int
    full_name: str
    sex: str
    birth_date: dt.date
    unit: str  # the unit at entry
    entry_kind: str  # opening | admission | transfer
    entered_on: dt.date
    admitted_on: dt.date
    official_on: dt.date | None
    profile: dict
    left_on: dt.date | None = None
    left_reason: str = ""
    moves: list[tuple[dt.date, str]] = field(default_factory=list)
    busy: set[dt.date] = field(default_factory=set)
    decision: Decision = field(default_factory=Decision)

    @property
    def code(self) -> str:
        return f"DV{self.serial:06d}"

    @property
    def current_unit(self) -> str:
        return self.moves[-1][1] if self.moves else self.unit

    @property
    def stays(self) -> bool:
        """Moved between units at least once: never leaves the register."""
        return bool(self.moves)

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month,
                                                                          self.birth_date.day))


@dataclass
class History:
    people: list[Person]
    units: list[ht.Unit]

    def member_entries(self) -> list[MemberEntry]:
        out = []
        for row, p in enumerate(self.people, start=2):
            out.append(MemberEntry(
                row=row, code=p.code, full_name=p.full_name, birth_date=p.birth_date, sex=p.sex,
                organization_code=p.unit, admitted_on=p.admitted_on, official_on=p.official_on,
                entry_kind=p.entry_kind,
                registered_on=p.entered_on if p.entry_kind != "admission" else None,
                left_on=p.left_on, left_reason=p.left_reason, profile=dict(p.profile), decision=p.decision,
            ))
        return out

    def transfer_entries(self) -> list[TransferEntry]:
        moves = sorted((on, p.code, to) for p in self.people for on, to in p.moves)
        return [TransferEntry(row=row, member_code=code, on=on, to_organization_code=to)
                for row, (on, code, to) in enumerate(moves, start=2)]

    def unit_on(self, person: Person, day: dt.date) -> str | None:
        """The member's registered unit at the end of `day`, or None when not on the register."""
        if not (person.entered_on <= day and (person.left_on is None or day < person.left_on)):
            return None
        unit = person.unit
        for on, to in person.moves:
            if on <= day:
                unit = to
        return unit


class _Generator:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.units = ht.units()
        self.cells = [u for u in self.units if u.weight > 0]
        self.cum_weights = list(itertools.accumulate(c.weight for c in self.cells))
        self.by_code = {u.code: u for u in self.units}
        self.people: list[Person] = []
        self.active: list[Person] = []
        self.ward_cells = set(ht.ward_cells())
        self.decisions: dict[int, int] = {}

    # --- dates and drawing -------------------------------------------------------------------------------

    def free_day(self, start: dt.date, end: dt.date) -> dt.date:
        """A day in [start, end] on which nothing structural happens (no restructuring, not 29 February,
        and neither is its first anniversary, the day the member would become official)."""
        span = (end - start).days
        while True:
            day = start + dt.timedelta(days=self.rng.randint(0, span))
            later = add_months(day, 12)
            if (day.month, day.day) != (2, 29) and day not in ht.RESTRUCTURING_DAYS and \
                    later not in ht.RESTRUCTURING_DAYS and day != OPENING_DAY:
                return day

    def pick_cell(self, exclude: str | None = None) -> ht.Unit:
        while True:
            cell = self.rng.choices(self.cells, cum_weights=self.cum_weights)[0]
            if cell.code != exclude:
                return cell

    def new_person(self, cell: ht.Unit, entry_kind: str, entered_on: dt.date, admitted_on: dt.date,
                   birth_date: dt.date, sex: str) -> Person:
        serial = len(self.people) + 1
        while True:
            name = names.full_name(self.rng, sex)
            if name not in REAL_NAMES:
                break
        official_on = add_months(admitted_on, 12)
        if official_on > END:
            official_on = None
        profile = self.profile(serial, cell, birth_date, sex, admitted_on, official_on)
        person = Person(serial, name, sex, birth_date, cell.code, entry_kind, entered_on, admitted_on,
                        official_on, profile)
        person.busy.add(entered_on)
        if official_on:
            person.busy.add(official_on)
        if entry_kind == "admission":
            person.decision = self.decision(admitted_on)
        self.people.append(person)
        self.active.append(person)
        return person

    def decision(self, admitted_on: dt.date) -> Decision:
        """The admission decision: the ceremony follows within 30 working days (here 7–25 calendar days)."""
        year = admitted_on.year
        self.decisions[year] = self.decisions.get(year, 0) + 1
        town = admitted_on < ht.REFORM
        return Decision(
            number=f"{self.decisions[year]}-QĐ/{'TU' if town else 'ĐU'}",
            date=admitted_on - dt.timedelta(days=self.rng.randint(7, 25)),
            body="Ban Thường vụ Thị ủy Hương Trà" if town else "Ban Thường vụ Đảng ủy cấp trên cơ sở",
        )

    def profile(self, serial, cell, birth_date, sex, admitted_on, official_on) -> dict:
        rng = self.rng
        born = birth_date.year
        if born < 1960:
            education = rng.choice(("10/10", "10/10", "7/10", "12/12"))
        else:
            education = rng.choices(("12/12", "9/12"), weights=(88, 12))[0]
        theory = rng.choices(("elementary", "intermediate", "none", "advanced", "bachelor"),
                             weights=(55, 22, 12, 8, 3))[0]
        profile = {
            "ethnicity": names.weighted(rng, names.ETHNICITIES),
            "religion": names.weighted(rng, names.RELIGIONS),
            "hometown": f"{cell.place or 'Tứ Hạ'}, Hương Trà, Thừa Thiên Huế",
            "citizen_id": names.citizen_id(serial, birth_date, sex),
            "education": education,
            "theory_level": theory,
        }
        if rng.random() < 0.85:
            profile["phone"] = names.phone(serial)
        if official_on is not None:
            profile["card_number"] = names.card_number(serial)
        return profile

    def sex_for(self, cell: ht.Unit) -> str:
        return "female" if self.rng.random() < cell.women else "male"

    # --- flows -------------------------------------------------------------------------------------------

    def admit(self, day: dt.date) -> None:
        cell = self.pick_cell()
        age = self.rng.choices((self.rng.randint(18, 29), self.rng.randint(30, 44), self.rng.randint(45, 58)),
                               weights=(68, 27, 5))[0]
        birth = years_before(day, age) - dt.timedelta(days=self.rng.randint(1, 360))
        self.new_person(cell, "admission", day, day, birth, self.sex_for(cell))

    def arrive(self, day: dt.date) -> None:
        cell = self.pick_cell()
        age = self.rng.randint(24, 55)
        birth = years_before(day, age) - dt.timedelta(days=self.rng.randint(1, 360))
        admitted = self.free_day(years_before(day, max(1, age - 20)), day - dt.timedelta(days=60))
        self.new_person(cell, "transfer", day, admitted, birth, self.sex_for(cell))

    def eligible(self, person: Person, day: dt.date, leaving: bool) -> bool:
        return day not in person.busy and person.entered_on < day and not (leaving and person.stays)

    def draw(self, day: dt.date, leaving: bool, weight, top: float) -> Person:
        """A member on the register on `day`, drawn with probability proportional to `weight` (at most
        `top`), by rejection: cheaper than weighing everyone for each of the thousands of flows."""
        while True:
            person = self.rng.choice(self.active)
            if self.eligible(person, day, leaving) and self.rng.random() * top < weight(person):
                return person

    def leave(self, day: dt.date, reason: str) -> None:
        if reason == "died":
            person = self.draw(day, True, lambda p: max(p.age_on(day) - 40, 1) ** 3, 60.0 ** 3)
        elif reason == "transferred_out":
            person = self.draw(day, True, lambda p: 3 if p.age_on(day) < 45 else 1, 3)
        else:  # removed: many of them probationary members not recognised as official
            person = self.draw(day, True, lambda p: 1 if p.official_on and p.official_on <= day else 40, 40)
        if person.official_on and person.official_on > day:
            person.official_on = None
            person.busy = {d for d in person.busy if d <= day}
            person.profile.pop("card_number", None)
        person.left_on, person.left_reason = day, reason
        person.busy.add(day)
        self.active.remove(person)

    def move(self, person: Person, day: dt.date, to: str) -> None:
        person.moves.append((day, to))
        person.busy.add(day)

    def move_somewhere(self, day: dt.date) -> None:
        person = self.draw(day, False, lambda p: 1, 1)
        self.move(person, day, self.pick_cell(exclude=person.current_unit).code)

    def balance_ward(self, day: dt.date) -> None:
        """Moves on `day` so that the cells forming phường Hương Trà hold exactly WARD_MEMBERS members."""
        inside = [p for p in self.active if p.current_unit in self.ward_cells]
        diff = WARD_MEMBERS - len(inside)
        if diff > 0:
            pool = [p for p in self.active if self.eligible(p, day, False)
                    and ht.ward_of(p.current_unit) == "P-KIMTRA"]
            targets = sorted(self.ward_cells)
        else:
            pool = [p for p in self.active
                    if self.eligible(p, day, False) and p.current_unit in self.ward_cells]
            targets = sorted(c.code for c in self.cells if ht.ward_of(c.code) == "P-KIMTRA")
        for person in self.rng.sample(pool, abs(diff)):
            self.move(person, day, self.rng.choice(targets))

    # --- the whole history ------------------------------------------------------------------------------

    def schedule(self) -> list[tuple[dt.date, int, str]]:
        """Every dated flow from the opening to END: (day, order, kind)."""
        flows: list[tuple[dt.date, int, str]] = []
        rng = self.rng

        def add(kind, count, start, end):
            flows.extend((self.free_day(start, end), len(flows), kind) for _ in range(count))

        for year in range(2015, END.year + 1):
            start, end = date(year, 1, 2) if year == 2015 else date(year, 1, 1), min(date(year, 12, 31), END)
            if year == 2017:
                add("admission", SEED_ADMITTED, SEED_FROM, SEED_TO)
                add("admission", 11, date(2017, 12, 1), end)
            else:
                add("admission", rng.randint(140, 170) if year != END.year else 120, start, end)
            add("transfer_in", rng.randint(14, 24), start, end)
            add("transferred_out", rng.randint(24, 34), start, end)
            add("died", rng.randint(48, 64), start, end)
            add("removed", rng.randint(2, 6), start, end)
            add("move", rng.randint(20, 32), start, end)
        flows.sort()
        return flows

    def opening(self, count: int) -> None:
        for _ in range(count):
            cell = self.pick_cell()
            age = self.rng.choices(range(20, 86), weights=[min(a - 19, 25) * (1 if a < 70 else 0.5)
                                                          for a in range(20, 86)])[0]
            birth = years_before(OPENING_DAY, age) - dt.timedelta(days=self.rng.randint(1, 360))
            joined_at = self.rng.randint(18, min(age - 1, 40))
            admitted = add_months(birth, 12 * joined_at + self.rng.randint(0, 11))
            if admitted >= OPENING_DAY - dt.timedelta(days=1):
                admitted = OPENING_DAY - dt.timedelta(days=self.rng.randint(2, 300))
            if (admitted.month, admitted.day) == (2, 29):
                admitted -= dt.timedelta(days=1)
            self.new_person(cell, "opening", OPENING_DAY, admitted, birth, self.sex_for(cell))

    def run(self) -> History:
        flows = self.schedule()
        net = sum({"admission": 1, "transfer_in": 1, "move": 0}.get(kind, -1)
                  for day, _o, kind in flows if day <= SEED_TO)
        self.opening(SEED_AT_END - net)
        balanced = False
        for day, _order, kind in flows:
            if not balanced and day > BALANCING_DAY:
                self.balance_ward(BALANCING_DAY)
                balanced = True
            if kind == "admission":
                self.admit(day)
            elif kind == "transfer_in":
                self.arrive(day)
            elif kind == "move":
                self.move_somewhere(day)
            else:
                self.leave(day, kind)
        return History(self.people, self.units)


def generate(seed: int = SEED) -> History:
    return _Generator(seed).run()
