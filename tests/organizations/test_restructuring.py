"""Restructuring operations: their effect on links, names, closure, member events and figures, and the
refusals that write nothing."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.members.figures import children_with_counts, member_figures, tree_with_counts
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.organizations import selectors, services
from dangvu.organizations.models import (
    Organization,
    OrganizationName,
    OrganizationParent,
    Restructuring,
)

from .conftest import make_member, make_unit

Y2020 = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
Y2021 = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def fig(org, period):
    return member_figures(org.id, *period)


def counts():
    return (Organization.objects.count(), OrganizationParent.objects.count(),
            OrganizationName.objects.count(), Restructuring.objects.count(), MemberEvent.objects.count(),
            MembershipSpan.objects.count(), AuditEntry.objects.count())


def test_create_organization_opens_link_and_name(tree):
    c1 = tree["C1"]
    link = OrganizationParent.objects.get(organization=c1)
    assert (link.parent, link.valid_from, link.valid_to) == (tree["W1"], dt.date(2000, 1, 1), None)
    assert list(OrganizationName.objects.filter(organization=c1).values_list("name", "valid_from")) == [
        ("Chi bộ C1", dt.date(2000, 1, 1))]
    assert c1.scope_parent == tree["W1"]
    undated = services.create_organization(actor=None, code="X", name="Chi bộ X", kind="cell", parent="W2")
    assert OrganizationParent.objects.get(organization=undated).valid_from == dt.date.min
    assert AuditEntry.objects.filter(action="organization.create", object_id=str(undated.id)).exists()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"code": "C1"}, "code"),
    ({"parent": "NOPE"}, "parent_code"),
    ({"established_on": dt.date(1999, 1, 1)}, "parent_code"),
    ({"established_on": dt.date(2010, 1, 1), "closed_on": dt.date(2009, 1, 1)}, "closed_on"),
    ({"kind": "club"}, "kind"),
])
def test_create_organization_refusals_name_the_field(tree, kwargs, field):
    args = {"code": "NEW", "name": "Chi bộ mới", "kind": "cell", "parent": "W1", **kwargs}
    before = counts()
    with pytest.raises(InvalidInput) as exc:
        services.create_organization(actor=None, **args)
    assert field in [p.field for p in exc.value.problems]
    assert counts() == before


def test_move_changes_ancestry_and_counts_transfers_across_the_border(tree, people):
    c1, w1, w2, t = tree["C1"], tree["W1"], tree["W2"], tree["T"]
    row = services.restructure(actor=None, on=dt.date(2020, 1, 1), operation="move", organization="C1",
                               target="W2")
    links = list(OrganizationParent.objects.filter(organization=c1).order_by("valid_from")
                 .values_list("parent__code", "valid_from", "valid_to"))
    assert links == [("W1", dt.date(2000, 1, 1), dt.date(2020, 1, 1)), ("W2", dt.date(2020, 1, 1), None)]
    c1.refresh_from_db()
    assert c1.scope_parent == w2 and c1.closed_on is None
    people["an"].refresh_from_db()
    assert people["an"].organization == c1  # members do not change unit
    assert not MemberEvent.objects.filter(restructuring=row).exists()

    assert (fig(w1, Y2020)["transferred_out"], fig(w1, Y2020)["at_end"]) == (2, 2)
    assert (fig(w2, Y2020)["transferred_in"], fig(w2, Y2020)["at_end"]) == (2, 3)
    whole = fig(t, Y2020)
    assert whole["transferred_in"] == whole["transferred_out"] == 0 and whole["at_end"] == 5
    # A past date uses the old tree.
    assert member_figures(w1.id, dt.date(2019, 1, 1), dt.date(2019, 12, 31))["at_end"] == 4
    assert [n.code for n in selectors.tree_on(w1, dt.date(2019, 12, 31)).children] == ["C1", "C2"]
    assert [n.code for n in selectors.tree_on(w2, dt.date(2020, 1, 1)).children] == ["C1", "C3"]
    entry = AuditEntry.objects.get(action="organization.move")
    assert entry.organization_id == c1.id


def test_merge_inside_one_parent_moves_no_one_across_its_border(tree, people):
    w1, w2, t = tree["W1"], tree["W2"], tree["T"]
    on = dt.date(2021, 1, 1)
    row = services.restructure(actor=None, on=on, operation="merge", organization=w1, target=w2,
                               decision_number="15-QĐ/TU")
    w1.refresh_from_db()
    assert (w1.closed_on, w1.successor, w1.scope_parent) == (on, w2, w2)
    events = MemberEvent.objects.filter(restructuring=row)
    assert [(e.member_id, e.kind, e.on, e.organization, e.from_organization, e.decision_number)
            for e in events] == [(people["dung"].id, EventKind.RESTRUCTURING, on, w2, w1, "15-QĐ/TU")]
    people["dung"].refresh_from_db()
    assert people["dung"].organization == w2
    for code in ("C1", "C2"):
        assert selectors.parent_on(tree[code], on) == w2
        assert selectors.parent_on(tree[code], on - dt.timedelta(days=1)) == w1
        tree[code].refresh_from_db()
        assert tree[code].scope_parent == w2
    assert OrganizationParent.objects.get(organization=w1).valid_to == on

    whole = fig(t, Y2021)
    assert (whole["transferred_in"], whole["transferred_out"]) == (0, 0)
    assert (whole["at_start"], whole["at_end"]) == (5, 5)
    assert (fig(w1, Y2021)["transferred_out"], fig(w1, Y2021)["at_end"]) == (4, 0)
    assert (fig(w2, Y2021)["transferred_in"], fig(w2, Y2021)["at_end"]) == (4, 5)
    assert member_figures(w1.id, dt.date(2020, 1, 1), dt.date(2020, 12, 31))["at_end"] == 4  # the old tree
    assert selectors.tree_on(w1, on) is None
    assert [n.code for n in selectors.tree_on(t, on).children] == ["W2"]
    assert AuditEntry.objects.filter(action="organization.merge").count() == 1


def test_merge_of_cells_counts_flows_between_them_only(tree, people):
    c1, c2, w1 = tree["C1"], tree["C2"], tree["W1"]
    services.restructure(actor=None, on=dt.date(2020, 6, 1), operation="merge", organization="C1",
                         target="C2")
    assert fig(c1, Y2020)["transferred_out"] == 2 and fig(c2, Y2020)["transferred_in"] == 2
    assert fig(c2, Y2020)["at_end"] == 3
    w = fig(w1, Y2020)
    assert w["transferred_in"] == w["transferred_out"] == 0 and w["at_end"] == 4
    assert set(Member.objects.filter(organization=c2).values_list("code", flat=True)) == {
        "M-AN", "M-BINH", "M-CUONG"}


def test_rename_keeps_the_name_history(tree):
    w1 = tree["W1"]
    services.restructure(actor=None, on=dt.date(2022, 3, 1), operation="rename", organization=w1,
                         new_name="Đảng bộ phường Một Mới")
    w1.refresh_from_db()
    assert w1.name == "Đảng bộ phường Một Mới"
    assert selectors.name_on(w1, dt.date(2022, 2, 28)) == "Đảng bộ phường Một"
    assert selectors.name_on(w1, dt.date(2022, 3, 1)) == "Đảng bộ phường Một Mới"
    assert selectors.tree_on(tree["T"], dt.date(2022, 2, 28)).children[0].name == "Đảng bộ phường Một"
    with pytest.raises(InvalidInput) as exc:
        services.restructure(actor=None, on=dt.date(2022, 1, 1), operation="rename", organization=w1,
                             new_name="X")
    assert exc.value.problems[0].field == "on"  # a later name is recorded


def test_close_an_empty_unit(tree):
    c4 = make_unit("C4", tree["W2"])
    services.restructure(actor=None, on=dt.date(2019, 5, 1), operation="close", organization=c4)
    c4.refresh_from_db()
    assert c4.closed_on == dt.date(2019, 5, 1) and c4.successor is None
    assert OrganizationParent.objects.get(organization=c4).valid_to == dt.date(2019, 5, 1)
    assert [c.code for c in selectors.children_on(tree["W2"], dt.date(2019, 5, 1))] == ["C3"]
    assert [c.code for c in selectors.children_on(tree["W2"], dt.date(2019, 4, 30))] == ["C3", "C4"]


def _refusal(field, **kwargs):
    before = counts()
    with pytest.raises(InvalidInput) as exc:
        services.restructure(actor=None, **kwargs)
    assert field in [p.field for p in exc.value.problems]
    assert counts() == before
    return exc.value


def test_refusals_write_nothing(tree, people):
    on = dt.date(2020, 1, 1)
    _refusal("organization_code", on=on, operation="close", organization="C3")  # Em is registered there
    _refusal("organization_code", on=on, operation="close", organization="W2")  # C3 stands under it
    _refusal("target_code", on=on, operation="move", organization="W1", target="C1")  # a cycle
    _refusal("organization_code", on=on, operation="merge", organization="NOPE", target="W2")
    _refusal("target_code", on=on, operation="merge", organization="C1", target="NOPE")
    _refusal("target_code", on=on, operation="merge", organization="C1")
    _refusal("new_name", on=on, operation="rename", organization="C1")
    _refusal("operation", on=on, operation="explode", organization="C1")
    _refusal("target_code", on=on, operation="move", organization="C1", target="W1")  # already there

    services.restructure(actor=None, on=on, operation="merge", organization="C2", target="C1")
    _refusal("target_code", on=dt.date(2021, 1, 1), operation="merge", organization="C3",
             target="C2")  # closed
    _refusal("target_code", on=dt.date(2019, 1, 1), operation="move", organization="C3",
             target="C2")  # closes
    _refusal("organization_code", on=dt.date(2021, 1, 1), operation="rename", organization="C2", new_name="Y")


def test_an_event_after_the_closure_is_refused(tree, people):
    giang = make_member("M-GIANG", "Đặng Thị Giang", tree["C1"], since=dt.date(2023, 5, 1), sex="female")
    error = _refusal("on", on=dt.date(2022, 1, 1), operation="merge", organization="C1", target="C2")
    assert "2023-05-01" in str(error)
    giang.refresh_from_db()
    assert giang.organization == tree["C1"]


def test_a_later_move_of_the_unit_is_refused(tree):
    services.restructure(actor=None, on=dt.date(2020, 1, 1), operation="move", organization="C1", target="W2")
    _refusal("on", on=dt.date(2019, 1, 1), operation="move", organization="C1", target="T")


def test_scope_is_checked_and_refusal_writes_nothing(tree, people, son, quang, hoa):
    before = counts()
    with pytest.raises(NotFound):
        services.restructure(actor=son, on=dt.date(2020, 1, 1), operation="merge", organization="C1",
                             target="C3")
    with pytest.raises(Forbidden):
        services.restructure(actor=quang, on=dt.date(2020, 1, 1), operation="merge", organization="C1",
                             target="C2")
    assert counts() == before
    row = services.restructure(actor=hoa, on=dt.date(2020, 1, 1), operation="merge", organization="C1",
                               target="C2")
    assert AuditEntry.objects.get(action="organization.merge").actor_id == hoa.id
    assert row.member_events.count() == 2


def test_preview_equals_what_the_confirm_does(tree, people):
    on = dt.date(2021, 1, 1)
    before = counts()
    preview = services.preview_restructuring(on, "merge", "W1", "W2")
    assert counts() == before  # nothing written, no audit entry
    assert preview.member_ids == [people["dung"].id]
    assert [u.code for u in preview.units] == ["C1", "C2"]
    assert preview.figures["W1"]["before"]["at_end"] == 4 and preview.figures["W1"]["after"]["at_end"] == 0
    row = services.restructure(actor=None, on=on, operation="merge", organization="W1", target="W2")
    assert sorted(row.member_events.values_list("member_id", flat=True)) == preview.member_ids
    for code, values in preview.figures.items():
        assert member_figures(Organization.objects.get(code=code).id, on, on) == values["after"]
    assert set(preview.figures) == {"W1", "W2", "T"}


def test_preview_of_a_move_lists_the_subtree(tree, people):
    preview = services.preview_restructuring(dt.date(2020, 1, 1), "move", "W1", "W2")
    assert [u.code for u in preview.units] == ["C1", "C2", "W1"]
    assert preview.member_count == 4
    assert preview.figures["W2"]["after"]["transferred_in"] == 4
    assert OrganizationParent.objects.filter(organization=tree["W1"], valid_to__isnull=False).count() == 0


def test_preview_repeats_the_refusals(tree, people):
    with pytest.raises(InvalidInput):
        services.preview_restructuring(dt.date(2020, 1, 1), "close", "C3")


def test_split_moves_listed_members_and_may_close_the_source(tree, people):
    on = dt.date(2024, 1, 1)
    c4 = make_unit("C4", tree["W1"], established_on=on)
    with pytest.raises(InvalidInput):  # Bình is not placed, and the source would close
        services.split(actor=None, on=on, organization="C1", parts={"C2": [people["an"].id]},
                       close_source=True)
    with pytest.raises(InvalidInput):  # Em is not in C1
        services.split(actor=None, on=on, organization="C1", parts={"C2": [people["em"].id]})
    rows = services.split(actor=None, on=on, organization="C1", close_source=True,
                          parts={"C2": [people["an"].id], c4: [people["binh"].id]})
    assert [(r.operation, r.target.code) for r in rows] == [("split", "C2"), ("split", "C4")]
    people["an"].refresh_from_db()
    people["binh"].refresh_from_db()
    assert (people["an"].organization.code, people["binh"].organization.code) == ("C2", "C4")
    tree["C1"].refresh_from_db()
    assert tree["C1"].closed_on == on
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert fig(tree["C1"], year)["transferred_out"] == 2 and fig(c4, year)["transferred_in"] == 1
    assert fig(tree["W1"], year)["transferred_out"] == 0


def test_tree_with_counts_and_children_with_counts(tree, people):
    root = tree_with_counts(tree["T"], dt.date(2018, 1, 1))
    by_code = {n.code: n.members for n in root.walk()}
    assert by_code == {"T": 5, "W1": 4, "W2": 1, "C1": 2, "C2": 1, "C3": 1}
    assert [(o.code, n) for o, n in children_with_counts(tree["W1"], dt.date(2018, 1, 1))] == [
        ("C1", 2), ("C2", 1)]
    assert selectors.tree_on(tree["T"], dt.date(1999, 1, 1)) is None
