from pathlib import Path

from dangvu.audit.management.commands.audit import ChainBroken
from dangvu.audit.selectors import verify_chain
from dangvu.core import backup
from dangvu.core.management.base import DangvuCommand


class Command(DangvuCommand):
    help = (
        "Khôi phục cơ sở dữ liệu từ FILE (do `dangvu backup` tạo; định dạng tự nhận biết). Cơ sở dữ liệu "
        "chưa có bảng nào được tạo lược đồ trước; cơ sở dữ liệu đã có lược đồ phải đúng các migration của "
        "bản sao lưu và còn trống (trừ khi --force); mọi thứ trong một giao dịch; sau đó kiểm tra chuỗi "
        "nhật ký kiểm toán. Phải dùng cùng AUDIT_KEY như lúc sao lưu. Mã thoát 2: tệp hỏng, khác "
        "migration, khác khóa, hoặc cơ sở dữ liệu không trống; 1: chuỗi đã khôi phục bị hỏng. / "
        "Restore the database from FILE (made by `dangvu backup`; the format is detected). A database "
        "without tables gets its schema first; one that has a schema must be at exactly the backup's "
        "migrations and hold no data (unless --force); all in one transaction; then the restored audit "
        "chain is verified. Use the same AUDIT_KEY as when the backup was made. Exit code 2: a damaged "
        "file, other migrations, another key, or a database that is not empty; 1: the restored chain is "
        "broken."
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
        report = verify_chain()
        if not report.ok:
            raise ChainBroken(report)
        self.stdout.write(f"audit: {report.count} entries, head {report.head_hash or '-'}")
