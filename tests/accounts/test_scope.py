"""Who sees what: a role reaches its organisation and everything under it, only while it is held."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from dangvu.accounts import selectors
from dangvu.accounts.models import RoleAssignment
from dangvu.accounts.roles import Action, Role
from dangvu.core.errors import NotFound
from dangvu.organizations.models import Organization, OrgKind
from tests.conftest import make_org, make_user

FIGURES, REGISTER = Action.VIEW_FIGURES, Action.VIEW_REGISTER


def ids(*orgs):
    return {o.pk for o in orgs}


def test_secretary_sees_own_ward_and_its_cell_only(cast):
    assert selectors.scope_ids(cast.secretary, REGISTER) == ids(cast.W1, cast.C1)
    assert not selectors.can(cast.secretary, REGISTER, cast.W2.pk)
    assert not selectors.can(cast.secretary, REGISTER, cast.C2.pk)
    assert not selectors.can(cast.secretary, REGISTER, cast.T.pk)


def test_cell_secretary_sees_own_cell_only(cast):
    assert selectors.scope_ids(cast.cell_secretary, REGISTER) == ids(cast.C1)


def test_outsider_sees_the_other_ward_only(cast):
    assert selectors.scope_ids(cast.outsider, REGISTER) == ids(cast.W2, cast.C2)


def test_observer_sees_figures_everywhere_and_no_personal_data(cast):
    assert selectors.scope_ids(cast.observer, FIGURES) == ids(cast.T, cast.W1, cast.W2, cast.C1, cast.C2)
    for action in Action.values:
        if action != FIGURES:
            assert selectors.scope_ids(cast.observer, action) == set(), action


def test_a_role_grants_only_its_actions(cast):
    assert selectors.can(cast.office, Action.MANAGE_ACCOUNTS, cast.C1.pk)
    assert not selectors.can(cast.secretary, Action.MANAGE_ACCOUNTS, cast.W1.pk)
    assert not selectors.can(cast.secretary, Action.EDIT_DISCIPLINE, cast.W1.pk)


def test_a_role_that_ended_grants_nothing_today(cast):
    assert selectors.scope_ids(cast.former_secretary, REGISTER) == set()
    assert not selectors.can(cast.former_secretary, FIGURES, cast.T.pk)
    # ... but it did in 2017.
    assert cast.T.pk in selectors.scope_ids(cast.former_secretary, REGISTER, on=dt.date(2017, 6, 1))


def test_roles_are_dated_start_inclusive_end_exclusive(cast):
    today = selectors.today()
    starts_today = make_user("new", "Đỗ Văn Mới", (Role.SECRETARY, cast.W2, today))
    ends_today = make_user("old", "Đỗ Văn Cũ", (Role.SECRETARY, cast.W2, dt.date(2020, 1, 1), today))
    starts_tomorrow = make_user("next", "Đỗ Văn Sau",
                                (Role.SECRETARY, cast.W2, today + dt.timedelta(days=1)))
    assert selectors.can(starts_today, REGISTER, cast.W2.pk)
    assert not selectors.can(ends_today, REGISTER, cast.W2.pk)
    assert not selectors.can(starts_tomorrow, REGISTER, cast.W2.pk)


def test_today_is_the_date_in_ho_chi_minh_city_whatever_zone_is_active(cast, monkeypatch):
    # 18:00 UTC on 1 March is 01:00 on 2 March in Asia/Ho_Chi_Minh.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC))
    user = make_user("dawn", "Bùi Thị Sớm", (Role.SECRETARY, cast.W2, dt.date(2026, 3, 2)))
    timezone.activate("UTC")
    try:
        assert selectors.today() == dt.date(2026, 3, 2)
        assert selectors.can(user, REGISTER, cast.W2.pk)
    finally:
        timezone.deactivate()


def test_a_unit_merged_into_w1_is_reached_through_its_successor(cast):
    closed = make_org("C9", "Chi bộ khu phố 9 (đã sáp nhập)", OrgKind.CELL, cast.W1,
                      closed_on=dt.date(2025, 7, 1), successor=cast.W1)
    assert closed.pk in selectors.scope_ids(cast.secretary, REGISTER)
    assert closed.pk not in selectors.scope_ids(cast.outsider, REGISTER)
    assert closed.pk not in selectors.scope_ids(cast.cell_secretary, REGISTER)


def test_inactive_accounts_hold_no_role(cast):
    cast.secretary.is_active = False
    cast.secretary.save()
    assert selectors.scope_ids(cast.secretary, REGISTER) == set()


def test_anonymous_and_none_hold_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.scope_ids(AnonymousUser(), FIGURES) == set()
    assert selectors.scope_ids(None, FIGURES) == set()


def test_a_misspelt_action_fails_loudly(cast):
    with pytest.raises(ValueError):
        selectors.scope_ids(cast.secretary, "register.veiw")


def test_restrict_limits_a_queryset_to_the_scope(cast):
    rows = selectors.restrict(RoleAssignment.objects.all(), cast.secretary, REGISTER)
    assert {ra.organization_id for ra in rows} == ids(cast.W1, cast.C1)


def test_get_in_scope_or_404(cast):
    orgs = Organization.objects.all()
    by_id = {"org_id_of": lambda org: org.pk}
    assert selectors.get_in_scope_or_404(cast.secretary, REGISTER, orgs, code="C1", **by_id) == cast.C1
    with pytest.raises(Http404):
        selectors.get_in_scope_or_404(cast.secretary, REGISTER, orgs, code="C2", **by_id)
    with pytest.raises(Http404):
        selectors.get_in_scope_or_404(cast.secretary, REGISTER, orgs, code="nope", **by_id)
    with pytest.raises(Http404):  # the observer sees C1's figures but not its people
        selectors.get_in_scope_or_404(cast.observer, REGISTER, orgs, code="C1", **by_id)
    # The default resolution reads `organization_id` (a role assignment belongs to its organisation).
    ra = cast.cell_secretary.roles.get()
    assert selectors.get_in_scope_or_404(cast.secretary, REGISTER, RoleAssignment.objects, pk=ra.pk) == ra
    with pytest.raises(NotFound):
        selectors.get_in_scope(cast.outsider, REGISTER, RoleAssignment.objects, pk=ra.pk)


def test_second_factor_is_for_staff_roles_held_today(cast):
    assert selectors.needs_second_factor(cast.office)
    assert not selectors.needs_second_factor(cast.secretary)
    assert not selectors.needs_second_factor(cast.observer)
    ra = cast.office.roles.get()
    ra.valid_to = selectors.today()
    ra.save()
    assert not selectors.needs_second_factor(cast.office)
