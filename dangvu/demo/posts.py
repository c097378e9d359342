"""Who holds the executive-committee posts of the demo (pure: chosen from the generated history with their
own fixed seed, so the holders are the same on every run)."""

from __future__ import annotations

import datetime as dt
import random

from dangvu.demo import huong_tra as ht
from dangvu.demo.history import History, Person

MOVED_2021 = {f"{ht.TOWN}-{code}" for code, _p, _w, _r, fate, _t, _f in ht.LOCALITIES if fate == ht.ROOT}
LEADERS_FROM = (f"{ht.TOWN}-VPTU", f"{ht.TOWN}-CQ-", f"{ht.TOWN}-MTDT")


def _stays_in_town(code: str) -> bool:
    """A unit that stands under the town until 2025 (not one of those passed to Huế in 2021)."""
    return not any(code == unit or code.startswith(unit + "-") for unit in MOVED_2021)


def _eligible(history: History, person: Person, committee: ht.Committee, ward_cells: set[str]) -> bool:
    """On the register in the committee's unit for the whole term (never leaves, no move after the start),
    and of working age at its start."""
    start = committee.start_on
    if person.left_on is not None or person.entered_on >= start or not 30 <= person.age_on(start) <= 60:
        return False
    if any(on >= start for on, _to in person.moves):
        return False
    unit = history.unit_on(person, start)
    if committee.organization == ht.WARD:
        return unit in ward_cells
    return unit is not None and unit.startswith(ht.TOWN + "-") and _stays_in_town(unit)


def holders(history: History) -> dict[tuple[str, int], list[tuple[str, str, dt.date]]]:
    """(unit code, term number) → [(post, member code, from)], the secretary first."""
    rng = random.Random(f"{ht.TOWN}-committees")
    out: dict[tuple[str, int], list[tuple[str, str, dt.date]]] = {}
    ward_cells = set(ht.ward_cells())
    for committee in ht.COMMITTEES:
        pool = [p for p in history.people if _eligible(history, p, committee, ward_cells)]
        leaders = [p for p in pool if committee.organization == ht.WARD
                   or (p.current_unit or "").startswith(LEADERS_FROM)]
        chosen: list[tuple[str, str, dt.date]] = []
        taken: set[int] = set()
        for post, count in committee.posts:
            source = leaders if post in ("secretary", "deputy_secretary") else pool
            picks = rng.sample([p for p in source if p.serial not in taken], count)
            for person in sorted(picks, key=lambda p: p.serial):
                taken.add(person.serial)
                chosen.append((post, person.code, committee.start_on))
        out[(committee.organization, committee.number)] = chosen
    return out
