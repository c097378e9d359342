"""Reading the audit log: verification of the chain, and the scoped browse list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.models import User
from dangvu.accounts.roles import Action
from dangvu.audit import chain, keys
from dangvu.audit.diff import diff_rows
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead
from dangvu.core.errors import NotFound
from dangvu.organizations.models import Organization

MISSING = _("entry #%(expected)s is missing or out of order (found #%(found)s next)")
LINK = _("its link to the previous entry is broken")
CONTENT = _("its content does not match its hash")
HEAD_MISSING = _("the chain head is missing")
CUT = _("the chain head says #%(head)s but the log ends at #%(count)s: entries were cut")
UNCOVERED = _("the log goes on after #%(head)s, where the chain head ends")
HEAD_HASH = _("the chain head does not point at the last entry")
HEAD_MAC = _("the chain head signature is wrong: entries after #%(count)s may have been cut")
NO_ANCHOR = _("the chain's anchor is missing: the log was emptied or replaced")
EMPTIED = _("the register holds records but the log has no entry: the log was emptied")
FOREIGN_KEY = _("the audit key at hand is not the key that signs this chain (nothing was checked)")


@dataclass
class ChainReport:
    ok: bool
    count: int
    first_bad_seq: int | None = None
    reason: object = ""  # a lazy translatable message, formatted with `params`
    params: dict = field(default_factory=dict)
    head_hash: str = ""
    wrong_key: bool = False  # not a broken chain: the key at hand is not the chain's (audit.keys)

    def explain(self, lang: str | None = None) -> str:
        """The reason in `lang` (default: the active language)."""
        if not self.reason:
            return ""
        with translation.override(lang or translation.get_language()):
            return str(self.reason) % self.params if self.params else str(self.reason)


def _broken(verified: int, seq: int, reason, **params) -> ChainReport:
    return ChainReport(False, verified, seq, reason, params)


def verify_chain(batch: int = 5000) -> ChainReport:
    """Check the anchor (the key's fingerprint, the genesis), then walk the chain in sequence order:
    contiguous numbers from 1, each entry's hash recomputed with the key and linked to its predecessor
    (entry #1 to the genesis), and the keyed head matching the last entry."""
    anchor = ChainAnchor.objects.filter(pk=1).first()
    if anchor is not None and anchor.fingerprint != chain.fingerprint():
        return ChainReport(False, 0, None, FOREIGN_KEY, wrong_key=True)
    if anchor is None:
        first = AuditEntry.objects.order_by("seq").values_list("prev_hash", flat=True).first()
        if first != "":  # "": a chain begun before anchors, walked as it is until `migrate` anchors it
            if first is not None or ChainHead.objects.exists() or keys.register_holds_records("default"):
                return _broken(0, 1, NO_ANCHOR)
            return ChainReport(True, 0)  # an empty database: nothing was ever written
    fields = ("pk",) + chain.HASHED_FIELDS + ("hash",)
    expected_seq, prev_hash, count = 1, anchor.genesis if anchor else "", 0
    qs = AuditEntry.objects.order_by("seq").values_list(*fields)
    for row in qs.iterator(chunk_size=batch):
        data = dict(zip(fields, row, strict=True))
        seq = data["seq"]
        if seq != expected_seq:
            bad = expected_seq if seq > expected_seq else seq
            return _broken(count, bad, MISSING, expected=expected_seq, found=seq)
        if data["prev_hash"] != prev_hash:
            return _broken(count, seq, LINK)
        if chain.entry_hash(data) != data["hash"]:
            return _broken(count, seq, CONTENT)
        prev_hash = data["hash"]
        expected_seq += 1
        count += 1
    return _check_head(count, prev_hash)


def _check_head(count: int, last_hash: str) -> ChainReport:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return _broken(count, 1, HEAD_MISSING)  # `migrate` anchors the chain and creates the head
    if head.seq > count:
        return _broken(count, count + 1, CUT, head=head.seq, count=count)
    if head.seq < count:
        return _broken(count, head.seq + 1, UNCOVERED, head=head.seq)
    if head.hash != last_hash:
        return _broken(count, max(count, 1), HEAD_HASH)
    if head.mac != chain.head_mac(head.seq, head.hash):
        return _broken(count, count + 1, HEAD_MAC, count=count)
    if count == 0 and keys.register_holds_records("default"):
        # A fresh head (replayed from when the database was new) over an emptied log.
        return _broken(0, 1, EMPTIED)
    return ChainReport(True, count, head_hash=last_hash)


# Browsing -----------------------------------------------------------------------------------------------
# An entry tells of its record: an entry about an inspection, a supervision or a discipline case is only
# as readable as that record. Each kind below names the action that reads it (accounts.roles); an entry of
# no such kind needs `audit.view` only. The kind is told from the action and the object type, so that
# entries written without the `confidential` flag (a restructuring moving an open case) are caught too.
DISCIPLINE, OVERSIGHT = "discipline", "oversight"
DISCIPLINE_TYPES = ("oversight.disciplinecase", "oversight.disciplinedecision", "oversight.appeal")


def _discipline_kind() -> Q:
    """Discipline entries and every recorded read of a confidential record."""
    return (Q(confidential=True) | Q(action__startswith="discipline.") | Q(action__endswith=".read")
            | Q(object_type__in=DISCIPLINE_TYPES))


def _oversight_kind() -> Q:
    about_oversight = Q(action__startswith="oversight.") | Q(object_type__startswith="oversight.")
    return about_oversight & ~_discipline_kind()


def _readable(user) -> Q:
    """The entries whose content the user may read: the kind's action held on the entry's organisation."""
    discipline = access.scope_ids(user, Action.VIEW_DISCIPLINE)
    oversight = access.scope_ids(user, Action.VIEW_OVERSIGHT)
    return (
        (~_discipline_kind() & ~_oversight_kind())
        | (_oversight_kind() & Q(organization_id__in=oversight))
        | (_discipline_kind() & Q(organization_id__in=discipline))
    )


def visible_entries(user):
    """The entries in the user's `audit.view` scope, each with `readable`: whether the user may read its
    content (actor, action, object, values) or only that an entry exists (number, time, hash), so that the
    chain stays whole to the eye. Entries of no organisation (accounts, system work) are seen only by those
    who hold `audit.view` at a root of the tree."""
    scope = access.scope_ids(user, Action.VIEW_AUDIT)
    if not scope:
        return AuditEntry.objects.none()
    visible = Q(organization_id__in=scope)
    if Organization.objects.filter(pk__in=scope, scope_parent__isnull=True).exists():
        visible |= Q(organization_id__isnull=True)
    kind = Case(When(_discipline_kind(), then=Value(DISCIPLINE)),
                When(_oversight_kind(), then=Value(OVERSIGHT)), default=Value(""), output_field=CharField())
    readable = ExpressionWrapper(_readable(user), output_field=BooleanField())
    return AuditEntry.objects.filter(visible).annotate(kind=kind, readable=readable)


def browse(user, *, object_type: str = "", object_id: str = "", actor: str = "",
           date_from: dt.date | None = None, date_to: dt.date | None = None, correlation_id: str = ""):
    """The visible entries, newest first, filtered by object, actor (a username, or "system"), civil
    dates (inclusive, in the site's time zone) and the correlation id of one user action. A filter on the
    content (object, actor, correlation) keeps readable entries only: matching an unreadable entry would
    tell what it holds."""
    qs = visible_entries(user).order_by("-seq")
    if object_type or object_id or actor or correlation_id:
        qs = qs.filter(readable=True)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        by_account = User.objects.filter(username=actor).values("pk")
        qs = qs.filter(Q(actor_id__in=by_account) | Q(actor_label__startswith=f"{actor} ("))
    if correlation_id:
        qs = qs.filter(correlation_id=correlation_id)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def entry_for(user, seq: int) -> AuditEntry:
    entry = visible_entries(user).filter(seq=seq).first()
    if entry is None:
        raise NotFound(_("No such audit entry."))
    return entry


def shown_rows(entries) -> list[dict]:
    """What the log shows of each entry (of `visible_entries`): its content only when the user may read
    it; otherwise `withheld` names the kind (DISCIPLINE or OVERSIGHT) that the user's roles do not read."""
    rows = []
    for entry in entries:
        withheld = "" if entry.readable else entry.kind
        rows.append({"entry": entry, "shown": not withheld, "withheld": withheld,
                     "diff": [] if withheld else diff_rows(entry.before, entry.after)})
    return rows
