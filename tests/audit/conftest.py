"""Helpers of the audit tests: writing a few chained entries, and tampering with them the way someone
with database access would (raw SQL, bypassing the model and queryset guards)."""

import pytest
from django.db import connection

from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry, ChainHead

ENTRIES = AuditEntry._meta.db_table
HEAD = ChainHead._meta.db_table


def write_entries(n, *, organization_id=None, action="test.change", actor=None, per_transaction=1):
    """n entries about object test.thing #i, `per_transaction` of them in each audit.atomic()."""
    i = 0
    while i < n:
        with audit.atomic():
            for _ in range(min(per_transaction, n - i)):
                i += 1
                audit.record(actor=actor, action=action, object_type="test.thing", object_id=str(i),
                             organization_id=organization_id, before={"value": i - 1}, after={"value": i})


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def hash_of(seq):
    return AuditEntry.objects.get(seq=seq).hash


@pytest.fixture
def ten_entries(db):
    write_entries(10, per_transaction=3)
