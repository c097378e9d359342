import datetime as dt
import json

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.management.base import DangvuCommand
from dangvu.members.figures import member_figures
from dangvu.organizations.selectors import get_by_code


def parse_date(value: str, field: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise InvalidInput.one(field, _("Not a date (YYYY-MM-DD or dd/mm/yyyy)."))


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
        date_from = parse_date(date_from, "--from")
        date_to = parse_date(date_to, "--to")
        organization = get_by_code(org)
        if organization is None:
            raise NotFound(_("Unknown organisation code: %(code)s") % {"code": org})
        if date_from > date_to:
            raise InvalidInput.one("--from", _("The start of the period is after its end."))
        if (organization.established_on and date_to < organization.established_on) or (
            organization.closed_on and date_from >= organization.closed_on
        ):
            raise InvalidInput.one("--from", _("The period lies outside the organisation's life."))
        data = {
            "organization": organization.code,
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "members": member_figures(organization.id, date_from, date_to),
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
