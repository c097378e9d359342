
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors, services
from dangvu.accounts.roles import Role
from dangvu.accounts.services import lazy_format
from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.management.base import DangvuCommand, date_option
from dangvu.organizations.selectors import get_by_code


class Command(DangvuCommand):
    help = (
        "Tạo tài khoản, có thể gán một vai trò tại một tổ chức và in mã dự phòng đăng nhập không cần "
        "điện thoại / Create an account, optionally give it a role at an organisation and print backup "
        "codes for logging in without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập / Username")
        parser.add_argument("--password", required=True, help="Mật khẩu (ít nhất 10 ký tự) / Password "
                                                                "(at least 10 characters)")
        parser.add_argument("--full-name", required=True, help="Họ và tên / Full name")
        parser.add_argument("--role", choices=Role.values,
                            help="Vai trò (cần --org) / Role (needs --org)")
        parser.add_argument("--org", help="Mã tổ chức của vai trò / Code of the role's organisation")
        parser.add_argument("--from", dest="valid_from",
                            help="Vai trò có hiệu lực từ ngày (mặc định hôm nay) / Role held from this date "
                                 "(default today)")
        parser.add_argument("--backup-codes", type=int, default=0, metavar="N",
                            help="In N mã dự phòng dùng một lần / Print N single-use backup codes")

    def handle(self, *args, **options):
        role, org_code = options["role"], options["org"]
        if bool(role) != bool(org_code):
            raise InvalidInput.one("--role/--org", _("Give --role and --org together."))
        valid_from = selectors.today()
        if options["valid_from"]:
            valid_from = date_option(options["valid_from"], "--from")
        organization = None
        if org_code:
            organization = get_by_code(org_code)
            if organization is None:
                raise NotFound(lazy_format(_("No organisation has the code %(code)s."), code=org_code))
        with audit.atomic():
            user = services.create_user(actor=None, username=options["username"],
                                        password=options["password"], full_name=options["full_name"])
            if organization is not None:
                services.grant_role(actor=None, user=user, organization=organization, role=role,
                                    valid_from=valid_from)
            codes = (services.issue_backup_codes(actor=None, user=user, count=options["backup_codes"])
                     if options["backup_codes"] else [])
        self.stdout.write(f"Đã tạo tài khoản / Account created: {user.username}")
        if codes:
            self.stdout.write("Mã dự phòng, mỗi mã dùng một lần / Backup codes, each usable once:")
            for code in codes:
                self.stdout.write(code)
