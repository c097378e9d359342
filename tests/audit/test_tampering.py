"""Someone with database access edits, deletes, reorders or cuts entries, or rewrites the chain without
the key: `verify_chain()` and `dangvu audit verify` catch each, naming the first bad entry."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from dangvu.audit import chain
from dangvu.audit import services as audit
from dangvu.audit.models import AuditEntry
from dangvu.audit.selectors import verify_chain
from dangvu.core.errors import DangvuError
from tests.audit.conftest import ENTRIES, HEAD, hash_of, sql, write_entries


def edit_action():
    sql(f"UPDATE {ENTRIES} SET action = %s WHERE seq = 4", ["test.innocent"])  # noqa: S608


def edit_after_text():
    sql(f"UPDATE {ENTRIES} SET after = %s WHERE seq = 6", ['{"value":600}'])  # noqa: S608


def edit_before_text():
    sql(f"UPDATE {ENTRIES} SET before = %s WHERE seq = 2", [""])  # noqa: S608


def edit_stored_hash():
    sql(f"UPDATE {ENTRIES} SET hash = %s WHERE seq = 7", ["0" * 64])  # noqa: S608


def delete_middle():
    sql(f"DELETE FROM {ENTRIES} WHERE seq = 5")  # noqa: S608


def delete_first():
    sql(f"DELETE FROM {ENTRIES} WHERE seq = 1")  # noqa: S608


def swap_seq():
    sql(f"UPDATE {ENTRIES} SET seq = -1 WHERE seq = 3")  # noqa: S608
    sql(f"UPDATE {ENTRIES} SET seq = 3 WHERE seq = 8")  # noqa: S608
    sql(f"UPDATE {ENTRIES} SET seq = 8 WHERE seq = -1")  # noqa: S608


def cut_tail():
    sql(f"DELETE FROM {ENTRIES} WHERE seq > 8")  # noqa: S608


def cut_tail_and_rewind_head():
    last = hash_of(8)
    cut_tail()
    sql(f"UPDATE {HEAD} SET seq = 8, hash = %s WHERE id = 1", [last])  # noqa: S608


def rewrite_with_another_key():
    """Change #5, then recompute every hash from #5 on and the head, with a key that is not the site's."""
    sql(f"UPDATE {ENTRIES} SET action = %s WHERE seq = 5", ["test.forged"])  # noqa: S608
    with override_settings(AUDIT_KEY="a-guessed-key"):
        prev = hash_of(4)
        fields = chain.HASHED_FIELDS
        for row in AuditEntry.objects.filter(seq__gte=5).order_by("seq").values(*fields):
            row["prev_hash"] = prev
            prev = chain.entry_hash(row)
            sql(f"UPDATE {ENTRIES} SET prev_hash = %s, hash = %s WHERE seq = %s",  # noqa: S608
                [row["prev_hash"], prev, row["seq"]])
        sql(f"UPDATE {HEAD} SET hash = %s, mac = %s WHERE id = 1", [prev, chain.head_mac(10, prev)])  # noqa: S608


def append_forged_entry():
    """A whole entry added after the last, without moving the keyed head."""
    row = AuditEntry.objects.filter(seq=10).values(*chain.HASHED_FIELDS).get()
    row.update(seq=11, prev_hash=hash_of(10))
    forged = AuditEntry(**row, hash=chain.entry_hash(row))  # hashed with the real key, even
    AuditEntry.objects.bulk_create([forged])


TAMPERING = [
    (edit_action, 4),
    (edit_after_text, 6),
    (edit_before_text, 2),
    (edit_stored_hash, 7),
    (delete_middle, 5),
    (delete_first, 1),
    (swap_seq, 3),
    (cut_tail, 9),
    (cut_tail_and_rewind_head, 9),
    (rewrite_with_another_key, 5),
    (append_forged_entry, 11),
]


def verify_command():
    """(exit code, output) of `dangvu audit verify`, run in this process."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except DangvuError as exc:
        return exc.exit_code, str(exc)
    return 0, out.getvalue()


@pytest.mark.django_db
def test_an_intact_chain_verifies(ten_entries):
    report = verify_chain()
    assert report.ok and report.count == 10 and report.head_hash == hash_of(10)
    code, output = verify_command()
    assert code == 0
    assert output.strip() == (f"Chuỗi nhật ký nguyên vẹn: 10 bản ghi / Audit chain intact: 10 entries, "
                              f"head {hash_of(10)}")


@pytest.mark.django_db
@pytest.mark.parametrize(("tamper", "first_bad"), TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_tampering_is_caught_at_the_first_bad_entry(ten_entries, tamper, first_bad):
    assert verify_chain().ok
    tamper()
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == first_bad, report.explain("en")
    code, output = verify_command()
    assert code == 1
    assert f"Bản ghi #{first_bad} bị hỏng: " in output
    assert f"Entry #{first_bad} is broken: {report.explain('en')}" in output


@pytest.mark.django_db
def test_another_key_is_refused_for_writing_and_is_no_tamper_alarm(ten_entries):
    with override_settings(AUDIT_KEY="the-wrong-key"):
        with pytest.raises(audit.ForeignKeyInUse):
            write_entries(1)
        report = verify_chain()
        assert (report.ok, report.wrong_key, report.first_bad_seq) == (False, True, None)
        code, output = verify_command()
    assert code == 2
    assert "not the key that signs this" in output and "Bản ghi" not in output
    assert AuditEntry.objects.count() == 10 and verify_chain().ok


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}@{host}/{db['NAME']}"


def _run_verify():
    env = {**os.environ, "DATABASE_URL": _database_url(), "AUDIT_KEY": settings.AUDIT_KEY}
    return subprocess.run([sys.executable, "-m", "dangvu", "audit", "verify"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.django_db(transaction=True)
def test_the_console_command_exits_0_when_intact_and_1_naming_the_first_bad_entry():
    write_entries(10, per_transaction=3)
    intact = _run_verify()
    assert intact.returncode == 0, intact.stderr
    assert "Audit chain intact: 10 entries" in intact.stdout
    delete_middle()
    broken = _run_verify()
    assert broken.returncode == 1
    assert "Bản ghi #5 bị hỏng" in broken.stderr and "Entry #5 is broken" in broken.stderr
    assert broken.stdout == ""
