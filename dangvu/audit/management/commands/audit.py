"""`dangvu audit verify`: walk the hash chain; exit 0 when it is intact, 1 naming the first bad entry, 2 when
it cannot be checked (no schema yet, or the key at hand is not the chain's: never a tamper alarm)."""

from __future__ import annotations

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangvu.audit.keys import KeyMismatch, refuse_a_foreign_key
from dangvu.audit.models import AuditEntry, ChainAnchor, ChainHead
from dangvu.audit.selectors import ChainReport, verify_chain
from dangvu.core.errors import DangvuError, InvalidInput
from dangvu.core.management.base import DangvuCommand

INTACT = _("Audit chain intact: %(count)s entries")
BROKEN = _("Entry #%(seq)s is broken: %(reason)s")
NO_SCHEMA = _("The database has no audit log tables yet: run `dangvu migrate` first.")


def _in(lang: str, message, **params) -> str:
    with translation.override(lang):
        return str(message) % params


class ChainBroken(DangvuError):
    """Exit code 1 with the first bad entry, in Vietnamese then English."""

    exit_code = 1

    def __init__(self, report: ChainReport):
        super().__init__(report.first_bad_seq)
        self.report = report

    def __str__(self) -> str:
        seq = self.report.first_bad_seq
        vi = _in("vi", BROKEN, seq=seq, reason=self.report.explain("vi"))
        en = _in("en", BROKEN, seq=seq, reason=self.report.explain("en"))
        return f"{vi} / {en}"


class Command(DangvuCommand):
    help = "Nhật ký kiểm toán / The audit log: verify"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        sub.add_parser(
            "verify",
            help="Kiểm tra chuỗi băm của nhật ký / Check the audit log's hash chain",
            description="Thoát 0 nếu chuỗi nguyên vẹn, 1 kèm bản ghi hỏng đầu tiên / Exit 0 when the "
            "chain is intact, 1 with the first broken entry",
        )

    def handle(self, *args, subcommand: str, **options):
        needed = {m._meta.db_table for m in (AuditEntry, ChainHead, ChainAnchor)}
        if not needed <= set(connection.introspection.table_names()):
            raise InvalidInput.one("DATABASE_URL", NO_SCHEMA, "audit.schema")
        refuse_a_foreign_key()  # the full message, with both fingerprints; `dangvu` checked it at start
        report = verify_chain()
        if report.wrong_key:
            raise KeyMismatch(report.reason)
        if not report.ok:
            raise ChainBroken(report)
        vi = _in("vi", INTACT, count=report.count)
        en = _in("en", INTACT, count=report.count)
        # The head hash, noted down outside the database, later proves that nothing was cut since.
        self.stdout.write(f"{vi} / {en}, head {report.head_hash or '-'}")
