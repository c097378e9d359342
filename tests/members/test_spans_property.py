"""Property: the spans that `rebuild_for_members` writes give, through `member_figures`, exactly the
counts of CONTRACT.md "Figures" evaluated day by day from the events and the parent links of each day
(an oracle written here independently of members.spans), for random small trees that are restructured at
random dates and random valid histories; and the balance holds."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.members.figures import member_figures
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.spans import rebuild_for_members
from dangvu.organizations.models import Organization, OrganizationParent

D0 = dt.date(2020, 1, 1)
DAYS = 60
LONG_AGO = dt.date(2019, 1, 1)
UNITS = ["R", "W1", "W2", "W3", "C1", "C2", "C3", "C4"]
ENTRY = {
    EventKind.ADMISSION: "admitted",
    EventKind.READMISSION: "admitted",
    EventKind.OPENING: "opening",
    EventKind.REINSTATEMENT: "reinstated",
    EventKind.TRANSFER_IN: "transferred_in",
}
EXIT = {
    EventKind.REMOVAL: "removed",
    EventKind.EXPULSION: "expelled",
    EventKind.DEATH: "died",
    EventKind.TRANSFER_OUT: "transferred_out",
}


def day(n):
    return D0 + dt.timedelta(days=n)


@st.composite
def tree_history(draw):
    """Parent of each unit through time: [(from, parent)], W2/W3 between R and W1, cells among the wards."""
    history = {"R": [(LONG_AGO, None)], "W1": [(LONG_AGO, "R")]}
    for w in ("W2", "W3"):
        history[w] = [(LONG_AGO, "R")]
        for n in sorted(draw(st.sets(st.integers(0, DAYS - 1), max_size=2))):
            history[w].append((day(n), "W1" if history[w][-1][1] == "R" else "R"))
    for c in ("C1", "C2", "C3", "C4"):
        history[c] = [(LONG_AGO, draw(st.sampled_from(["W1", "W2", "W3"])))]
        for n in sorted(draw(st.sets(st.integers(0, DAYS - 1), max_size=2))):
            history[c].append((day(n), draw(st.sampled_from(["W1", "W2", "W3"]))))
    return history


@st.composite
def member_history(draw):
    """A valid history: (kind, day, unit) with one event per day at most."""
    events = []
    n = draw(st.integers(0, 20))
    kind = draw(st.sampled_from([EventKind.ADMISSION, EventKind.OPENING, EventKind.TRANSFER_IN]))
    unit = draw(st.sampled_from(UNITS))
    events.append((kind, day(n), unit))
    on_register, official, last_exit = True, False, None
    while True:
        n += draw(st.integers(1, 12))
        if n >= DAYS or draw(st.integers(0, 5)) == 0:
            return events
        if on_register:
            choices = ["move", "exit"] + ([] if official else ["official"])
            action = draw(st.sampled_from(choices))
            if action == "move":
                target = draw(st.sampled_from([u for u in UNITS if u != unit]))
                events.append((EventKind.TRANSFER, day(n), target))
                unit = target
            elif action == "official":
                events.append((EventKind.OFFICIAL, day(n), None))
                official = True
            else:
                last_exit = draw(st.sampled_from(list(EXIT)))
                events.append((last_exit, day(n), None))
                on_register = False
                if last_exit == EventKind.DEATH:
                    return events
        else:
            back = {
                EventKind.REMOVAL: EventKind.READMISSION,
                EventKind.EXPULSION: EventKind.REINSTATEMENT,
                EventKind.TRANSFER_OUT: EventKind.TRANSFER_IN,
            }[last_exit]
            unit = draw(st.sampled_from(UNITS))
            events.append((back, day(n), unit))
            on_register = True
            if back == EventKind.READMISSION:
                official = False
    return events  # pragma: no cover


# --- the oracle ---------------------------------------------------------------------------------------
def parent_on(history, unit, d):
    current = None
    for since, parent in history[unit]:
        if since <= d:
            current = parent
    return current


def unit_on(events, d):
    unit = None
    for kind, on, org in events:
        if on > d:
            break
        if kind in ENTRY or kind == EventKind.TRANSFER:
            unit = org
        elif kind in EXIT:
            unit = None
    return unit


def is_in(history, events, x, d):
    u = unit_on(events, d)
    while u is not None:
        if u == x:
            return True
        u = parent_on(history, u, d)
    return False


def official_date(events, d):
    """The official date of the membership life current on d (a life starts at each admission)."""
    starts = [on for kind, on, _o in events if kind in (EventKind.ADMISSION, EventKind.READMISSION)]
    begin = max((on for on in starts if on <= d), default=dt.date.min)
    end = min((on for on in starts if on > d), default=dt.date.max)
    return next((on for kind, on, _o in events if kind == EventKind.OFFICIAL and begin <= on < end), None)


def oracle(history, members, x, f, t):
    out = dict.fromkeys(
        ["at_start", "at_end", "official_at_end", "made_official", *ENTRY.values(), *EXIT.values()], 0
    )
    for events in members:
        out["at_start"] += is_in(history, events, x, f - dt.timedelta(days=1))
        if is_in(history, events, x, t):
            out["at_end"] += 1
            official = official_date(events, t)
            out["official_at_end"] += bool(official and official <= t)
        d = f
        while d <= t:
            before, now = is_in(history, events, x, d - dt.timedelta(days=1)), is_in(history, events, x, d)
            kind = next((k for k, on, _o in events if on == d), None)
            if now and not before:
                out[ENTRY.get(kind, "transferred_in")] += 1
            elif before and not now:
                out[EXIT.get(kind, "transferred_out")] += 1
            d += dt.timedelta(days=1)
        out["made_official"] += sum(
            1
            for k, on, _o in events
            if k == EventKind.OFFICIAL and f <= on <= t and is_in(history, events, x, on)
        )
    return out


# --- the property -------------------------------------------------------------------------------------
def write(history, members):
    orgs = {code: Organization.objects.create(code=code, name=code, kind="cell") for code in UNITS}
    for code, items in history.items():
        for i, (since, parent) in enumerate(items):
            until = items[i + 1][0] if i + 1 < len(items) else None
            OrganizationParent.objects.create(
                organization=orgs[code], parent=orgs.get(parent), valid_from=since, valid_to=until
            )
    ids = []
    for i, events in enumerate(members):
        m = Member.objects.create(
            code=f"M{i}", full_name=f"Đảng viên {i}", birth_date=dt.date(1980, 1, 1), sex="male"
        )
        MemberEvent.objects.bulk_create(
            MemberEvent(member=m, kind=k, on=on, organization=orgs.get(org)) for k, on, org in events
        )
        ids.append(m.pk)
    rebuild_for_members(ids)
    return orgs


@pytest.mark.django_db
@settings(max_examples=50, deadline=None)
@given(
    history=tree_history(),
    members=st.lists(member_history(), min_size=1, max_size=4),
    period=st.tuples(st.integers(0, DAYS - 1), st.integers(0, DAYS - 1)),
)
def test_spans_match_the_day_by_day_oracle(history, members, period):
    f, t = day(min(period)), day(max(period))
    with transaction.atomic():
        orgs = write(history, members)
        for code, org in orgs.items():
            for a, b in ((f, t), (day(0), day(DAYS - 1))):
                got = member_figures(org.pk, a, b)
                expected = oracle(history, members, code, a, b)
                assert {k: got[k] for k in expected} == expected, (code, a, b)
                assert got["probationary_at_end"] == got["at_end"] - got["official_at_end"]
                assert got["at_end"] == (
                    got["at_start"]
                    + got["admitted"]
                    + got["opening"]
                    + got["reinstated"]
                    + got["transferred_in"]
                    - got["transferred_out"]
                    - got["removed"]
                    - got["expelled"]
                    - got["died"]
                )
        transaction.set_rollback(True)
