"""Writing the audit log. Every write service runs inside `audit.atomic()` and calls `record()`; the
entries of one transaction are appended under the chain-head lock at the end of the outermost
`audit.atomic()`, so concurrent writers still give one valid chain and the lock is held only from the
append to the commit.

Entries recorded inside a savepoint that is later rolled back (an inner `audit.atomic()` or a plain
`transaction.atomic()` that raised) are dropped with it. To honour plain `transaction.atomic()` blocks too
without any private Django API, a recorded entry is written at once as a row of `PendingEntry` in the
caller's transaction: the database itself removes the rows of a rolled-back savepoint. At the end of the
outermost block the surviving rows are read back in order, removed, and chained. (Tracking savepoints
ourselves would see only `audit.atomic()` blocks; Django's own savepoint bookkeeping is private.) The cost
is one small insert per entry, and the pending rows are never committed."""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dangvu.audit import chain, context
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead, PendingEntry

_state = threading.local()

PENDING_FIELDS = (
    "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
    "organization_id", "correlation_id", "confidential", "before", "after",
)


class ChainHeadMissing(RuntimeError):
    """The chain head or its anchor is gone: the log was tampered with; nothing is appended."""


class ForeignKeyInUse(RuntimeError):
    """settings.AUDIT_KEY is not the key whose fingerprint the chain's anchor records: nothing is
    appended (the start-up check, audit.keys, normally refuses before)."""


def _pending() -> str | None:
    """The id of the outermost `audit.atomic()` block open in this thread, if any."""
    return getattr(_state, "block", None)


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
    # A shell, a script or a thread has no request or command around it: this block is one action.
    correlation = context.current_correlation_id() or context.new_correlation_id()
    block = uuid.uuid4().hex
    _state.block, _state.using = block, using
    try:
        with context.acting(correlation=correlation), transaction.atomic(using=using):
            yield
            _state.block = None
            entries = _surviving(block, using)
            if entries:
                _append(entries, using)
    finally:
        _state.block = None


def _surviving(block: str, using: str | None) -> list[dict]:
    """The entries of this block whose savepoints were not rolled back, in recording order; their
    pending rows are removed."""
    rows = PendingEntry.objects.db_manager(using).filter(block=block)
    entries = list(rows.order_by("pk").values(*PENDING_FIELDS))
    if entries:
        rows.delete()
    return entries


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
    PendingEntry.objects.db_manager(_state.using).create(
        block=_pending(),
        at=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=label[:300],
        organization_id=organization_id,
        correlation_id=context.correlation_id(),
        confidential=confidential,
        before=chain.canonical_json(before) if before is not None else "",
        after=chain.canonical_json(after) if after is not None else "",
    )


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


def _locked_head(using: str | None) -> ChainHead:
    """Row 1, locked until the transaction ends, after checking that the key at hand is the chain's.
    `migrate` (and a flush) anchor the chain and create the head (audit.keys.begin_chain); a missing
    anchor or head means the log was tampered with."""
    anchor = ChainAnchor.objects.db_manager(using).filter(pk=1).values_list("fingerprint", flat=True).first()
    if anchor is None:
        raise ChainHeadMissing("The audit chain has no anchor: run `dangvu audit verify`.")
    if anchor != chain.fingerprint():
        raise ForeignKeyInUse("AUDIT_KEY is not the key that signs this database's audit chain.")
    head = ChainHead.objects.db_manager(using).select_for_update().filter(pk=1).first()
    if head is None:
        raise ChainHeadMissing("The audit chain head is missing: run `dangvu audit verify`.")
    return head


def _append(entries: list[dict], using: str | None) -> None:
    head = _locked_head(using)
    seq, prev = head.seq, head.hash
    rows = []
    for fields in entries:
        seq += 1
        fields = {**fields, "seq": seq, "prev_hash": prev}
        fields["hash"] = chain.entry_hash(fields)
        prev = fields["hash"]
        rows.append(AuditEntry(**fields))
    AuditEntry.objects.db_manager(using).bulk_create(rows)
    ChainHead.objects.db_manager(using).filter(pk=1).update(seq=seq, hash=prev, mac=chain.head_mac(seq, prev))
