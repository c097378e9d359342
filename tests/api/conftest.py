"""A small cast for the API tests: the town committee T, wards W1 and W2 under it, cell C1 under W1.
Hoa is secretary of W1; Nam holds no role; Lan's role at W2 ended yesterday."""

import datetime as dt
import secrets

import pytest
from django.utils import timezone

from dangvu.accounts.models import ApiToken, RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.organizations.models import Organization, OrgKind


def _org(code, name, kind, parent=None, **extra):
    return Organization.objects.create(code=code, name=name, kind=kind, scope_parent=parent, **extra)


def _token(user, name="test"):
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
    return raw


@pytest.fixture
def tree(db):
    town = _org("T", "Đảng bộ thị xã Thử", OrgKind.COMMITTEE, established_on=dt.date(2000, 1, 1))
    w1 = _org("W1", "Đảng bộ phường Một", OrgKind.GRASSROOTS_COMMITTEE, town)
    w2 = _org("W2", "Đảng bộ phường Hai", OrgKind.GRASSROOTS_COMMITTEE, town)
    c1 = _org("W1-C1", "Chi bộ khu phố 1", OrgKind.CELL, w1, closed_on=dt.date(2030, 1, 1))
    return {"T": town, "W1": w1, "W2": w2, "C1": c1}


@pytest.fixture
def hoa(tree):
    """Secretary of ward W1 since 2020."""
    user = User.objects.create_user("hoa", password="not-used-here-123", full_name="Nguyễn Thị Hoa")
    RoleAssignment.objects.create(user=user, organization=tree["W1"], role=Role.SECRETARY,
                                  valid_from=dt.date(2020, 1, 1))
    user.raw_token = _token(user)
    return user


@pytest.fixture
def nam(tree):
    """An account with no role anywhere."""
    user = User.objects.create_user("nam", password="not-used-here-123", full_name="Trần Văn Nam")
    user.raw_token = _token(user)
    return user


@pytest.fixture
def lan(tree):
    """Her role at W2 ended yesterday."""
    user = User.objects.create_user("lan", password="not-used-here-123", full_name="Lê Thị Lan")
    RoleAssignment.objects.create(user=user, organization=tree["W2"], role=Role.SECRETARY,
                                  valid_from=dt.date(2020, 1, 1),
                                  valid_to=timezone.localdate() - dt.timedelta(days=1))
    user.raw_token = _token(user)
    return user


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
