"""Who is acting and under which correlation id, for the audit entries of one user action. Set by the web
middleware per request and by the CLI per command; services may also pass the actor explicitly."""

from __future__ import annotations

import contextvars
import uuid
from contextlib import contextmanager

_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar("dangvu_correlation", default=None)
_origin: contextvars.ContextVar[str] = contextvars.ContextVar("dangvu_origin", default="system")


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def correlation_id() -> str:
    value = _correlation.get()
    if value is None:
        value = new_correlation_id()
        _correlation.set(value)
    return value


def origin() -> str:
    """'web', 'api', 'cli:<command>' or 'system' (shell, scripts)."""
    return _origin.get()


@contextmanager
def acting(*, origin: str, correlation: str | None = None):
    token_c = _correlation.set(correlation or new_correlation_id())
    token_o = _origin.set(origin)
    try:
        yield
    finally:
        _correlation.reset(token_c)
        _origin.reset(token_o)
