"""Shared fixtures: a small named cast (healthchecks' Alice, Bob and Charlie), built with the ORM.

The tree (every unit linked from 2000-01-01, `scope_parent` as today)::

    T   town committee                     observer: `observer` (superior committee, figures only)
    ├── W1  ward committee                 secretary: `secretary`; office staff: `office` (needs TOTP)
    │   └── C1  cell                       secretary: `cell_secretary`
    └── W2  ward committee                 secretary: `outsider`
        └── C2  cell

`former_secretary` was secretary of T in 2017 only. Every cast member's password is `cast.password`.
"""

import contextlib
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.organizations.models import Organization, OrganizationParent, OrgKind
from tests import demodb

PASSWORD = "Cast-password-2025"
SINCE = dt.date(2000, 1, 1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_org(code, name, kind, parent=None, **extra):
    org = Organization.objects.create(code=code, name=name, kind=kind, scope_parent=parent,
                                      established_on=SINCE, **extra)
    OrganizationParent.objects.create(organization=org, parent=parent, valid_from=SINCE)
    return org


def make_user(username, full_name, *roles, password=PASSWORD):
    """A user with (role, organisation, valid_from[, valid_to]) assignments."""
    user = User.objects.create_user(username, password=password, full_name=full_name)
    for role, org, valid_from, *valid_to in roles:
        RoleAssignment.objects.create(user=user, organization=org, role=role, valid_from=valid_from,
                                      valid_to=valid_to[0] if valid_to else None)
    return user


@pytest.fixture
def orgs(db):
    t = make_org("T", "Đảng bộ thị xã Thử Nghiệm", OrgKind.COMMITTEE)
    w1 = make_org("W1", "Đảng bộ phường Một", OrgKind.GRASSROOTS_COMMITTEE, t)
    w2 = make_org("W2", "Đảng bộ phường Hai", OrgKind.GRASSROOTS_COMMITTEE, t)
    c1 = make_org("C1", "Chi bộ khu phố 1", OrgKind.CELL, w1)
    c2 = make_org("C2", "Chi bộ khu phố 2", OrgKind.CELL, w2)
    return SimpleNamespace(T=t, W1=w1, W2=w2, C1=c1, C2=c2)


@pytest.fixture
def cast(orgs):
    o = orgs
    return SimpleNamespace(
        **vars(orgs),
        password=PASSWORD,
        secretary=make_user("secretary", "Nguyễn Thị Hoa", (Role.SECRETARY, o.W1, dt.date(2020, 10, 1))),
        cell_secretary=make_user("cell_secretary", "Trần Văn Bình",
                                 (Role.SECRETARY, o.C1, dt.date(2022, 1, 1))),
        outsider=make_user("outsider", "Lê Văn Cường", (Role.SECRETARY, o.W2, dt.date(2020, 10, 1))),
        observer=make_user("observer", "Phạm Thị Dung", (Role.OBSERVER, o.T, dt.date(2020, 1, 1))),
        office=make_user("office", "Hoàng Văn Em", (Role.OFFICE_STAFF, o.W1, dt.date(2021, 3, 1))),
        former_secretary=make_user("former_secretary", "Võ Văn Giang",
                                   (Role.SECRETARY, o.T, dt.date(2015, 10, 1), dt.date(2020, 10, 1))),
    )


@pytest.fixture(scope="session")
def demo_template(django_db_setup, django_db_blocker):
    """`dangvu demo`, built once per run into a database of its own: (its name, the command's output).
    Tests do not use it directly but through a copy (`demo`, `fresh_demo`)."""
    with django_db_blocker.unblock():
        base = demodb.current_name()
        template = demodb.sibling_name(base, "demo")
        demodb.clone(base, template)
        out = io.StringIO()
        with demodb.using(template):
            call_command("demo", stdout=out)
        yield template, out.getvalue()
        demodb.drop(template)


@contextlib.contextmanager
def _demo_copy(demo_template, django_db_blocker, suffix):
    template, output = demo_template
    with django_db_blocker.unblock():
        copy = demodb.sibling_name(demodb.current_name(), suffix)
        demodb.clone(template, copy)
        try:
            with demodb.using(copy):
                yield output
        finally:
            demodb.drop(copy)


@pytest.fixture(scope="module")
def demo(demo_template, django_db_blocker):
    """A pristine copy of the demo for this module (the demo command's output as value); each test also
    asks for `db`, whose transaction rolled back after the test keeps the copy pristine for the next."""
    with _demo_copy(demo_template, django_db_blocker, "demo_module") as output:
        yield output


@pytest.fixture
def fresh_demo(demo_template, django_db_blocker, transactional_db):
    """A copy of the demo for one test that commits (a live server's requests do)."""
    with _demo_copy(demo_template, django_db_blocker, "demo_test") as output:
        yield output
