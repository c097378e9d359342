"""The `dangvu` console script (CONTRACT.md): a thin front over Django management commands, with the
project's own command list for `dangvu --help`."""

from __future__ import annotations

import os
import sys

from dangvu.config import ConfigError

COMMANDS = [
    ("migrate", "Tạo hoặc nâng cấp lược đồ cơ sở dữ liệu / Create or upgrade the database schema"),
    ("serve", "Chạy ứng dụng web (mặc định 127.0.0.1) / Serve the web application (loopback by default)"),
    ("demo", "Nạp dữ liệu mẫu Đảng bộ Hương Trà / Load the Hương Trà demo organisation"),
    ("audit", "Nhật ký kiểm toán: audit verify / The audit log: audit verify"),
    ("backup", "Sao lưu toàn bộ cơ sở dữ liệu ra tệp / Back up the whole database to a file"),
    ("restore", "Khôi phục cơ sở dữ liệu từ tệp sao lưu / Restore the database from a backup file"),
    ("stats", "Số liệu của một tổ chức trong một kỳ / Figures of an organisation for a period"),
    ("report", "Báo cáo năm của cấp ủy (DOCX, PDF, XLSX, JSON) / The annual report of a committee"),
    ("tasks", "Nhiệm vụ quá hạn, nhắc việc / Overdue tasks and reminders (tasks overdue|remind)"),
    ("import", "Nhập dữ liệu từ CSV/XLSX / Import CSV or XLSX files"),
    ("imports", "Chạy các lần nhập tải lên qua web / Run the web uploads' imports (imports work)"),
    ("rules", "Các quy định áp dụng vào một ngày / The rules in force on a date (rules --on DATE)"),
    ("calendar", "Lịch ngày làm việc của một năm / The working-day calendar of a year"),
    ("createuser", "Tạo tài khoản và gán vai trò / Create an account and give it a role"),
]


def _usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = [
        "dangvu — Đảng vụ",
        "",
        "Cách dùng / Usage: dangvu <lệnh/command> [tùy chọn/options]   (dangvu <command> --help)",
        "",
        "Lệnh / Commands:",
    ]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS if _available(name)]
    lines += ["", "Cơ sở dữ liệu / Database: DATABASE_URL (mặc định/default: sqlite in DANGVU_DATA_DIR, "
              "else ~/.local/share/dangvu)"]
    return "\n".join(lines)


def _available(name: str) -> bool:
    from django.core.management import get_commands

    return name in get_commands()


def start() -> int | None:
    """Set Django up and refuse to go on with a key that does not sign the database's audit chain
    (audit.keys). None when every check passed, else the exit code (the message is on stderr). Used by
    `dangvu`, manage.py and the web app alike."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    from dangvu.audit.keys import KeyMismatch, refuse_a_foreign_key

    try:
        refuse_a_foreign_key()
    except KeyMismatch as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    refused = start()
    if refused is not None:
        return refused
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["dangvu", *argv])
    try:
        utility.execute()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
