import json

from dangvu.core.management.base import DangvuCommand, date_option
from dangvu.reports.stats import stats_payload


class Command(DangvuCommand):
    help = (
        "Số liệu đảng viên của một tổ chức và các đơn vị trực thuộc trong kỳ [from, to] (CONTRACT.md) / "
        "Figures of an organisation and every unit under it for the closed period [from, to] (CONTRACT.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Mã tổ chức / organisation code")
        parser.add_argument("--from", dest="date_from", required=True, help="Từ ngày / from (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", required=True, help="Đến ngày / to (YYYY-MM-DD)")
        parser.add_argument("--json", action="store_true", help="In JSON / print JSON (the default)")

    def handle(self, *args, org, date_from, date_to, **options):
        date_from = date_option(date_from, "--from")
        date_to = date_option(date_to, "--to")
        data = stats_payload(org, date_from, date_to, from_field="--from")
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
