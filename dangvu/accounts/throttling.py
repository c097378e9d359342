"""Login throttling (docs/security.md "Login throttling"): django-axes counts failures per username and
address (AXES_FAILURE_LIMIT) and per address alone (LOGIN_ADDRESS_FAILURE_LIMIT, higher: an office behind
one address shares it). axes compares every combination with one limit, so this handler turns the
address's own limit into a lockout (the pattern its maintainers advise: jazzband/django-axes#661)."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

PAIR, ADDRESS = 0, 1  # the order of settings.AXES_LOCKOUT_PARAMETERS


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        pair = _failures(attempts[PAIR])
        if _failures(attempts[ADDRESS]) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that username's failures from that address only: one valid account
        must not wipe the address's count of tries against the others."""
        count, _ = self.filter_user_attempts(request, credentials)[PAIR].delete()
        return count
