"""`dangvu report annual --org CODE --year YYYY [--to DATE] --format docx|pdf|xlsx|json --out PATH
[--issue]` (CONTRACT.md "Reports")."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput
from dangvu.core.management.base import DangvuCommand, date_option
from dangvu.reports import annual, renderers, services


class Command(DangvuCommand):
    help = ("Báo cáo năm của một cấp ủy (DOCX, PDF, XLSX, JSON); --issue cấp số văn bản / "
            "The annual report of a committee (DOCX, PDF, XLSX, JSON); --issue gives it a number")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"], help="Loại báo cáo / Report kind: annual")
        parser.add_argument("--org", required=True, help="Mã tổ chức / Organisation code")
        parser.add_argument("--year", required=True, type=int, help="Năm / Year")
        parser.add_argument("--to", help="Đến ngày (mặc định 31/12) / Up to this date (default 31 December)")
        parser.add_argument("--format", required=True, choices=renderers.FORMATS, dest="fmt",
                            help="Định dạng / Format: docx, pdf, xlsx, json")
        parser.add_argument("--out", required=True, help="Tệp kết quả / Output file")
        parser.add_argument("--issue", action="store_true",
                            help="Ban hành: lấy số tiếp theo trong sổ văn bản / Issue: take the next number")

    def handle(self, *args, **options):
        to = None
        if options["to"]:
            to = date_option(options["to"], "--to")
        out = Path(options["out"])
        if not out.parent.exists():
            raise InvalidInput.one("--out", _("The folder of the output file does not exist."))
        if options["issue"]:
            doc = services.issue_annual_report(actor=None, organization=options["org"], year=options["year"],
                                               to=to, fmt=options["fmt"])
            content, label = bytes(doc.content), doc.code
        else:
            period = annual.resolve(options["org"], options["year"], to)
            content, label = renderers.render(annual.build(period), options["fmt"]), "—"
        try:
            out.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"{out}: {exc}") from None
        self.stdout.write(f"{out} ({len(content)} B), số/no. {label}")
