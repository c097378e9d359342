"""An emptied or replaced log never verifies: `migrate` anchors the chain (the key's fingerprint and a
random genesis), the head points at the genesis, and a register with records but no entry fails. Each way
of emptying the log is caught, on both engines."""

import pytest
from django.conf import settings
from django.test import override_settings

from dangvu.audit import chain, keys
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead
from dangvu.audit.selectors import verify_chain
from dangvu.organizations.models import Organization, OrgKind
from tests.audit.conftest import ENTRIES, HEAD, hash_of, sql, write_entries
from tests.audit.test_tampering import verify_command

ANCHOR = ChainAnchor._meta.db_table


def empty_both_tables():
    sql(f"DELETE FROM {ENTRIES}")  # noqa: S608
    sql(f"DELETE FROM {HEAD}")  # noqa: S608


def delete_head_only():
    sql(f"DELETE FROM {HEAD}")  # noqa: S608


def delete_entries_only():
    sql(f"DELETE FROM {ENTRIES}")  # noqa: S608


def truncate_tail():
    sql(f"DELETE FROM {ENTRIES} WHERE seq > 7")  # noqa: S608


def truncate_tail_and_rewind_head():
    last = hash_of(7)
    truncate_tail()
    sql(f"UPDATE {HEAD} SET seq = 7, hash = %s WHERE id = 1", [last])  # noqa: S608


def empty_everything_of_the_audit_app():
    empty_both_tables()
    sql(f"DELETE FROM {ANCHOR}")  # noqa: S608


def replay_the_fresh_head():
    """The head as it was when the database was new (seq 0, its keyed signature), over an emptied log."""
    genesis = ChainAnchor.objects.get().genesis
    delete_entries_only()
    sql(f"UPDATE {HEAD} SET seq = 0, hash = %s, mac = %s WHERE id = 1",  # noqa: S608
        [genesis, chain.head_mac(0, genesis)])


def replace_the_anchor():
    """A new anchor and head over an emptied log, as if the database had just been migrated."""
    empty_everything_of_the_audit_app()
    keys.begin_chain()


def first_entry_from_another_database():
    """Entry #1 relinked to the empty genesis of a chain begun before anchors."""
    sql(f"UPDATE {ANCHOR} SET genesis = '' WHERE id = 1")  # noqa: S608


EMPTYING = [
    (empty_both_tables, 1),
    (delete_head_only, 1),
    (delete_entries_only, 1),
    (truncate_tail, 8),
    (truncate_tail_and_rewind_head, 8),
    (empty_everything_of_the_audit_app, 1),
    (replay_the_fresh_head, 1),
    (replace_the_anchor, 1),
    (first_entry_from_another_database, 1),
]


@pytest.fixture
def register_with_entries(db):
    """An organisation on the register, and ten entries."""
    Organization.objects.create(code="X", name="Chi bộ Thử", kind=OrgKind.CELL)
    write_entries(10, per_transaction=3)


@pytest.mark.parametrize(("tamper", "first_bad"), EMPTYING, ids=[t.__name__ for t, _ in EMPTYING])
def test_an_emptied_or_replaced_log_never_verifies(register_with_entries, tamper, first_bad):
    assert verify_chain().ok
    tamper()
    report = verify_chain()
    assert not report.ok and not report.wrong_key
    assert report.first_bad_seq == first_bad, report.explain("en")
    code, output = verify_command()
    assert code == 1
    assert f"Entry #{first_bad} is broken: {report.explain('en')}" in output


@pytest.mark.django_db
def test_the_wrong_key_is_reported_as_such_not_as_tampering(register_with_entries):
    with override_settings(AUDIT_KEY="a-key-that-is-not-this-databases"):
        report = verify_chain()
        code, output = verify_command()
    assert report.wrong_key and report.first_bad_seq is None
    assert code == 2
    assert "is broken" not in output and "bị hỏng" not in output
    assert chain.fingerprint(settings.AUDIT_KEY)[:12] in output  # the fingerprint the database records


@pytest.mark.parametrize("tamper", [empty_both_tables, delete_head_only, empty_everything_of_the_audit_app])
def test_after_emptying_nothing_more_is_written(register_with_entries, tamper):
    tamper()
    with pytest.raises(audit.ChainHeadMissing):
        audit.record(actor=None, action="after.tampering")
    assert not keys.begin_chain()  # the register holds records: no new chain over an emptied log


@pytest.mark.django_db
def test_an_empty_database_verifies_and_its_first_write_chains_from_the_genesis():
    report = verify_chain()
    assert (report.ok, report.count) == (True, 0)
    audit.record(actor=None, action="first")
    assert verify_chain().ok
    assert ChainHead.objects.get().seq == 1


def _make_it_a_chain_from_before_anchors():
    """Entry #1 linked to "" and no anchor row, as `migrate` of an older version left it."""
    sql(f"DELETE FROM {ANCHOR}")  # noqa: S608
    prev = ""
    for row in AuditEntry.objects.order_by("seq").values(*chain.HASHED_FIELDS):
        row["prev_hash"] = prev
        prev = chain.entry_hash(row)
        sql(f"UPDATE {ENTRIES} SET prev_hash = %s, hash = %s WHERE seq = %s",  # noqa: S608
            [row["prev_hash"], prev, row["seq"]])
    seq = AuditEntry.objects.count()
    sql(f"UPDATE {HEAD} SET seq = %s, hash = %s, mac = %s WHERE id = 1",  # noqa: S608
        [seq, prev, chain.head_mac(seq, prev)])


def test_a_chain_from_before_anchors_verifies_and_is_anchored_by_migrate_under_its_own_key_only(
        register_with_entries):
    _make_it_a_chain_from_before_anchors()
    assert verify_chain().ok  # walked as it is: no false alarm before the upgrade's migrate
    keys.refuse_a_foreign_key()
    with override_settings(AUDIT_KEY="not-the-key-of-this-chain"):
        with pytest.raises(keys.KeyMismatch):
            keys.refuse_a_foreign_key()
        assert not keys.begin_chain()  # never anchored under a key that does not sign entry #1
    assert not ChainAnchor.objects.exists()
    assert keys.begin_chain()
    anchor = ChainAnchor.objects.get()
    assert (anchor.genesis, anchor.fingerprint) == ("", chain.fingerprint())
    report = verify_chain()
    assert report.ok and report.count == 10
