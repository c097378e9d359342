"""Who is acting and under which correlation id, for the audit entries of one user action. Set by the web
middleware per request and by the CLI per command; elsewhere (a shell, a script, a thread) each outermost
`audit.atomic()` is one action with a fresh id. Services may also pass the actor explicitly."""

from __future__ import annotations

import contextvars
import os
import sys
import uuid
from contextlib import contextmanager

_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar("dangvu_correlation", default=None)
_origin: contextvars.ContextVar[str | None] = contextvars.ContextVar("dangvu_origin", default=None)

# Programs that run Django management commands: `manage.py shell`, `dangvu demo`, `python -m dangvu …`.
_COMMAND_RUNNERS = {"manage.py", "django-admin", "django-admin.py", "dangvu", "__main__.py"}


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def current_correlation_id() -> str | None:
    """The id of the action under way, or None outside any request, command or audit transaction."""
    return _correlation.get()


def correlation_id() -> str:
    """The id of the action under way; outside any, a fresh one (never stored: the next call differs)."""
    return _correlation.get() or new_correlation_id()


def _process_origin() -> str:
    """Outside a request or a dangvu command: 'cli:<command>' when the process runs a management command
    (`manage.py shell`, a plain Django command), else 'system' (a script, the test runner)."""
    argv = sys.argv
    if len(argv) > 1 and os.path.basename(argv[0]) in _COMMAND_RUNNERS and not argv[1].startswith("-"):
        return f"cli:{argv[1]}"
    return "system"


def origin() -> str:
    """'web', 'api', 'cli:<command>' or 'system' (scripts, background threads)."""
    return _origin.get() or _process_origin()


@contextmanager
def acting(*, origin: str | None = None, correlation: str | None = None):
    """One user action: every entry recorded inside shares one correlation id (`origin` None keeps the
    current one)."""
    token_c = _correlation.set(correlation or new_correlation_id())
    token_o = _origin.set(origin) if origin is not None else None
    try:
        yield
    finally:
        _correlation.reset(token_c)
        if token_o is not None:
            _origin.reset(token_o)
