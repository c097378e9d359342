"""`dangvu import KIND FILE [--dry-run]` (CONTRACT.md "Import"). The module is named after the command;
Django loads commands by name, so the keyword does not matter."""

from dangvu.core.errors import bilingual
from dangvu.core.management.base import DangvuCommand
from dangvu.members.importers import IMPORTERS, run


class Command(DangvuCommand):
    help = (
        "Nhập tổ chức, đảng viên, chuyển sinh hoạt hoặc sắp xếp tổ chức từ tệp CSV/XLSX, cả tệp trong một "
        "giao dịch (CONTRACT.md) / Import organisations, members, transfers or restructurings from a CSV or "
        "XLSX file, the whole file in one transaction (CONTRACT.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(IMPORTERS), metavar="KIND",
                            help=f"Loại dữ liệu / what the file holds: {', '.join(IMPORTERS)}")
        parser.add_argument("file", metavar="FILE", help="Tệp CSV hoặc XLSX / a CSV or XLSX file")
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ kiểm tra, không ghi gì / validate only, write nothing")

    def handle(self, *args, kind, file, dry_run, **options):
        result = run(kind, file, actor=None, dry_run=dry_run)
        self.stdout.write(bilingual(result.message))
