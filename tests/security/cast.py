"""The security cast: two subtrees (W1 ⊃ C1 in the readers' scope, W2 ⊃ C2 outside), one of each kind of
record on both sides, and one user per role of accounts.roles, each holding the role at W1, plus a plain
member user (a login tied to a member, no role) and the anonymous visitor. Built with the ORM and the
services (actor=None: the system), once per module."""

from __future__ import annotations

import datetime as dt
import secrets
from types import SimpleNamespace

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.models import ApiToken, RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.members import services as members
from dangvu.members.models import ImportJob
from dangvu.oversight import discipline
from dangvu.oversight import services as oversight
from dangvu.reports.services import issue_annual_report
from dangvu.workplans import services as workplans
from tests.conftest import make_org

ANONYMOUS, PLAIN_MEMBER = "anonymous", "plain_member"
IDENTITIES = (*Role.values, PLAIN_MEMBER, ANONYMOUS)
# Names that must never reach a reader of W1: the out-of-scope member and the subject of W2's case.
OUTSIDE_NAME = "Quách Thị Ngoại"
OUTSIDE_SECRET = "NGOAI-SECRET-FINDING"
INSIDE_SECRET = "TRONG-SECRET-FINDING"
MOVER_NAME = "Đinh Văn Chuyển"


def _person(code, name, org):
    admitted_on = dt.date(2010, 3, 1)
    return members.register_existing(
        actor=None, code=code, full_name=name, birth_date=dt.date(1980, 5, 5), sex="female", organization=org,
        entry_kind="opening", registered_on=dt.date(2015, 1, 1), admitted_on=admitted_on,
        official_on=dt.date(admitted_on.year + 1, admitted_on.month, 1))


def _side(tag, ward, cell, member, secret):
    """One of each record in the subtree of `ward`."""
    programme = oversight.create_programme(actor=None, body=ward, year=2024, title=f"CT {tag}")
    item = oversight.add_item(actor=None, programme=programme, subject=f"Chi bộ {tag}", activity="inspection",
                              kind="party_fee", planned_month=3)
    review = oversight.record_review(
        actor=None, activity="inspection", code=f"KT-{tag}", subject_type="member", subject=member,
        conducted_by=ward, kind="violation_signs", started_on=dt.date(2024, 1, 5),
                                     concluded_on=dt.date(2024, 2, 1),
        violation_found=True, findings=secret)
    recommendation = oversight.recommend(actor=None, review=review, text=f"Khắc phục {tag}",
                                         owner_organization=cell, deadline=dt.date(2024, 6, 1))
    case = discipline.open_case(actor=None, code=f"VV-{tag}", subject_type="member", subject=member,
                                handled_by=ward, opened_on=dt.date(2024, 1, 10),
                                violation_on=dt.date(2023, 12, 1),
                                summary=secret)
    decided_case = discipline.open_case(
        actor=None, code=f"VV-{tag}-2", subject_type="member", subject=member, handled_by=ward,
        opened_on=dt.date(2024, 1, 10), violation_on=dt.date(2023, 12, 1))
    decision = discipline.decide(actor=None, case=decided_case, code=f"QĐ-{tag}", form="reprimand",
                                 decided_by=ward, decided_on=dt.date(2024, 2, 1),
                                 announced_on=dt.date(2024, 2, 1))
    appeal = discipline.lodge_appeal(actor=None, decision=decision, lodged_on=dt.date(2024, 2, 10),
                                     grounds="Oan")
    plan = workplans.create_plan(actor=None, organization=ward, kind="yearly", title=f"KH {tag}",
                                 period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
                                 on=dt.date(2024, 1, 2))
    plan_item = workplans.add_plan_item(actor=None, plan=plan, title=f"Rà soát {tag}", on=dt.date(2024, 1, 2))
    target = workplans.add_target(actor=None, plan=plan, title=f"Mục tiêu {tag}", goal=5,
                                  on=dt.date(2024, 1, 2))
    directive = workplans.record_directive(
        actor=None, organization=ward, kind="directive", issuer="Thị ủy", issued_on=dt.date(2024, 1, 3),
        title=f"Chỉ thị {tag}", items=[f"Việc {tag}"], on=dt.date(2024, 1, 3))
    task = workplans.create_task(actor=None, organization=ward, title=f"Việc {tag}", product="Báo cáo",
                                 owner=member, lead_unit=cell, deadline=dt.date(2024, 3, 31),
                                 on=dt.date(2024, 3, 1),
                                 plan_item=plan_item)
    extension = workplans.request_extension(actor=None, task=task, reason="Thiếu số liệu",
                                            new_deadline=dt.date(2024, 4, 30), on=dt.date(2024, 3, 20))
    document = issue_annual_report(actor=None, organization=ward, year=2024, fmt="json")
    return SimpleNamespace(
        ward=ward, cell=cell, member=member, programme=programme, item=item, review=review,
        recommendation=recommendation, case=case, decision=decision, appeal=appeal, plan=plan, target=target,
        directive=directive, task=task, extension=extension, document=document)


def _token(user) -> str:
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="matrix", digest=ApiToken.digest_of(raw))
    return raw


def _client(user) -> Client:
    """Logged in, and verified with a TOTP device (staff roles need the second factor)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the texts asserted are the English msgids
    if user is None:
        return client
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def build() -> SimpleNamespace:
    t = make_org("T", "Đảng bộ thị xã Thử Nghiệm", "committee")
    w1 = make_org("W1", "Đảng bộ phường Một", "grassroots_committee", t)
    w2 = make_org("W2", "Đảng bộ phường Hai", "grassroots_committee", t)
    c1 = make_org("C1", "Chi bộ khu phố 1", "cell", w1)
    c2 = make_org("C2", "Chi bộ khu phố 2", "cell", w2)
    inside = _person("M-TRONG", "Nguyễn Văn Trong", c1)
    outside = _person("M-NGOAI", OUTSIDE_NAME, c2)
    own = _person("M-TUDO", "Lê Văn Tự", c1)
    # In W1's history, since in W2: a list of W1 as of 2018 names him, with C1, never with C2.
    mover = _person("M-CHUYEN", MOVER_NAME, c1)
    members.transfer(actor=None, member=mover, organization=c2, on=dt.date(2020, 6, 1))
    users = {}
    for role in Role.values:
        user = User.objects.create_user(f"u_{role}", full_name=f"Người {role}")
        RoleAssignment.objects.create(user=user, organization=w1, role=role, valid_from=dt.date(2020, 1, 1))
        users[role] = user
    users[PLAIN_MEMBER] = User.objects.create_user("u_plain",
                                                    full_name=own.full_name, member=own)
    stranger = User.objects.create_user("u_w2", full_name="Người phường Hai")
    RoleAssignment.objects.create(user=stranger, organization=w2, role=Role.OFFICE_STAFF,
                                  valid_from=dt.date(2020, 1, 1))
    sides = {"in": _side("W1", w1, c1, inside, INSIDE_SECRET),
             "out": _side("W2", w2, c2, outside, OUTSIDE_SECRET)}
    # Per-user records: an import job of W1's office staff, one of W2's; an API token of the secretary's.
    sides["in"].job = ImportJob.objects.create(kind="members", file="imports/a.csv",
                                               created_by=users[Role.OFFICE_STAFF])
    sides["out"].job = ImportJob.objects.create(kind="members", file="imports/b.csv", created_by=stranger)
    _token(users[Role.SECRETARY])
    _token(stranger)
    sides["in"].token = ApiToken.objects.filter(user=users[Role.SECRETARY]).get()
    sides["out"].token = ApiToken.objects.filter(user=stranger).get()
    from dangvu.audit.models import AuditEntry

    sides["in"].entry = AuditEntry.objects.filter(organization_id=w1.pk, action="plan.create").get()
    sides["out"].entry = AuditEntry.objects.filter(organization_id=w2.pk, action="plan.create").get()
    tokens = {name: _token(user) for name, user in users.items()}
    clients = {name: _client(user) for name, user in users.items()}
    clients[ANONYMOUS] = _client(None)

    def fresh_client(identity):
        return _client(users.get(identity))

    return SimpleNamespace(sides=sides, users=users, tokens=tokens, clients=clients, T=t, mover=mover,
                           fresh_client=fresh_client)
