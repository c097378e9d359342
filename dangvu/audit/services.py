"""Writing the audit log. Every write service runs inside `audit.atomic()` and calls `record()`; the
entries of one transaction are appended under the chain-head lock at the end of the outermost
`audit.atomic()`, so concurrent writers still give one valid chain and the lock is held only from the
append to the commit.

Entries recorded inside a savepoint that is later rolled back (an inner `audit.atomic()` or a plain
`transaction.atomic()` that raised) are dropped with it: each pending entry is marked by an on-commit
callback, Django forgets the callbacks of a rolled-back savepoint, and the markers still there at the end
of the block tell which entries to append (the markers are then removed, never run)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dangvu.audit import chain, context
from dangvu.audit.models import AuditEntry, ChainHead

_state = threading.local()


class ChainHeadMissing(RuntimeError):
    """The chain head row is gone while entries exist: the log was tampered with; nothing is appended."""


class _Pending:
    """One recorded entry waiting for the end of the outermost `audit.atomic()`."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict):
        self.fields = fields

    def __call__(self):
        """Never run: the marker leaves the on-commit list before the transaction ends."""


def _pending() -> list | None:
    return getattr(_state, "pending", None)


@contextmanager
def atomic(using: str | None = None):
    """`transaction.atomic()` that appends the audit entries recorded inside it before it commits.

    The outermost `audit.atomic()` (none is open in this thread) collects the entries and appends them
    at its end; inner ones are plain savepoints. The outermost one may itself run inside a foreign
    transaction (a test case, a plain `transaction.atomic()`): its entries are then appended at its end
    all the same, and the head lock lasts until that foreign transaction ends."""
    if _pending() is not None:
        with transaction.atomic(using=using):
            yield
        return
    conn = transaction.get_connection(using)
    # A shell, a script or a thread has no request or command around it: this block is one action.
    correlation = context.current_correlation_id() or context.new_correlation_id()
    _state.pending, _state.using = [], using
    try:
        with context.acting(correlation=correlation), transaction.atomic(using=using):
            yield
            entries = _surviving(conn)
            _state.pending = None
            if entries:
                _append(entries)
    finally:
        _state.pending = None


def _surviving(conn) -> list[dict]:
    """The fields of the pending entries whose savepoints were not rolled back. The markers are taken
    off the on-commit list again: nobody else (captureOnCommitCallbacks in tests) should see them."""
    live = {id(func) for _sids, func, _robust in conn.run_on_commit}
    conn.run_on_commit[:] = [item for item in conn.run_on_commit if not isinstance(item[1], _Pending)]
    return [p.fields for p in _state.pending if id(p) in live]


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, f"system ({context.origin()})"
    return actor.pk, f"{actor.get_username()} ({context.origin()})"


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of an instance (foreign keys as ids), for before/after."""
    data = {}
    for f in instance._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.attname] = _plain(f.value_from_object(instance))
    return data


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    organization_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    confidential: bool = False,
) -> None:
    """Record one change (or one read of a confidential record). Inside `audit.atomic()` the entry is
    appended when the outermost one ends; outside, at once in a transaction of its own."""
    if _pending() is None:
        with atomic():
            record(actor=actor, action=action, obj=obj, object_type=object_type, object_id=object_id,
                   label=label, organization_id=organization_id, before=before, after=after,
                   confidential=confidential)
        return
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        label = label or str(obj)
    actor_id, actor_label = _actor_fields(actor)
    entry = _Pending({
        "at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label[:200],
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_label": label[:300],
        "organization_id": organization_id,
        "correlation_id": context.correlation_id(),
        "confidential": confidential,
        "before": chain.canonical_json(before) if before is not None else "",
        "after": chain.canonical_json(after) if after is not None else "",
    })
    transaction.on_commit(entry, using=_state.using)
    _state.pending.append(entry)


def record_read(*, actor, obj: models.Model, organization_id: int | None, label: str = "") -> None:
    """A read of a confidential record (discipline case, denunciation) is itself recorded."""
    record(
        actor=actor,
        action=f"{obj._meta.label_lower}.read",
        obj=obj,
        label=label,
        organization_id=organization_id,
        confidential=True,
    )


def _locked_head() -> ChainHead:
    """Row 1, locked until the transaction ends. The data migration creates it; a test database
    flushed between tests may lack it, and then it is created once (concurrent creators do not clash)."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        if AuditEntry.objects.exists():
            raise ChainHeadMissing("The audit chain head is missing: run `dangvu audit verify`.")
        ChainHead.objects.bulk_create([ChainHead(pk=1, mac=chain.head_mac(0, ""))], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def _append(entries: list[dict]) -> None:
    head = _locked_head()
    seq, prev = head.seq, head.hash
    rows = []
    for fields in entries:
        seq += 1
        fields = {**fields, "seq": seq, "prev_hash": prev}
        fields["hash"] = chain.entry_hash(fields)
        prev = fields["hash"]
        rows.append(AuditEntry(**fields))
    AuditEntry.objects.bulk_create(rows)
    ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev, mac=chain.head_mac(seq, prev))
