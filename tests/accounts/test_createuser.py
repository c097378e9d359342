"""`dangvu createuser`: an account, a role and backup codes for a login that works without a phone."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from dangvu.accounts import selectors, services
from dangvu.accounts.models import User
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput, NotFound


def run(*args):
    out = StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue().splitlines()


def test_creates_a_staff_login_with_backup_codes(orgs):
    lines = run("demo", "--password", "Demo-staff-2025!", "--full-name", "Cán bộ Văn phòng",
                "--role", "office_staff", "--org", "W1", "--from", "01/07/2025", "--backup-codes", "4")
    user = User.objects.get(username="demo")
    assert user.check_password("Demo-staff-2025!")
    assert selectors.needs_second_factor(user)
    assert selectors.can(user, Action.EDIT_REGISTER, orgs.C1.pk)
    assert user.roles.get().valid_from == dt.date(2025, 7, 1)
    codes = lines[-4:]
    assert len(set(codes)) == 4
    assert services.verify_second_factor(user=user, token=codes[2]) is not None


def test_without_a_role(db):
    run("plain", "--password", "Plain-user-2025!", "--full-name", "Người Dùng")
    user = User.objects.get(username="plain")
    assert not selectors.roles_held(user).exists()
    assert not user.staticdevice_set.exists()


def test_unknown_organisation_is_not_found_and_nothing_is_written(orgs):
    with pytest.raises(NotFound) as err:
        run("ghost", "--password", "Ghost-user-2025!", "--full-name", "Ma", "--role", "secretary",
            "--org", "NOPE")
    assert err.value.exit_code == 3
    assert not User.objects.filter(username="ghost").exists()


def test_bad_input_exits_2_and_writes_nothing(orgs):
    with pytest.raises(InvalidInput) as err:
        run("weak", "--password", "123", "--full-name", "Yếu", "--role", "secretary", "--org", "W1")
    assert err.value.exit_code == 2 and {p.field for p in err.value.problems} == {"password"}
    with pytest.raises(InvalidInput):
        run("nodate", "--password", "Nodate-user-2025!", "--full-name", "X", "--role", "secretary",
            "--org", "W1", "--from", "2025-13-01")
    with pytest.raises(InvalidInput):
        run("norole", "--password", "Norole-user-2025!", "--full-name", "X", "--org", "W1")
    assert not User.objects.filter(username__in=["weak", "nodate", "norole"]).exists()
