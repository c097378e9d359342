"""The demo's inspection, supervision and discipline history, written through the oversight services.

2017 makes the seed exact for `HT` from 1 January to 30 November (PRODUCT.md): the grassroots committees
inspected 30 organisations (one of them twice) and 5 members, supervised 29 organisations and 4 members,
and 16 members were disciplined (9 reprimands, 5 warnings, 2 expulsions); a few more follow in December.
The 2 expelled members are members whom the generated history had leaving by transfer on that day in
2017 (`prepare` takes that exit out of the history), so that the register still holds 3,456 members on
30 November and the expulsion goes through members.services.expel. Later years carry plausible activity
of whatever committees stood then. Subjects come from sorted codes and a fixed random seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from datetime import date

from django.db.models import Q

from dangvu.demo import huong_tra as ht
from dangvu.demo.history import History
from dangvu.members.models import Member, MembershipSpan
from dangvu.organizations import selectors as org_selectors
from dangvu.organizations.models import Organization
from dangvu.oversight import discipline, services
from dangvu.oversight.models import Programme
from dangvu.oversight.subjects import member_standing

SEED = 20171130
SEED_FROM, SEED_TO = date(2017, 1, 1), date(2017, 11, 30)
INSPECTION_KINDS = ("task_performance", "party_fee", "finance", "violation_signs", "inspection_work")
INSPECTION_WEIGHTS = (40, 25, 15, 12, 8)
COMMITTEE_KINDS = ("grassroots_committee", "committee")


def prepare(history: History, exclude: set[str] = frozenset()) -> tuple[History, list[tuple[str, dt.date]]]:
    """Two official members who left by transfer in 2017 stay instead, to be expelled on that day (none of
    `exclude`: the holders of committee posts)."""
    candidates = sorted(
        (
            p
            for p in history.people
            if p.left_reason == "transferred_out"
            and p.left_on
            and p.code not in exclude
            and date(2017, 2, 1) <= p.left_on <= date(2017, 11, 20)
            and p.official_on
            and p.official_on <= p.left_on - dt.timedelta(days=30)
            and p.entered_on < p.left_on - dt.timedelta(days=30)
        ),
        key=lambda p: p.code,
    )
    chosen = (
        sorted(random.Random(SEED).sample(candidates, 2), key=lambda p: p.code) if len(candidates) > 1 else []
    )
    expulsions = []
    for p in chosen:
        expulsions.append((p.code, p.left_on))
        p.left_on, p.left_reason = None, ""
    return history, expulsions


class _Writer:
    def __init__(self, day: dt.date, say: Callable[[str], None]):
        self.rng = random.Random(SEED)
        self.day = day
        self.say = say
        self.programmes: dict[tuple[int, int], Programme] = {}
        self.serial: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def code(self, prefix: str, year: int) -> str:
        key = f"{prefix}-{year}"
        self.serial[key] = self.serial.get(key, 0) + 1
        return f"{key}-{self.serial[key]:03d}"

    def date_in(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # --- the tree and the register of a day ------------------------------------------------------------
    def bodies_on(self, day: dt.date) -> list[tuple[Organization, list[Organization]]]:
        """The committees (not the province) standing on `day` that have cells under them, with the cells."""
        bodies = (
            Organization.objects.filter(kind__in=COMMITTEE_KINDS)
            .exclude(code__in=(ht.ROOT, ht.TOWN))
            .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
            .order_by("code")
        )
        out = []
        for body in bodies:
            cells = list(org_selectors.children_on(body, day))
            if cells:
                out.append((body, cells))
        return out

    def members_of(self, body: Organization, day: dt.date) -> list[int]:
        return sorted(
            MembershipSpan.objects.on_register(day).filter(ancestor=body)
            .values_list("member_id", flat=True)
            .distinct()
        )

    def deciding_body(self, member: Member, form: str, day: dt.date) -> Organization:
        unit = Organization.objects.get(pk=member_standing(member, day).unit_id)
        if unit.kind == "cell" or (unit.kind == "grassroots_cell" and form not in ("reprimand", "warning")):
            return org_selectors.parent_on(unit, day)
        return unit

    # --- writing ---------------------------------------------------------------------------------------
    def programme_item(self, body: Organization, day: dt.date, subject: str, activity: str, kind: str):
        key = (body.id, day.year)
        if key not in self.programmes:
            self.programmes[key] = services.create_programme(
                actor=None, body=body, year=day.year, title=f"Chương trình kiểm tra, giám sát năm {day.year}"
            )
            # One planned item never carried out: the programme shows it late.
            services.add_item(
                actor=None,
                programme=self.programmes[key],
                subject="Giám sát chuyên đề công tác phát triển đảng viên",
                activity="supervision",
                kind="thematic",
                planned_month=10,
                lead="Ủy ban Kiểm tra",
            )
        return services.add_item(
            actor=None,
            programme=self.programmes[key],
            subject=subject[:255],
            activity=activity,
            kind=kind,
            planned_month=day.month,
            lead="Ủy ban Kiểm tra",
        )

    def review(
        self, activity: str, body: Organization, subject, day: dt.date, kind: str | None = None
    ) -> None:
        if day > self.day:
            return
        rng = self.rng
        if kind is None:
            kind = (
                rng.choices(INSPECTION_KINDS, weights=INSPECTION_WEIGHTS)[0]
                if activity == "inspection"
                else rng.choice(("regular", "regular", "thematic"))
            )
        subject_type = "member" if isinstance(subject, Member) else "organization"
        name = subject.full_name if isinstance(subject, Member) else subject.name
        item = self.programme_item(body, day, name, activity, kind)
        concluded = day + dt.timedelta(days=rng.randint(15, 45))
        concluded = concluded if concluded <= self.day else None
        found = None
        if activity == "inspection":
            found = rng.random() < (0.7 if kind == "violation_signs" else 0.15)
        review = services.record_review(
            actor=None,
            activity=activity,
            code=self.code("KT" if activity == "inspection" else "GS", day.year),
            subject_type=subject_type,
            subject=subject,
            conducted_by=body,
            kind=kind,
            started_on=day,
            concluded_on=concluded,
            violation_found=found,
            team="Tổ kiểm tra của Ủy ban Kiểm tra (3 đồng chí)",
            findings="Cơ bản thực hiện đúng quy định; còn một số hạn chế trong ghi chép sổ sách."
            if concluded
            else "",
            conclusion="Đã thông báo kết luận." if concluded else "",
            programme_item=item,
        )
        self.counts[activity] = self.counts.get(activity, 0) + 1
        if concluded and (found or rng.random() < 0.3):
            owner = (
                subject
                if subject_type == "organization"
                else Organization.objects.get(pk=member_standing(subject, day).unit_id)
            )
            deadline = concluded + dt.timedelta(days=rng.choice((30, 60, 90)))
            rec = services.recommend(
                actor=None,
                review=review,
                owner_organization=owner,
                deadline=deadline,
                text="Khắc phục các hạn chế đã nêu trong kết luận và báo cáo kết quả.",
                owner="Bí thư chi bộ",
            )
            done_on = deadline - dt.timedelta(days=rng.randint(0, 20))
            if done_on <= self.day and rng.random() < 0.85:
                services.set_recommendation_status(actor=None, recommendation=rec, status="done", on=done_on)

    def discipline(self, member: Member, form: str, day: dt.date, announced: dt.date | None = None) -> None:
        if day > self.day:
            return
        body = self.deciding_body(member, form, day)
        discipline.record_discipline(
            actor=None,
            code=self.code("KL", day.year),
            subject_type="member",
            subject=member,
            form=form,
            decided_by=body,
            decided_on=day,
            announced_on=announced or day + dt.timedelta(days=self.rng.randint(1, 5)),
            violation_on=day - dt.timedelta(days=self.rng.randint(30, 300)),
            summary="Vi phạm quy định về những điều đảng viên không được làm (dữ liệu mẫu).",
        )
        self.counts["discipline"] = self.counts.get("discipline", 0) + 1

    # --- a period ----------------------------------------------------------------------------------------
    def organisations(self, activity: str, count: int, start: dt.date, end: dt.date, bodies, repeat: int = 0):
        pairs = sorted(((body, cell) for body, cells in bodies for cell in cells), key=lambda bc: bc[1].code)
        chosen = self.rng.sample(pairs, min(count, len(pairs)))
        for body, cell in chosen + self.rng.sample(chosen, repeat):
            self.review(activity, body, cell, self.date_in(start, end))

    def members(self, count: int, start: dt.date, end: dt.date, bodies, taken: set[int]) -> list[tuple]:
        """`count` distinct members on the register on their drawn day, with the committee above them."""
        out = []
        while len(out) < count:
            body, _cells = self.rng.choice(bodies)
            day = self.date_in(start, end)
            ids = [i for i in self.members_of(body, day) if i not in taken]
            if ids:
                member_id = self.rng.choice(ids)
                taken.add(member_id)
                out.append((body, Member.objects.get(pk=member_id), day))
        return out

    def year_2017(self, expulsions: list[tuple[str, dt.date]]) -> None:
        start, end = date(2017, 1, 5), date(2017, 11, 25)
        bodies = [
            (b, cells)
            for b, cells in self.bodies_on(date(2017, 6, 1))
            if org_selectors.parent_on(b, date(2017, 6, 1)).code == ht.TOWN
        ]
        self.organisations("inspection", 30, start, end, bodies, repeat=1)
        self.organisations("supervision", 29, start, end, bodies)
        for body, member, day in self.members(5, start, end, bodies, set()):
            self.review("inspection", body, member, day, "violation_signs")
        for body, member, day in self.members(4, start, end, bodies, set()):
            self.review("supervision", body, member, day, "regular")
        taken = {Member.objects.get(code=code).pk for code, _on in expulsions}
        disciplined = self.members(14, start, date(2017, 11, 20), bodies, taken)
        for (_body, member, day), form in zip(disciplined, ["reprimand"] * 9 + ["warning"] * 5, strict=True):
            self.discipline(member, form, day)
        for code, on in expulsions:
            self.discipline(
                Member.objects.get(code=code), "expulsion", on - dt.timedelta(days=4), announced=on
            )
        december = (date(2017, 12, 4), date(2017, 12, 20))
        self.organisations("inspection", 2, *december, bodies)
        self.organisations("supervision", 2, *december, bodies)

    def later_year(self, year: int) -> None:
        for start, end in ((date(year, 1, 5), date(year, 6, 25)), (date(year, 7, 5), date(year, 12, 20))):
            end = min(end, self.day)
            if end < start:
                return
            bodies = self.bodies_on(start + (end - start) / 2)
            if not bodies:
                continue
            rng = self.rng
            self.organisations("inspection", rng.randint(12, 20), start, end, bodies)
            self.organisations("supervision", rng.randint(12, 18), start, end, bodies)
            for body, member, day in self.members(rng.randint(1, 4), start, end, bodies, set()):
                self.review("inspection", body, member, day, "violation_signs")
            for body, member, day in self.members(rng.randint(1, 3), start, end, bodies, set()):
                self.review("supervision", body, member, day, "regular")
            for _body, member, day in self.members(rng.randint(3, 7), start, end, bodies, set()):
                self.discipline(member, rng.choice(("reprimand", "reprimand", "warning")), day)


def load(expulsions: list[tuple[str, dt.date]], day: dt.date, say: Callable[[str], None]) -> None:
    """Write the history up to `day` (the caller holds the transaction)."""
    writer = _Writer(day, say)
    if day >= SEED_FROM:
        writer.year_2017(expulsions)
    for year in range(2018, day.year + 1):
        writer.later_year(year)
    say(
        f"{writer.counts.get('inspection', 0)} inspections, "
        f"{writer.counts.get('supervision', 0)} supervisions, "
        f"{writer.counts.get('discipline', 0)} discipline decisions"
    )
