import json

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput
from dangvu.core.management.base import DangvuCommand, date_option
from dangvu.core.rules import RulesNotKnown
from dangvu.reports.rules import in_force


class Command(DangvuCommand):
    help = (
        "Các quy định của Đảng áp dụng cho một việc vào ngày DATE (CONTRACT.md) / "
        "The Party rules applied to an act dated DATE (CONTRACT.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", required=True, help="Ngày / date (YYYY-MM-DD)")
        parser.add_argument("--json", action="store_true", help="In JSON / print JSON (the default)")

    def handle(self, *args, on, **options):
        day = date_option(on, "--on")
        try:
            rows = in_force(day)
        except RulesNotKnown as exc:
            raise InvalidInput.one("--on", _("No rule set is known on this date."), str(exc)) from exc
        self.stdout.write(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
