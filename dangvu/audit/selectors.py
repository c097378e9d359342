"""Reading the audit log: verification of the chain, and the scoped browse list."""

from __future__ import annotations

from dataclasses import dataclass

from dangvu.audit import chain
from dangvu.audit.models import AuditEntry, ChainHead


@dataclass
class ChainReport:
    ok: bool
    count: int
    first_bad_seq: int | None = None
    reason: str = ""
    head_hash: str = ""


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in sequence order: contiguous numbers from 1, each entry's hash recomputed with the
    key and linked to its predecessor, and the keyed head matching the last entry."""
    fields = ("pk",) + chain.HASHED_FIELDS + ("hash",)
    expected_seq, prev_hash, count = 1, "", 0
    qs = AuditEntry.objects.order_by("seq").values_list(*fields)
    for row in qs.iterator(chunk_size=batch):
        data = dict(zip(fields, row, strict=True))
        seq = data["seq"]
        if seq != expected_seq:
            bad = expected_seq if seq > expected_seq else seq
            return ChainReport(False, count, bad, f"missing or reordered entry: expected #{expected_seq}, found #{seq}")
        if data["prev_hash"] != prev_hash:
            return ChainReport(False, count, seq, "link to the previous entry is broken")
        if chain.entry_hash(data) != data["hash"]:
            return ChainReport(False, count, seq, "entry content does not match its hash")
        prev_hash = data["hash"]
        expected_seq += 1
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    head_seq, head_hash, head_mac = (head.seq, head.hash, head.mac) if head else (0, "", "")
    if head_seq != count or head_hash != prev_hash:
        return ChainReport(False, count, count + 1 if head_seq > count else head_seq,
                           f"chain head says #{head_seq}, the log ends at #{count}: entries were cut or added")
    if count and head_mac != chain.head_mac(head_seq, head_hash):
        return ChainReport(False, count, head_seq, "chain head signature is wrong")
    return ChainReport(True, count, head_hash=prev_hash)


def entries_for(*, organization_ids=None, object_type="", object_id="", actor_id=None, date_from=None,
                date_to=None):
    """Audit entries filtered by object, actor and date; `organization_ids=None` means no scope limit (the
    caller has already limited it through accounts.selectors)."""
    qs = AuditEntry.objects.all().order_by("-seq")
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=organization_ids)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
