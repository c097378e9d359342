import json

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput
from dangvu.core.management.base import DangvuCommand
from dangvu.core.workdays import year_calendar


class Command(DangvuCommand):
    help = (
        "Lịch ngày làm việc của một năm như các thời hạn tính theo ngày làm việc (CONTRACT.md) / "
        "The working-day calendar of a year as every working-day deadline sees it (CONTRACT.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Năm / year (YYYY)")
        parser.add_argument("--json", action="store_true", help="In JSON / print JSON (the default)")

    def handle(self, *args, year, **options):
        if not (year.isdigit() and len(year) == 4):
            raise InvalidInput.one("--year", _("Not a year (YYYY)."))
        self.stdout.write(json.dumps(year_calendar(int(year)), ensure_ascii=False, indent=2))
