"""The 2018 work of the Hương Trà town committee (HT), as the seed describes it, written through the
workplans services: the provincial Standing Deputy Secretary's conclusions of the late-2017 working session
as a directive, whose items became tasks, and the town's 2018 plan with its targets (admissions,
inspection and supervision, evaluation of every secretary and deputy secretary, the restructuring scheme
for Resolution 18-NQ/TW). The tasks were carried through 2018: most on time, some late, one cancelled,
with dated progress notes. Owners are members of HT's units on the day of assignment, picked with a fixed
seed from codes in sorted order. The assigner is the town's 2015–2020 secretary (demo login
`bithu.thixa2017`); the system records on behalf of owners who have no login."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from datetime import date

from dangvu.accounts.models import User
from dangvu.demo import huong_tra as ht
from dangvu.members.models import Member, MembershipSpan
from dangvu.organizations.models import Organization
from dangvu.workplans import services

SEED = 2018
ASSIGNER = "bithu.thixa2017"
WORKING_SESSION = date(2017, 12, 8)
DIRECTIVE_RECORDED = date(2017, 12, 15)
PLAN_ISSUED = date(2018, 1, 10)


@dataclass(frozen=True)
class Work:
    """One task: its unit, deadline and how 2018 went (`outcome`: on_time, late, extended, cancelled)."""

    title: str
    product: str
    unit: str  # organisation code; "HT" for the town's own offices
    deadline: dt.date
    outcome: str
    closed: dt.date | None = None
    item: int = 0  # the directive or plan item (1-based)


DIRECTIVE_ITEMS = [
    "Tổ chức đánh giá kỹ hoạt động năm 2017 trên tất cả các mặt, nhất là những khó khăn, vướng mắc.",
    "Xây dựng kế hoạch năm 2018 hết sức cụ thể; rõ người, rõ việc, có kiểm tra giám sát; có điều kiện bảo "
    "đảm hoàn thành nhiệm vụ.",
    "Tăng cường công tác quản lý cán bộ; quan tâm cán bộ cốt cán kế cận.",
    "Tổ chức đánh giá cán bộ, ít nhất đối với bí thư, phó bí thư từ thị ủy đến cơ sở, thị ủy viên.",
    "Bố trí, sắp đặt lại những chỗ thiếu và có tính kế thừa.",
    "Xây dựng đề án chuẩn bị thực hiện Nghị quyết Trung ương 6 (Nghị quyết 18-NQ/TW).",
    "Quan tâm cải cách hành chính trong Đảng, ứng dụng công nghệ thông tin; tăng cường phối kết hợp để bảo "
    "đảm thông tin thông suốt.",
    "Đổi mới công tác nắm bắt tư tưởng và dư luận xã hội; chủ động tuyên truyền.",
    "Xây dựng lực lượng nòng cốt có độ tin cậy.",
]

DIRECTIVE_WORK = [
    Work(
        "Báo cáo đánh giá toàn diện hoạt động năm 2017",
        "Báo cáo của Ban Thường vụ Thị ủy",
        ht.TOWN,
        date(2018, 1, 15),
        "on_time",
        date(2018, 1, 12),
        1,
    ),
    Work(
        "Ban hành kế hoạch công tác năm 2018 của Thị ủy",
        "Kế hoạch có phân công người, việc, thời hạn",
        ht.TOWN,
        date(2018, 1, 10),
        "on_time",
        date(2018, 1, 10),
        2,
    ),
    Work(
        "Rà soát, bổ sung quy hoạch cán bộ kế cận",
        "Danh sách quy hoạch được Ban Thường vụ thông qua",
        ht.TOWN,
        date(2018, 6, 30),
        "late",
        date(2018, 7, 20),
        3,
    ),
    Work(
        "Đánh giá bí thư, phó bí thư các tổ chức cơ sở đảng",
        "Biên bản đánh giá của từng đảng bộ cơ sở",
        "HT-TUHA",
        date(2018, 12, 20),
        "on_time",
        date(2018, 12, 18),
        4,
    ),
    Work(
        "Kiện toàn các chức danh còn thiếu ở cơ sở",
        "Quyết định chỉ định, bổ sung cấp ủy",
        "HT-HVAN",
        date(2018, 9, 30),
        "extended",
        date(2018, 10, 25),
        5,
    ),
    Work(
        "Đề án sắp xếp tổ chức bộ máy theo Nghị quyết 18-NQ/TW",
        "Đề án trình Ban Thường vụ Tỉnh ủy",
        ht.TOWN,
        date(2018, 10, 31),
        "late",
        date(2018, 11, 28),
        6,
    ),
    Work(
        "Ứng dụng phần mềm quản lý văn bản trong các tổ chức đảng",
        "Phần mềm vận hành ở 100% đảng bộ cơ sở",
        ht.TOWN,
        date(2018, 8, 31),
        "on_time",
        date(2018, 8, 28),
        7,
    ),
    Work(
        "Lập tổ nắm bắt dư luận xã hội ở từng đảng bộ cơ sở",
        "Quyết định thành lập tổ và báo cáo tháng",
        "HT-HVAAN",
        date(2018, 4, 30),
        "on_time",
        date(2018, 4, 27),
        8,
    ),
    Work(
        "Xây dựng lực lượng nòng cốt ở khu dân cư",
        "Danh sách lực lượng nòng cốt từng khu dân cư",
        "HT-HXUAN",
        date(2018, 6, 30),
        "cancelled",
        date(2018, 5, 15),
        9,
    ),
]

PLAN_ITEMS = [
    ("Phát triển đảng viên theo hướng bảo đảm chất lượng", False),
    (
        "Nâng cao chất lượng kiểm tra, giám sát, nhất là giám sát thường xuyên và giám sát việc thực hiện "
        "các kết luận",
        False,
    ),
    ("Đánh giá cán bộ: mọi bí thư, phó bí thư từ thị xã đến cơ sở", True),
    ("Xây dựng đề án sắp xếp tổ chức bộ máy theo Nghị quyết 18-NQ/TW", True),
    ("Đổi mới phương thức lãnh đạo: phân công gắn với thời hạn, đề cao trách nhiệm cá nhân", False),
]

PLAN_WORK = [
    Work(
        "Kết nạp đảng viên mới quý I–II",
        "Hồ sơ kết nạp đủ điều kiện",
        "HT-TUHA",
        date(2018, 6, 30),
        "on_time",
        date(2018, 6, 29),
        1,
    ),
    Work(
        "Kết nạp đảng viên mới quý III–IV",
        "Hồ sơ kết nạp đủ điều kiện",
        "HT-HCHU",
        date(2018, 12, 31),
        "late",
        date(2019, 1, 10),
        1,
    ),
    Work(
        "Kiểm tra tổ chức đảng cấp dưới theo chương trình",
        "Thông báo kết luận kiểm tra",
        "HT-HVAN",
        date(2018, 11, 30),
        "on_time",
        date(2018, 11, 26),
        2,
    ),
    Work(
        "Giám sát việc thực hiện các kết luận kiểm tra năm 2017",
        "Báo cáo giám sát",
        "HT-HTOAN",
        date(2018, 9, 30),
        "on_time",
        date(2018, 9, 21),
        2,
    ),
    Work(
        "Tổng hợp kết quả đánh giá bí thư, phó bí thư",
        "Báo cáo tổng hợp kèm biên bản",
        ht.TOWN,
        date(2018, 12, 28),
        "on_time",
        date(2018, 12, 27),
        3,
    ),
    Work(
        "Quy chế phân công nhiệm vụ Thị ủy viên gắn thời hạn",
        "Quy chế ban hành",
        ht.TOWN,
        date(2018, 3, 31),
        "on_time",
        date(2018, 3, 30),
        5,
    ),
]

# Subtasks of the restructuring scheme (directive item 6): weight, title, unit, deadline, closed.
SCHEME_PARTS = [
    (1, "Khảo sát thực trạng tổ chức bộ máy", "HT-TUHA", date(2018, 6, 30), date(2018, 6, 25)),
    (2, "Dự thảo đề án và lấy ý kiến", ht.TOWN, date(2018, 10, 15), date(2018, 11, 20)),
]


class Owners:
    """Members of a unit's subtree on a day, in code order, drawn with a fixed seed."""

    def __init__(self):
        self.rng = random.Random(SEED)

    def pick(self, unit: Organization, day: dt.date) -> Member:
        codes = sorted(
            MembershipSpan.objects.on_register(day).filter(ancestor_id=unit.pk)
            .values_list("member__code", flat=True)
            .distinct()
        )
        return Member.objects.get(code=self.rng.choice(codes))


def build(day: dt.date) -> None:
    """Write the 2018 plan and directive, if the demo's clock is past 2018 and the town's 2015–2020
    secretary login exists."""
    assigner = User.objects.filter(username=ASSIGNER).first()
    if day < date(2019, 2, 1) or assigner is None:
        return
    town = Organization.objects.get(code=ht.TOWN)
    owners = Owners()
    directive = services.record_directive(
        actor=assigner,
        organization=town,
        kind="conclusion",
        number="125-TB/TU (demo)",
        issuer="Tỉnh ủy Thừa Thiên Huế — Phó Bí thư Thường trực Tỉnh ủy",
        issued_on=WORKING_SESSION,
        title="Thông báo kết luận của Phó Bí thư Thường trực Tỉnh ủy tại buổi làm việc với Ban Thường vụ "
        "Thị ủy Hương Trà",
        items=DIRECTIVE_ITEMS,
        on=DIRECTIVE_RECORDED,
    )
    items = list(directive.items.order_by("position"))
    for work in DIRECTIVE_WORK:
        task = _carry_out(
            assigner, town, owners, work, DIRECTIVE_RECORDED, directive_item=items[work.item - 1]
        )
        if work.item == 6:
            _scheme_parts(assigner, town, owners, task)
    plan = _plan(assigner, town)
    plan_items = list(plan.items.order_by("position"))
    for work in PLAN_WORK:
        _carry_out(
            assigner,
            town,
            owners,
            work,
            PLAN_ISSUED + dt.timedelta(days=5),
            plan_item=plan_items[work.item - 1],
        )


def _plan(assigner, town):
    plan = services.create_plan(
        actor=assigner,
        organization=town,
        kind="yearly",
        title="Kế hoạch công tác xây dựng Đảng năm 2018 của Thị ủy Hương Trà",
        number="98-KH/TU (demo)",
        period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31),
        on=PLAN_ISSUED,
    )
    items = [
        services.add_plan_item(
            actor=assigner, plan=plan, title=title, requires_evidence=evidence, on=PLAN_ISSUED
        )
        for title, evidence in PLAN_ITEMS
    ]
    add = services.add_target
    add(
        actor=assigner,
        plan=plan,
        item=items[0],
        title="Kết nạp đảng viên mới",
        goal=150,
        measure="members_admitted",
        unit_label="đảng viên",
        on=PLAN_ISSUED,
    )
    add(
        actor=assigner,
        plan=plan,
        item=items[1],
        title="Tổ chức đảng được kiểm tra",
        goal=30,
        measure="organizations_inspected",
        unit_label="tổ chức",
        on=PLAN_ISSUED,
    )
    add(
        actor=assigner,
        plan=plan,
        item=items[1],
        title="Tổ chức đảng được giám sát",
        goal=29,
        measure="organizations_supervised",
        unit_label="tổ chức",
        on=PLAN_ISSUED,
    )
    # Measured by hand until the cadres module records evaluations (workplans.measures).
    evaluated = add(
        actor=assigner,
        plan=plan,
        item=items[2],
        title="Bí thư, phó bí thư từ thị xã đến cơ sở được đánh giá",
        goal=100,
        unit_label="%",
        on=PLAN_ISSUED,
    )
    services.report_target(
        actor=assigner,
        target=evaluated,
        on=date(2018, 12, 27),
        value=100,
        evidence="Báo cáo 215-BC/TU (demo) tổng hợp kết quả đánh giá",
    )
    scheme = add(
        actor=assigner,
        plan=plan,
        item=items[3],
        title="Đề án 18-NQ/TW trình Tỉnh ủy",
        goal=1,
        unit_label="đề án",
        on=PLAN_ISSUED,
    )
    services.report_target(
        actor=assigner,
        target=scheme,
        on=date(2018, 11, 28),
        value=1,
        evidence="Tờ trình 40-TTr/TU (demo) kèm đề án",
    )
    return plan


def _notes(assigner, task, start: dt.date, closed: dt.date) -> None:
    """Two dated notes on the way, a third that closes it (with evidence: the plan may require it)."""
    span = (closed - start).days
    for share in (30, 70):
        on = start + dt.timedelta(days=max(1, span * share // 100))
        if start < on < closed:
            services.add_progress(
                actor=assigner,
                task=task,
                progress=share,
                on=on,
                text=f"Đã thực hiện khoảng {share}% khối lượng.",
            )
    services.add_progress(
        actor=assigner,
        task=task,
        progress=100,
        on=closed,
        text="Hoàn thành.",
        link=f"/tasks/{task.pk}/#ket-qua",
    )


def _carry_out(assigner, town, owners, work: Work, assigned: dt.date, **source):
    unit = Organization.objects.get(code=work.unit)
    task = services.create_task(
        actor=assigner,
        organization=town,
        title=work.title,
        product=work.product,
        owner=owners.pick(unit, assigned),
        lead_unit=unit,
        deadline=work.deadline,
        priority="high" if work.unit == ht.TOWN else "normal",
        on=assigned,
        **source,
    )
    if work.outcome == "cancelled":
        services.add_progress(
            actor=assigner,
            task=task,
            progress=10,
            on=assigned + dt.timedelta(days=20),
            text="Đã khảo sát ở hai khu dân cư.",
        )
        services.cancel_task(
            actor=assigner,
            task=task,
            on=work.closed,
            reason="Gộp vào nhiệm vụ kiện toàn tổ chức cơ sở theo chỉ đạo của Ban Thường vụ.",
        )
        return task
    if work.outcome == "extended":
        ext = services.request_extension(
            actor=None,
            task=task,
            new_deadline=date(2018, 10, 31),
            reason="Chờ kết quả đại hội chi bộ bổ sung.",
            on=date(2018, 9, 20),
        )
        services.decide_extension(
            actor=assigner, extension=ext, approve=True, on=date(2018, 9, 24), note="Đồng ý gia hạn một lần."
        )
    if work.item == 6 and "plan_item" not in source:
        return task  # the scheme closes after its subtasks (_scheme_parts)
    _notes(assigner, task, assigned, work.closed)
    return task


def _scheme_parts(assigner, town, owners, parent) -> None:
    for weight, title, code, deadline, closed in SCHEME_PARTS:
        unit = Organization.objects.get(code=code)
        part = services.create_task(
            actor=assigner,
            organization=town,
            title=title,
            product=title,
            owner=owners.pick(unit, date(2018, 2, 1)),
            lead_unit=unit,
            deadline=deadline,
            parent=parent,
            weight=weight,
            on=date(2018, 2, 1),
        )
        _notes(assigner, part, date(2018, 2, 1), closed)
    services.add_progress(
        actor=assigner,
        task=parent,
        progress=100,
        on=date(2018, 11, 28),
        text="Đề án đã trình Ban Thường vụ Tỉnh ủy.",
        link="/documents/40-TTr-TU/",
    )
