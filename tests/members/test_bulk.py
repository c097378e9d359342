"""The bulk services the importers call: every problem of every row, all or nothing, the same rules as
the single services, spans and one audit entry for the file."""

import datetime as dt

import pytest

from dangvu.audit.models import AuditEntry
from dangvu.core.errors import InvalidInput
from dangvu.members.bulk import register_members, transfer_members
from dangvu.members.entries import Decision, MemberEntry, TransferEntry
from dangvu.members.figures import member_figures
from dangvu.members.models import EventKind, Member, MemberEvent

ADMITTED = dt.date(2017, 3, 15)


def entry(row, code, org="C1", admitted=ADMITTED, **kw):
    base = {"full_name": f"Lê Thị {code}", "birth_date": dt.date(1990, 1, 1), "sex": "female"}
    return MemberEntry(row=row, code=code, organization_code=org, admitted_on=admitted, **{**base, **kw})


def good_file():
    return [
        entry(
            2,
            "A",
            official_on=dt.date(2018, 3, 15),
            profile={"ethnicity": "Kinh", "theory_level": "elementary"},
            decision=Decision("3-QĐ/ĐU", dt.date(2017, 3, 1), "Đảng ủy"),
        ),
        entry(
            3,
            "B",
            org="C2",
            admitted=dt.date(1985, 2, 3),
            birth_date=dt.date(1960, 7, 8),
            official_on=dt.date(1986, 2, 3),
            entry_kind="opening",
            registered_on=dt.date(2017, 1, 1),
        ),
        entry(
            4,
            "C",
            admitted=dt.date(2016, 1, 4),
            official_on=dt.date(2017, 1, 4),
            entry_kind="transfer",
            registered_on=dt.date(2017, 6, 1),
            left_on=dt.date(2017, 9, 1),
            left_reason="died",
        ),
        entry(
            5,
            "E",
            admitted=dt.date(1980, 1, 1),
            birth_date=dt.date(1955, 1, 1),
            entry_kind="opening",
            registered_on=dt.date(2017, 1, 1),
            left_on=dt.date(2017, 2, 1),
            left_reason="expelled",
        ),
    ]


def test_a_clean_file_is_written_with_spans_and_one_audit_entry(tree):
    result = register_members(actor=None, entries=good_file())
    assert result.created == 4 and result.problems == []
    a = Member.objects.get(code="A")
    assert a.status == "official" and a.official_on == dt.date(2018, 3, 15) and a.name_folded == "le thi a"
    admission = a.events.get(kind=EventKind.ADMISSION)
    assert admission.decision_number == "3-QĐ/ĐU" and admission.created_at.tzinfo is not None
    assert MemberEvent.objects.get(kind=EventKind.EXPULSION).imported
    f = member_figures(tree["T"].id, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert (f["admitted"], f["opening"], f["transferred_in"], f["died"], f["expelled"], f["at_end"]) == (
        1,
        2,
        1,
        1,
        1,
        2,
    )
    entry_ = AuditEntry.objects.get(action="members.import")
    assert '"created":4' in entry_.after and "Lê Thị" not in entry_.after


def test_every_problem_is_reported_and_nothing_is_written(tree):
    rows = good_file() + [
        entry(6, "A"),  # repeated in the file
        entry(7, "F", org="NOPE"),
        entry(8, "G", birth_date=dt.date(2000, 1, 1)),  # 17 on admission
        entry(9, "H", official_on=dt.date(2018, 1, 1)),  # not 12 months
        entry(10, "I", entry_kind="transfer"),  # registered_on missing
        entry(11, "J", left_on=dt.date(2018, 1, 1)),  # reason missing
        entry(12, "K", sex="x", org="OLD", admitted=dt.date(2018, 6, 1)),
        entry(13, "L", left_on=dt.date(2017, 3, 15), left_reason="removed"),  # two changes on one day
        entry(
            14, "M", admitted=dt.date(1980, 1, 1), entry_kind="opening", registered_on=dt.date(2017, 1, 1)
        ),  # before birth
    ]
    with pytest.raises(InvalidInput) as exc:
        register_members(actor=None, entries=rows)
    got = {(p.row, p.field) for p in exc.value.problems}
    assert {
        (6, "code"),
        (7, "organization_code"),
        (8, "admitted_on"),
        (9, "official_on"),
        (10, "registered_on"),
        (11, "left_reason"),
        (12, "sex"),
        (12, "organization_code"),
        (13, "left_on"),
        (14, "admitted_on"),
    } <= got
    assert not any(row in (2, 3, 4, 5) for row, _f in got)
    assert not Member.objects.exists() and not AuditEntry.objects.exists()


def test_dry_run_writes_nothing_and_existing_codes_are_refused(tree):
    assert register_members(actor=None, entries=good_file(), dry_run=True).created == 0
    assert not Member.objects.exists()
    register_members(actor=None, entries=good_file()[:1])
    with pytest.raises(InvalidInput) as exc:
        register_members(actor=None, entries=good_file())
    assert {(p.row, p.field) for p in exc.value.problems} == {(2, "code")}


def test_an_actor_imports_only_into_his_or_her_scope(tree, hoa):
    with pytest.raises(InvalidInput) as exc:
        register_members(actor=hoa, entries=good_file())
    assert {(p.row, p.field) for p in exc.value.problems} == {(3, "organization_code")}  # C2 is in W2


def test_transfers_are_judged_with_the_member_history(tree):
    register_members(actor=None, entries=good_file())
    with pytest.raises(InvalidInput) as exc:
        transfer_members(
            actor=None,
            entries=[
                TransferEntry(2, "A", dt.date(2018, 5, 2), "C2"),
                TransferEntry(3, "C", dt.date(2018, 5, 2), "C1"),  # died in 2017
                TransferEntry(4, "Z", dt.date(2018, 5, 2), "C1"),
                TransferEntry(5, "B", dt.date(2018, 5, 2), "OLD"),
            ],
        )
    assert {(p.row, p.field) for p in exc.value.problems} == {
        (3, "on"),
        (4, "member_code"),
        (5, "to_organization_code"),
    }
    result = transfer_members(
        actor=None,
        entries=[TransferEntry(2, "A", dt.date(2018, 5, 2), "C2"), TransferEntry(3, "A", dt.date(2019, 5, 2),
                                                                                 "C1")],
    )
    assert result.created == 2
    assert Member.objects.get(code="A").organization.code == "C1"
    assert member_figures(tree["W2"].id, dt.date(2018, 1, 1), dt.date(2019, 12, 31))["transferred_in"] == 1
