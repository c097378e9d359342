"""The keyed hash chain: canonical JSON of each entry, HMAC-SHA256 with the audit key, linked to the
previous entry's hash. PostgreSQL's jsonb reorders keys, so entries are hashed from text we produce."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid

from django.conf import settings

HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label",
    "organization_id", "correlation_id", "confidential", "before", "after", "prev_hash",
)


def _default(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"Not JSON serialisable: {type(value).__name__}")


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def entry_hash(fields: dict) -> str:
    payload = canonical_json({name: fields[name] for name in HASHED_FIELDS})
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def head_mac(seq: int, last_hash: str) -> str:
    return hmac.new(_key(), f"head:{seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()


def fingerprint(key: str | None = None) -> str:
    """What the database records of the key that signs its chain: a keyed hash of a constant (it names
    the key without revealing it)."""
    secret = (settings.AUDIT_KEY if key is None else key).encode()
    return hmac.new(secret, b"dangvu audit key fingerprint", hashlib.sha256).hexdigest()
