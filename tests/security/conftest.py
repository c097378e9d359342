import pytest
from django.db import transaction

from tests.security.cast import build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The security cast, built once per module inside a transaction rolled back at its end; each test
    runs in a savepoint of it (the `db` fixture), each probe in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
