"""audit.atomic() and record(): entries appended at the end of the outermost block, dropped with a rolled
back savepoint, never left pending after an error; the model and the ORM refuse to change entries."""

import pytest
from django.core.management import call_command
from django.db import transaction

from dangvu.audit import chain
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead, PendingEntry
from dangvu.audit.selectors import verify_chain
from dangvu.organizations.models import Organization, OrgKind


def _actions():
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def _assert_intact(count):
    report = verify_chain()
    assert report.ok, report.explain("en")
    assert report.count == count


@pytest.mark.django_db
def test_migrate_anchors_the_chain_with_the_key_fingerprint_and_a_random_genesis():
    anchor, head = ChainAnchor.objects.get(pk=1), ChainHead.objects.get(pk=1)
    assert anchor.fingerprint == chain.fingerprint() != chain.fingerprint("another-key")
    assert len(anchor.genesis) == 64
    assert (head.seq, head.hash, head.mac) == (0, anchor.genesis, chain.head_mac(0, anchor.genesis))
    audit.record(actor=None, action="first")
    assert AuditEntry.objects.get().prev_hash == anchor.genesis


@pytest.mark.django_db
def test_entries_are_appended_when_the_outermost_block_ends():
    with audit.atomic():
        audit.record(actor=None, action="outer.one")
        with audit.atomic():
            audit.record(actor=None, action="inner.one")
        assert AuditEntry.objects.count() == 0  # still pending: the head is not locked yet
    assert _actions() == ["outer.one", "inner.one"]
    _assert_intact(2)


@pytest.mark.django_db(transaction=True)
def test_entries_are_appended_at_the_end_outside_any_test_transaction_too():
    with audit.atomic():
        audit.record(actor=None, action="outer.one")
        with audit.atomic():
            audit.record(actor=None, action="inner.one")
        assert AuditEntry.objects.count() == 0
    assert _actions() == ["outer.one", "inner.one"]
    _assert_intact(2)


@pytest.mark.django_db
def test_a_rolled_back_inner_block_drops_its_entries():
    with audit.atomic():
        audit.record(actor=None, action="kept.before")
        with pytest.raises(ValueError), audit.atomic():
            audit.record(actor=None, action="dropped")
            raise ValueError
        audit.record(actor=None, action="kept.after")
    assert _actions() == ["kept.before", "kept.after"]
    _assert_intact(2)


@pytest.mark.django_db
def test_a_rolled_back_plain_savepoint_drops_its_entries_too():
    with audit.atomic():
        audit.record(actor=None, action="kept")
        with pytest.raises(ValueError), transaction.atomic():
            audit.record(actor=None, action="dropped")
            with audit.atomic():
                audit.record(actor=None, action="dropped.nested")
            raise ValueError
    assert _actions() == ["kept"]
    _assert_intact(1)


@pytest.mark.django_db
def test_an_error_leaves_nothing_pending_and_nothing_written():
    with pytest.raises(RuntimeError), audit.atomic():
        audit.record(actor=None, action="lost")
        raise RuntimeError
    assert audit._pending() is None
    audit.record(actor=None, action="after.error")
    assert _actions() == ["after.error"]
    _assert_intact(1)


@pytest.mark.django_db
def test_a_failed_append_leaves_nothing_pending(monkeypatch):
    def broken(entries, using):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "_append", broken)
    with pytest.raises(RuntimeError), audit.atomic():
        audit.record(actor=None, action="lost")
    assert audit._pending() is None


@pytest.mark.django_db
def test_a_record_outside_audit_atomic_is_chained_at_once():
    audit.record(actor=None, action="alone.one")
    assert AuditEntry.objects.count() == 1
    audit.record(actor=None, action="alone.two")
    first, second = AuditEntry.objects.order_by("seq")
    assert second.prev_hash == first.hash
    _assert_intact(2)


@pytest.mark.django_db
def test_inside_a_foreign_transaction_entries_live_and_die_with_it():
    with pytest.raises(ValueError), transaction.atomic():
        with audit.atomic():
            audit.record(actor=None, action="rolled.back.with.caller")
        assert AuditEntry.objects.count() == 1  # appended at the end of audit.atomic()
        raise ValueError
    assert AuditEntry.objects.count() == 0
    with transaction.atomic(), audit.atomic():
        audit.record(actor=None, action="committed.with.caller")
    assert _actions() == ["committed.with.caller"]
    _assert_intact(1)


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_is_anchored_again_and_takes_writes():
    audit.record(actor=None, action="before.flush")
    old_genesis = ChainAnchor.objects.get().genesis
    call_command("flush", interactive=False, verbosity=0)  # post_migrate anchors the empty database
    assert ChainAnchor.objects.get().genesis != old_genesis
    _assert_intact(0)
    audit.record(actor=None, action="first")
    _assert_intact(1)


@pytest.mark.django_db
def test_entries_are_marked_by_rows_of_the_transaction_and_none_is_left_behind():
    with audit.atomic():
        audit.record(actor=None, action="pending")
        assert PendingEntry.objects.count() == 1
    assert not PendingEntry.objects.exists()
    assert _actions() == ["pending"]


@pytest.mark.django_db
def test_with_entries_but_no_head_nothing_more_is_appended():
    audit.record(actor=None, action="first")
    ChainHead.objects.all().delete()
    with pytest.raises(audit.ChainHeadMissing):
        audit.record(actor=None, action="second")
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 1


@pytest.mark.django_db
def test_before_and_after_are_canonical_json_of_a_snapshot():
    org = Organization.objects.create(code="X", name="Chi bộ Thử", kind=OrgKind.CELL)
    before = audit.snapshot(org)
    org.name = "Chi bộ Mới"
    with audit.atomic():
        audit.record(actor=None, action="organization.rename", obj=org, organization_id=org.pk,
                     before=before, after=audit.snapshot(org, ["name"]))
    entry = AuditEntry.objects.get()
    assert (entry.object_type, entry.object_id) == ("organizations.organization", str(org.pk))
    assert entry.after == '{"name":"Chi bộ Mới"}'
    assert '"scope_parent_id":null' in entry.before and '"name":"Chi bộ Thử"' in entry.before
    _assert_intact(1)


@pytest.mark.django_db
def test_a_read_of_a_confidential_record_is_recorded():
    org = Organization.objects.create(code="X", name="Chi bộ Thử", kind=OrgKind.CELL)
    audit.record_read(actor=None, obj=org, organization_id=org.pk)
    entry = AuditEntry.objects.get()
    assert entry.action == "organizations.organization.read"
    assert entry.confidential and entry.organization_id == org.pk


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_remove_entries():
    audit.record(actor=None, action="fixed")
    entry = AuditEntry.objects.get()
    entry.action = "changed"
    for attempt in (entry.save, entry.delete, AuditEntry.objects.all().delete,
                    lambda: AuditEntry.objects.update(action="changed"),
                    lambda: AuditEntry.objects.bulk_update([entry], ["action"])):
        with pytest.raises(RuntimeError, match="append-only"):
            attempt()
    assert AuditEntry.objects.get().action == "fixed"


@pytest.mark.django_db
def test_the_savepoint_markers_do_not_leak_into_on_commit_callbacks(django_capture_on_commit_callbacks):
    def notify():
        pass

    with django_capture_on_commit_callbacks() as callbacks, audit.atomic():
        audit.record(actor=None, action="with.callback")
        transaction.on_commit(notify)
        with pytest.raises(ValueError), audit.atomic():
            audit.record(actor=None, action="dropped")
            raise ValueError
    assert callbacks == [notify]
    assert _actions() == ["with.callback"]
