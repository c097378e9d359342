"""The account services: scope checked, input validated, one audit entry per change, no secrets kept."""

import datetime as dt

import pytest
from django.utils.translation import override

from dangvu.accounts import selectors, services
from dangvu.accounts.models import ApiToken, RoleAssignment, User
from dangvu.accounts.roles import Action, Role
from dangvu.audit.models import AuditEntry
from dangvu.audit.selectors import verify_chain
from dangvu.core.errors import Forbidden, InvalidInput, NotFound

D = dt.date(2025, 7, 1)


def fields(exc):
    return {p.field for p in exc.problems}


def test_office_staff_grants_a_role_inside_the_ward_with_an_audit_entry(cast):
    ra = services.grant_role(actor=cast.office, user=cast.outsider, organization=cast.C1,
                             role=Role.COMMITTEE_MEMBER, valid_from=D)
    assert selectors.can(cast.outsider, Action.VIEW_REGISTER, cast.C1.pk)
    entry = AuditEntry.objects.get(action="accounts.role_grant")
    assert entry.actor_id == cast.office.pk
    assert entry.object_id == str(ra.pk)
    assert entry.organization_id == cast.C1.pk
    assert '"role":"committee_member"' in entry.after.replace(" ", "")
    assert verify_chain().ok


@pytest.mark.parametrize("who", ["secretary", "outsider", "observer", "former_secretary"])
def test_grant_refused_without_accounts_manage_on_the_organisation_and_nothing_written(cast, who):
    before = RoleAssignment.objects.count()
    with pytest.raises(NotFound):
        services.grant_role(actor=getattr(cast, who), user=cast.cell_secretary, organization=cast.W1,
                            role=Role.SECRETARY, valid_from=D)
    assert RoleAssignment.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_office_staff_cannot_grant_outside_the_ward(cast):
    with pytest.raises(NotFound):
        services.grant_role(actor=cast.office, user=cast.secretary, organization=cast.W2,
                            role=Role.SECRETARY, valid_from=D)
    assert not RoleAssignment.objects.filter(organization=cast.W2, user=cast.secretary).exists()


def test_grant_validation_names_the_field(cast):
    with pytest.raises(InvalidInput) as err:
        services.grant_role(actor=None, user=cast.secretary, organization=cast.W2, role="king",
                            valid_from=D)
    assert fields(err.value) == {"role"}
    with pytest.raises(InvalidInput) as err:
        services.grant_role(actor=None, user=cast.secretary, organization=cast.W2, role=Role.SECRETARY,
                            valid_from=D, valid_to=D)
    assert fields(err.value) == {"valid_to"}
    with pytest.raises(InvalidInput) as err:  # overlaps the secretary's open role at W1
        services.grant_role(actor=None, user=cast.secretary, organization=cast.W1, role=Role.SECRETARY,
                            valid_from=D)
    assert fields(err.value) == {"valid_from"}
    with pytest.raises(InvalidInput) as err:
        services.grant_role(actor=cast.office, user=cast.office, organization=cast.C1,
                            role=Role.SECRETARY, valid_from=D)
    assert fields(err.value) == {"user"}
    assert not AuditEntry.objects.exists()


def test_messages_are_bilingual(cast):
    with pytest.raises(InvalidInput) as err:
        services.grant_role(actor=None, user=cast.secretary, organization=cast.W2, role=Role.SECRETARY,
                            valid_from=D, valid_to=dt.date(2020, 1, 1))
    problem = err.value.problems[0].as_dict()
    assert problem["message_en"] == "The end date must come after the start date."
    assert problem["message_vi"] != problem["message_en"]


def test_the_system_actor_may_grant_anywhere(cast):
    services.grant_role(actor=None, user=cast.secretary, organization=cast.T, role=Role.OBSERVER,
                        valid_from=D)
    assert selectors.can(cast.secretary, Action.VIEW_FIGURES, cast.C2.pk)
    assert AuditEntry.objects.get(action="accounts.role_grant").actor_id is None


def test_end_role(cast):
    ra = cast.secretary.roles.get()
    services.end_role(actor=cast.office, assignment=ra, on=selectors.today())
    assert selectors.scope_ids(cast.secretary, Action.VIEW_REGISTER) == set()
    assert AuditEntry.objects.filter(action="accounts.role_end").count() == 1
    with pytest.raises(InvalidInput) as err:
        services.end_role(actor=None, assignment=ra, on=selectors.today())
    assert fields(err.value) == {"on"}
    with pytest.raises(InvalidInput):
        services.end_role(actor=None, assignment=cast.outsider.roles.get(), on=dt.date(2000, 1, 1))
    with pytest.raises(NotFound):
        services.end_role(actor=cast.office, assignment=cast.outsider.roles.get(), on=selectors.today())
    assert cast.outsider.roles.get().valid_to is None


def test_create_user_keeps_no_password_in_the_audit_log(cast):
    user = services.create_user(actor=None, username="thu", password="Mật-khẩu-rất-dài-99",
                                full_name="  Ngô   Thị Thu ")
    assert user.full_name == "Ngô Thị Thu"
    assert user.check_password("Mật-khẩu-rất-dài-99")
    entry = AuditEntry.objects.get(action="accounts.user_create")
    assert "Mật-khẩu" not in entry.after and "password" not in entry.after
    assert '"username":"thu"' in entry.after.replace(" ", "")


def test_create_user_validation(cast):
    with pytest.raises(InvalidInput) as err:
        services.create_user(actor=None, username="Secretary", password="short", full_name="")
    assert fields(err.value) == {"username", "password", "full_name"}
    with override("en"):
        messages = [str(p.message) for p in err.value.problems if p.field == "password"]
    assert any("too short" in m for m in messages)
    assert not User.objects.filter(full_name="").exists()


def test_create_user_needs_accounts_manage(cast):
    with pytest.raises(Forbidden):
        services.create_user(actor=cast.secretary, username="x1", password="Mật-khẩu-rất-dài-99",
                             full_name="Ai Đó")
    services.create_user(actor=cast.office, username="x1", password="Mật-khẩu-rất-dài-99", full_name="Ai Đó")


def test_api_tokens_keep_only_the_digest(cast):
    token, raw = services.create_api_token(actor=cast.secretary, user=cast.secretary, name="báo cáo")
    assert token.digest == ApiToken.digest_of(raw) and raw not in token.digest
    assert selectors.user_for_token(raw) == cast.secretary
    assert selectors.user_for_token(raw + "x") is None
    entries = "".join(e.before + e.after for e in AuditEntry.objects.all())
    assert raw not in entries and token.digest not in entries

    with pytest.raises(NotFound):
        services.revoke_api_token(actor=cast.outsider, token=token)
    assert selectors.user_for_token(raw) == cast.secretary
    with pytest.raises(NotFound):
        services.create_api_token(actor=cast.outsider, user=cast.secretary, name="x")

    services.revoke_api_token(actor=cast.secretary, token=token)
    assert selectors.user_for_token(raw) is None
    with pytest.raises(InvalidInput):
        services.revoke_api_token(actor=cast.secretary, token=token)
    assert AuditEntry.objects.filter(action="accounts.api_token_revoke").count() == 1


def test_token_name_is_required(cast):
    with pytest.raises(InvalidInput) as err:
        services.create_api_token(actor=None, user=cast.secretary, name="   ")
    assert fields(err.value) == {"name"}


def test_backup_codes_replace_the_old_ones(cast):
    first = services.issue_backup_codes(actor=None, user=cast.office)
    assert len(set(first)) == 10
    second = services.issue_backup_codes(actor=cast.office, user=cast.office, count=3)
    assert len(second) == 3
    assert services.verify_second_factor(user=cast.office, token=second[0].upper()) is not None
    assert services.verify_second_factor(user=cast.office, token=second[0]) is None  # used up
    device = cast.office.staticdevice_set.get()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    assert services.verify_second_factor(user=cast.office, token=first[0]) is None  # replaced
    assert AuditEntry.objects.filter(action="accounts.backup_code_use").count() == 1
    entries = "".join(e.after for e in AuditEntry.objects.all())
    assert not any(code in entries for code in first + second)
    with pytest.raises(InvalidInput):
        services.issue_backup_codes(actor=None, user=cast.office, count=0)
    with pytest.raises(NotFound):
        services.issue_backup_codes(actor=cast.secretary, user=cast.office)
