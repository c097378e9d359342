"""A small cast for the register: the town committee T (since 2000) with wards W1 and W2, cell C1 under
W1, C2 under W2, and cell OLD under W1 closed on 2018-01-01. Hoa is secretary of W1 (may change W1's
register); Nam holds no role."""

import datetime as dt

import pytest

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.organizations.models import Organization, OrganizationParent, OrgKind


def _unit(code, kind, parent=None, **extra):
    org = Organization.objects.create(
        code=code,
        name=f"Tổ chức {code}",
        kind=kind,
        scope_parent=parent,
        established_on=extra.pop("established_on", dt.date(2000, 1, 1)),
        **extra,
    )
    OrganizationParent.objects.create(organization=org, parent=parent, valid_from=dt.date(2000, 1, 1))
    return org


@pytest.fixture
def tree(db):
    t = _unit("T", OrgKind.COMMITTEE)
    w1 = _unit("W1", OrgKind.GRASSROOTS_COMMITTEE, t)
    w2 = _unit("W2", OrgKind.GRASSROOTS_COMMITTEE, t)
    return {
        "T": t,
        "W1": w1,
        "W2": w2,
        "C1": _unit("C1", OrgKind.CELL, w1),
        "C2": _unit("C2", OrgKind.CELL, w2),
        "OLD": _unit("OLD", OrgKind.CELL, w1, closed_on=dt.date(2018, 1, 1)),
    }


@pytest.fixture
def hoa(tree):
    """Secretary of ward W1."""
    user = User.objects.create_user("hoa", password="not-used-here-123", full_name="Nguyễn Thị Hoa")
    RoleAssignment.objects.create(
        user=user, organization=tree["W1"], role=Role.SECRETARY, valid_from=dt.date(2010, 1, 1)
    )
    return user


@pytest.fixture
def nam(tree):
    """No role anywhere."""
    return User.objects.create_user("nam", password="not-used-here-123", full_name="Trần Văn Nam")
