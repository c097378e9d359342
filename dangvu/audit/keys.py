"""The key that signs a database's audit chain belongs to that database.

When the chain begins (`migrate` on a database without one) the anchor row records the key's fingerprint
and a random genesis hash (models.ChainAnchor); a generated local key is written to its file at that
moment and never otherwise, so no second key is ever created against a database that has a chain. Every
command (`dangvu`, manage.py) and the web app call `refuse_a_foreign_key()` at start: one query, and a
clear error (exit 2) when the key at hand is not the one the chain is signed with."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from dangvu import config
from dangvu.audit import chain
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead
from dangvu.core.errors import DangvuError, bilingual

# Register records (named by label: the audit app sits below the apps it serves) that real use creates
# only through an audited service: with any of them on file, an empty chain means the log was emptied.
REGISTER_MODELS = ("organizations.Organization", "members.Member")

KEY_MISMATCH = _(
    "The audit key at hand (%(source)s) is not the key that signs this database's audit chain "
    "(fingerprint %(expected)s…, this key %(actual)s…). Nothing was started: use the key kept with this "
    "database (AUDIT_KEY, or the file audit_key beside an SQLite database)."
)
KEY_MISSING = _(
    "This database's audit chain is signed by a key that is not here: %(path)s does not exist and "
    "AUDIT_KEY is not set. Nothing was started and no new key was created: put the database's audit_key "
    "file there, or set AUDIT_KEY."
)


class KeyMismatch(DangvuError):
    """The key at hand does not sign this database's chain: a configuration error, exit code 2."""

    exit_code = 2

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return bilingual(self.message)


def _source() -> str:
    if settings.AUDIT_KEY_FILE and not settings.AUDIT_KEY_IS_NEW:
        return str(settings.AUDIT_KEY_FILE)
    return "AUDIT_KEY"


def _mismatch(expected: str) -> KeyMismatch:
    if settings.AUDIT_KEY_IS_NEW:
        return KeyMismatch(_interpolate(KEY_MISSING, path=settings.AUDIT_KEY_FILE))
    return KeyMismatch(_interpolate(KEY_MISMATCH, source=_source(), expected=expected[:12],
                                   actual=chain.fingerprint()[:12]))


def _interpolate(message, **params):
    """`message % params`, rendered in the active language when shown."""
    return lazy(lambda: str(message) % params, str)()


def _sqlite_file_missing(using: str) -> bool:
    db = connections[using].settings_dict
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return False
    name = str(db["NAME"])
    return not name.startswith((":memory:", "file:")) and not Path(name).exists()


def _signs_first_entry(using: str) -> bool | None:
    """A chain begun before anchors existed: does the key at hand sign its entry #1? None: no entries."""
    fields = chain.HASHED_FIELDS + ("hash",)
    row = AuditEntry.objects.using(using).order_by("seq").values(*fields).first()
    if row is None:
        return None
    return chain.entry_hash(row) == row["hash"]


def refuse_a_foreign_key(using: str = "default") -> None:
    """Raise KeyMismatch when the database's chain is signed by another key than settings.AUDIT_KEY.
    A database that does not exist yet, has no tables or no chain passes (its first `migrate` anchors
    the chain with the key at hand)."""
    if _sqlite_file_missing(using):
        return  # connecting would create an empty file
    try:
        recorded = ChainAnchor.objects.using(using).filter(pk=1).values_list("fingerprint", flat=True).first()
    except DatabaseError:
        recorded = None  # no schema yet, or a chain begun before anchors (the table comes with migrate)
    if recorded is not None:
        if recorded != chain.fingerprint():
            raise _mismatch(recorded)
        return
    try:
        signs = _signs_first_entry(using)
    except DatabaseError:
        return  # no schema yet, or not reachable: the command itself meets that
    if signs is False:
        raise _mismatch("-" * 12)


def persist_new_key() -> None:
    """A chain is about to begin: write the generated local key to its file. If another process wrote the
    file meanwhile, its key is the one (nothing has been signed with the generated value yet)."""
    if not settings.AUDIT_KEY_IS_NEW:
        return
    secret = config.Secret(settings.AUDIT_KEY, Path(settings.AUDIT_KEY_FILE), new=True)
    settings.AUDIT_KEY = config.write_new_secret(secret)
    settings.AUDIT_KEY_IS_NEW = False


def register_holds_records(using: str) -> bool:
    tables = set(connections[using].introspection.table_names())
    models = [global_apps.get_model(label) for label in REGISTER_MODELS]
    return any(m._meta.db_table in tables and m._base_manager.using(using).exists() for m in models)


def begin_chain(using: str = "default") -> bool:
    """Anchor the chain of a database that has none (after `migrate` or a flush): record the key's
    fingerprint and a fresh genesis, and point the head at it. Refused (False) when entries or a head
    without an anchor say the log was emptied, or the key at hand does not sign the existing chain."""
    with transaction.atomic(using=using):
        if ChainAnchor.objects.using(using).filter(pk=1).exists():
            return False
        head = ChainHead.objects.using(using).select_for_update().filter(pk=1).first()
        has_entries = AuditEntry.objects.using(using).exists()
        if has_entries:
            # A chain begun before anchors existed: anchor it as it is, only if this key signs it.
            if _signs_first_entry(using) is not True or head is None:
                return False
            genesis = ""
        else:
            if head is not None and head.seq != 0:
                return False  # entries were deleted under a head that counted them
            if register_holds_records(using):
                return False  # records without any entry: the log was emptied
            genesis = secrets.token_hex(32)
        persist_new_key()
        ChainAnchor.objects.using(using).create(
            pk=1, fingerprint=chain.fingerprint(), genesis=genesis, created_at=timezone.now()
        )
        if not has_entries:
            ChainHead.objects.using(using).update_or_create(
                pk=1, defaults={"seq": 0, "hash": genesis, "mac": chain.head_mac(0, genesis)}
            )
    return True


def begin_chain_after_migrate(sender, using="default", **kwargs):
    """post_migrate (also sent after a flush): anchor the chain once the audit tables exist."""
    if not router.allow_migrate(using, "audit"):
        return
    tables = set(connections[using].introspection.table_names())
    needed = {ChainAnchor._meta.db_table, ChainHead._meta.db_table}
    if needed <= tables:
        begin_chain(using)
