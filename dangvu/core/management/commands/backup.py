from pathlib import Path

from django.db import connection
from django.utils.translation import gettext_lazy as _

from dangvu.core import backup
from dangvu.core.errors import InvalidInput
from dangvu.core.management.base import DangvuCommand


class Command(DangvuCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu ra FILE. SQLite: mặc định là bản sao trực tuyến (một tệp SQLite, nhất "
        "quán khi ứng dụng đang chạy); PostgreSQL: tệp 'portable' (JSON-lines nén gzip, không phụ thuộc "
        "phiên bản máy chủ). Giữ kèm AUDIT_KEY: nhật ký kiểm toán chỉ xác minh được với cùng khóa. / "
        "Back up the whole database to FILE. SQLite: an online copy by default (an SQLite file, consistent "
        "while the application runs); PostgreSQL: a 'portable' file (gzip'd JSON lines, independent of the "
        "server version). Keep AUDIT_KEY with it: the audit log verifies only under the same key."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu / backup file")
        parser.add_argument(
            "--format", choices=["sqlite", "portable"], default=None,
            help="sqlite (chỉ với SQLite, mặc định) hoặc portable (mặc định với PostgreSQL, khôi phục được "
                 "vào cả hai) / sqlite (SQLite only, its default) or portable (PostgreSQL's default; "
                 "restores into either engine)",
        )
        parser.add_argument("--force", action="store_true",
                            help="Ghi đè tệp đã có / overwrite an existing file")

    def handle(self, *args, file, format, force, **options):
        path = Path(file)
        if path.exists() and not force:
            raise InvalidInput.one("FILE", _("The file already exists; use --force to overwrite it."),
                                   "backup.exists")
        if not path.parent.is_dir():
            raise InvalidInput.one("FILE", _("The folder of the file does not exist."), "backup.folder")
        if format == "sqlite" and connection.vendor != "sqlite":
            raise InvalidInput.one("--format", _("The sqlite format needs an SQLite database; use --format "
                                                 "portable."), "backup.format")
        summary = backup.backup(path, format)
        rows = f", {summary.rows} rows" if summary.format == "portable" else ""
        self.stdout.write(f"{path} ({summary.format}): {summary.tables} tables{rows}")
