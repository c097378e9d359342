"""`dangvu audit verify`: walk the hash chain; exit 0 when it is intact, 1 naming the first bad entry."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangvu.audit.selectors import ChainReport, verify_chain
from dangvu.core.errors import DangvuError
from dangvu.core.management.base import DangvuCommand

INTACT = _("Audit chain intact: %(count)s entries")
BROKEN = _("Entry #%(seq)s is broken: %(reason)s")


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
        report = verify_chain()
        if not report.ok:
            raise ChainBroken(report)
        vi = _in("vi", INTACT, count=report.count)
        en = _in("en", INTACT, count=report.count)
        # The head hash, noted down outside the database, later proves that nothing was cut since.
        self.stdout.write(f"{vi} / {en}, head {report.head_hash or '-'}")
