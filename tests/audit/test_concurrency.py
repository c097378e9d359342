"""Concurrent writers still give one valid chain: the head is locked only when a transaction's entries
are appended, at its end. On SQLite every write transaction begins IMMEDIATE in WAL mode, so a second
writer waits for the first instead of failing with "database is locked"."""

import threading
import time
from collections import defaultdict
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from dangvu import config
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry
from dangvu.audit.selectors import verify_chain

THREADS, TRANSACTIONS, PER_TRANSACTION = 4, 15, 3


def _in_thread(target, errors):
    def run():
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_give_one_valid_chain():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the test database is a file shared by the threads
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    start, errors = threading.Barrier(THREADS), []

    def writer(n):
        def write():
            start.wait()
            for i in range(TRANSACTIONS):
                with audit.atomic():
                    for j in range(PER_TRANSACTION):
                        audit.record(actor=None, action="test.concurrent", object_type="thread",
                                     object_id=str(n), after={"transaction": i, "record": j})
        return write

    threads = [_in_thread(writer(n), errors) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain()
    assert report.ok, report.explain("en")
    assert report.count == THREADS * TRANSACTIONS * PER_TRANSACTION
    # Each transaction's entries were appended together, in one run of sequence numbers.
    runs = defaultdict(list)
    for seq, correlation, thread in AuditEntry.objects.values_list("seq", "correlation_id", "object_id"):
        runs[correlation].append((seq, thread))
    assert len(runs) == THREADS * TRANSACTIONS
    for entries in runs.values():
        seqs = sorted(seq for seq, _ in entries)
        assert seqs == list(range(seqs[0], seqs[0] + PER_TRANSACTION))
        assert len({thread for _, thread in entries}) == 1


@pytest.mark.django_db(transaction=True)
def test_a_pending_transaction_does_not_hold_the_chain_head():
    """PostgreSQL: another writer appends and commits while a transaction with pending entries is still
    open, and the late one is chained after it. SQLite: the other writer waits for the open one."""
    recorded, other_done, errors, seen = threading.Event(), threading.Event(), [], {}
    wait = 30 if connection.vendor == "postgresql" else 1

    def slow():
        with audit.atomic():
            audit.record(actor=None, action="test.slow")
            recorded.set()
            seen["other_done_meanwhile"] = other_done.wait(timeout=wait)

    def quick():
        recorded.wait(timeout=30)
        with audit.atomic():
            audit.record(actor=None, action="test.quick")
        other_done.set()

    threads = [_in_thread(slow, errors), _in_thread(quick, errors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert verify_chain().ok
    order = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    if connection.vendor == "postgresql":
        assert seen["other_done_meanwhile"] is True
        assert order == ["test.quick", "test.slow"]
    else:
        assert seen["other_done_meanwhile"] is False
        assert order == ["test.slow", "test.quick"]


@contextmanager
def write_transaction(conn):
    """What the outermost transaction.atomic() does on SQLite: BEGIN in the configured mode."""
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.set_autocommit(True)


@pytest.fixture
def sqlite_file(tmp_path, monkeypatch):
    """Connections (one per thread) to an SQLite file configured by config.env_database(), as in
    production, whatever engine the tests run on."""
    monkeypatch.setenv("CHECK_DATABASE_URL", f"sqlite:///{tmp_path / 'check.sqlite3'}")
    # A handler of its own: its "default" is this file, not the test database.
    handler = ConnectionHandler({"default": config.env_database("CHECK_DATABASE_URL")})
    yield lambda: handler["default"]
    handler.close_all()


@pytest.mark.django_db
def test_an_sqlite_file_database_runs_in_wal_mode(sqlite_file):
    conn = sqlite_file()
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert conn.transaction_mode == "IMMEDIATE"


@pytest.mark.django_db
def test_a_second_sqlite_writer_waits_for_the_first(sqlite_file):
    with sqlite_file().cursor() as cursor:
        cursor.execute("CREATE TABLE item (n INTEGER)")
    first_in, second_starting, errors, seen = threading.Event(), threading.Event(), [], {}

    def first():
        conn = sqlite_file()
        try:
            with write_transaction(conn), conn.cursor() as cursor:
                cursor.execute("INSERT INTO item VALUES (1)")
                first_in.set()
                second_starting.wait(timeout=30)
                time.sleep(0.3)  # let the second writer reach its BEGIN while this one holds the lock
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            conn.close()

    def second():
        conn = sqlite_file()
        try:
            first_in.wait(timeout=30)
            second_starting.set()
            with write_transaction(conn), conn.cursor() as cursor:
                # A deferred transaction would read the old snapshot here, then fail to write.
                cursor.execute("SELECT count(*) FROM item")
                seen["rows"] = cursor.fetchone()[0]
                cursor.execute("INSERT INTO item VALUES (2)")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert seen["rows"] == 1  # it began only after the first writer committed
    with sqlite_file().cursor() as cursor:
        cursor.execute("SELECT n FROM item ORDER BY n")
        assert [n for (n,) in cursor.fetchall()] == [1, 2]
