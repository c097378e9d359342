"""`dangvu demo` (built once per run, copied for this module: tests/conftest.py), checked through
`dangvu stats` as a script would: the seed's figures of 2017, phường Hương Trà on 2025-07-01, the
balance of every period, the committees and the demo logins."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from dangvu.accounts import services as accounts
from dangvu.accounts.models import RoleAssignment, User
from dangvu.demo import huong_tra as ht
from dangvu.demo import load as demo
from dangvu.demo.history import REAL_NAMES
from dangvu.members.models import Member
from dangvu.organizations.models import CommitteePost, Organization, Restructuring
from dangvu.organizations.selectors import name_on, subtree_ids_on

INFLOWS = ("admitted", "opening", "reinstated", "transferred_in")
OUTFLOWS = ("transferred_out", "removed", "expelled", "died")


@pytest.fixture(scope="module")
def loaded(demo):
    """The demo command's output; the demo is built once per run (tests/conftest.py)."""
    return demo


def stats(org, date_from, date_to):
    out = io.StringIO()
    call_command("stats", "--org", org, "--from", date_from, "--to", date_to, "--json", stdout=out)
    return json.loads(out.getvalue())["members"]


def balanced(m):
    return m["at_end"] == m["at_start"] + sum(m[k] for k in INFLOWS) - sum(m[k] for k in OUTFLOWS)


def test_the_seed_figures_of_2017(loaded, db):
    m = stats("HT", "2017-01-01", "2017-11-30")
    assert m["admitted"] == 157
    assert m["at_end"] == 3456
    assert balanced(m)
    assert m["probationary_at_end"] + m["official_at_end"] == m["at_end"]


def test_huong_tra_ward_on_its_first_day(loaded, db):
    m = stats("P-HT", "2025-07-01", "2025-07-01")
    assert m["at_end"] == 1115
    assert m["transferred_in"] == 1115 and m["at_start"] == 0
    ward = Organization.objects.get(code="P-HT")
    assert len(subtree_ids_on(ward.id, ht.REFORM)) - 1 == 48
    assert (ward.kind, ward.issuing_body, ward.abbreviation, ward.place_name) == (
        "committee", "ĐẢNG ỦY PHƯỜNG HƯƠNG TRÀ", "ĐU", "Hương Trà")


@pytest.mark.parametrize("org, date_from, date_to", [
    ("HT", "2015-01-01", "2025-06-30"),
    ("HT", "2021-01-01", "2021-12-31"),
    ("TU-HUE", "2015-01-01", "2026-11-29"),
    ("P-HT", "2025-07-01", "2026-11-29"),
    ("HT-TUHA", "2017-01-01", "2017-12-31"),
])
def test_every_period_balances(loaded, db, org, date_from, date_to):
    assert balanced(stats(org, date_from, date_to))


def test_the_restructuring_of_2025(loaded, db):
    town = Organization.objects.get(code="HT")
    assert town.closed_on == ht.REFORM
    rows = Restructuring.objects.filter(on=ht.REFORM)
    assert rows.filter(operation="merge", target__code="P-HT").count() == 3
    assert rows.filter(operation="close", organization=town).exists()
    # On the day itself the town no longer counts; the day before it held everyone.
    day = "2025-06-30"
    moved_2021 = sum(stats(f"HT-{c}", day, day)["at_end"] for c in ("HAN", "HHO", "HTHO", "HVINH", "HPHONG",
                                                                      "HDUONG"))
    assert stats("HT", day, day)["at_end"] == stats("TU-HUE", day, day)["at_end"] - moved_2021
    root = Organization.objects.get(code="TU-HUE")
    assert name_on(root, dt.date(2017, 1, 1)) == "Đảng bộ tỉnh Thừa Thiên Huế"
    assert name_on(root, dt.date(2026, 1, 1)) == "Đảng bộ thành phố Huế"


def test_committees(loaded, db):
    secretary_2017 = CommitteePost.objects.get(organization__code="HT", post="secretary",
                                               from_on__lte=dt.date(2017, 6, 1),
                                               to_on__gt=dt.date(2017, 6, 1))
    assert secretary_2017.member.full_name not in REAL_NAMES
    assert secretary_2017.to_on == dt.date(2020, 8, 1)
    ward_posts = CommitteePost.objects.filter(organization__code="P-HT", term__number=1)
    assert ward_posts.filter(post="secretary").count() == 1 and ward_posts.count() == 15
    # The town's last committee ended with the town.
    assert not CommitteePost.objects.filter(organization__code="HT", to_on__gt=ht.REFORM).exists()


def test_the_logins(loaded, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as the loader used
    assert demo.ADDRESS in loaded and demo.PASSWORD in loaded
    for login in demo.LOGINS:
        assert login.username in loaded
    secretary = User.objects.get(username="bithu.phuonghuongtra")
    assert secretary.check_password(demo.PASSWORD)
    assert secretary.member.full_name in loaded
    role = RoleAssignment.objects.get(user=secretary)
    assert (role.role, role.organization.code, role.valid_to) == ("secretary", "P-HT", None)
    former = RoleAssignment.objects.get(user__username="bithu.thixa2017")
    assert (former.organization.code, former.valid_to) == ("HT", dt.date(2020, 8, 1))
    # The printed backup codes are the office user's second factor.
    office = User.objects.get(username="vanphong.phuonghuongtra")
    line = next(i for i, text in enumerate(loaded.splitlines()) if "vanphong.phuonghuongtra" in text)
    codes = loaded.splitlines()[line + 2].split()
    assert len(codes) == 10
    assert accounts.verify_second_factor(user=office, token=codes[0]) is not None


def test_only_synthetic_identifiers_are_stored(loaded, db):
    assert Member.objects.count() > 5000
    assert not Member.objects.exclude(citizen_id__startswith="000").exists()
    assert not Member.objects.exclude(phone="").exclude(phone__startswith="0100").exists()
    assert not Member.objects.filter(full_name__in=REAL_NAMES).exists()


def test_running_it_again_changes_nothing_but_the_backup_codes(loaded, db):
    members = Member.objects.count()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert Member.objects.count() == members
    assert "vanphong.phuonghuongtra" in out.getvalue() and "3.456" in out.getvalue()  # Vietnamese grouping
