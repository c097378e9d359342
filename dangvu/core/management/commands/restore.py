from pathlib import Path

from dangvu.core import backup
from dangvu.core.management.base import DangvuCommand


class Command(DangvuCommand):
    help = (
        "Khôi phục cơ sở dữ liệu từ FILE (do `dangvu backup` tạo; định dạng tự nhận biết). Cơ sở dữ liệu "
        "đích phải đã chạy `dangvu migrate` tới đúng các migration của bản sao lưu và còn trống (trừ khi "
        "--force); mọi thứ trong một giao dịch. Phải dùng cùng AUDIT_KEY như lúc sao lưu, nếu không nhật "
        "ký kiểm toán sẽ không xác minh được. Mã thoát 2: tệp hỏng, khác migration, hoặc cơ sở dữ liệu "
        "không trống. / "
        "Restore the database from FILE (made by `dangvu backup`; the format is detected). The target "
        "database must have been migrated (`dangvu migrate`) to exactly the backup's migrations and hold no "
        "data (unless --force); all in one transaction. Use the same AUDIT_KEY as when the backup was "
        "made, or the audit log will not verify. Exit code 2: a damaged file, other migrations, or a "
        "database that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu / backup file")
        parser.add_argument(
            "--force", action="store_true",
            help="Thay toàn bộ dữ liệu đang có / replace all the data the database holds",
        )

    def handle(self, *args, file, force, **options):
        summary = backup.restore(Path(file), force=force)
        rows = f", {summary.rows} rows" if summary.format == "portable" else ""
        self.stdout.write(f"{file} ({summary.format}): {summary.tables} tables{rows}")
