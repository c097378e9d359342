"""Writing the audit log. Every write service runs inside `audit.atomic()` and calls `record()`; the
entries of one transaction are appended under the chain-head lock at the end of the outermost transaction,
so concurrent writers still give one valid chain and the lock is held only for the append."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone

from dangvu.audit import chain, context
from dangvu.audit.models import AuditEntry, ChainHead

_state = threading.local()


def _pending() -> list | None:
    return getattr(_state, "pending", None)


def _outermost(conn) -> bool:
    """True when no real transaction is open (test-case wrappers do not count)."""
    return all(getattr(block, "_from_testcase", False) for block in conn.atomic_blocks) or not (
        conn.in_atomic_block
    )


@contextmanager
def atomic(using: str | None = None):
    """`transaction.atomic()` that appends the audit entries recorded inside it before it commits."""
    conn = transaction.get_connection(using)
    if _pending() is not None:
        mark = len(_state.pending)
        try:
            with transaction.atomic(using=using):
                yield
        except BaseException:
            del _state.pending[mark:]
            raise
        return
    if not _outermost(conn):
        # Inside a foreign transaction: entries are appended at once, under a lock held until it ends.
        with transaction.atomic(using=using):
            yield
        return
    _state.pending = []
    try:
        with transaction.atomic(using=using):
            yield
            entries, _state.pending = _state.pending, None
            if entries:
                _append(entries)
    finally:
        _state.pending = None


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, f"system ({context.origin()})"
    return actor.pk, f"{actor.get_username()} ({context.origin()})"


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of an instance (foreign keys as ids), for before/after."""
    data = {}
    for f in instance._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.attname] = f.value_from_object(instance)
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
    """Record one change (or one read of a confidential record). Call inside `audit.atomic()`."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        label = label or str(obj)
    actor_id, actor_label = _actor_fields(actor)
    fields = {
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
    }
    pending = _pending()
    if pending is not None:
        pending.append(fields)
        return
    with transaction.atomic():
        _append([fields])


def record_read(*, actor, obj: models.Model, organization_id: int | None, label: str = "") -> None:
    """A read of a confidential record (discipline case, denunciation) is itself recorded."""
    with atomic():
        record(
            actor=actor,
            action=f"{obj._meta.label_lower}.read",
            obj=obj,
            label=label,
            organization_id=organization_id,
            confidential=True,
        )


def _append(entries: list[dict]) -> None:
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
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
