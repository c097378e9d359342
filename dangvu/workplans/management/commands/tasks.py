"""`dangvu tasks overdue --org CODE [--on DATE] --json` (CONTRACT.md "Tasks") and `dangvu tasks remind
[--on DATE]`, the reminders and escalations for cron (idempotent: a second run sends nothing twice)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from dangvu.accounts.selectors import today
from dangvu.core.errors import InvalidInput, NotFound, bilingual
from dangvu.core.management.base import DangvuCommand, date_option
from dangvu.organizations.selectors import get_by_code
from dangvu.workplans import reminders, selectors


class Command(DangvuCommand):
    help = (
        "Nhiệm vụ: danh sách quá hạn (overdue) và nhắc việc (remind) / "
        "Tasks: the overdue list (overdue) and the reminders (remind)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="overdue|remind")
        overdue = sub.add_parser(
            "overdue", help="Nhiệm vụ quá hạn của một tổ chức / Overdue tasks of an organisation's subtree"
        )
        overdue.add_argument("--org", required=True, help="Mã tổ chức / organisation code")
        overdue.add_argument("--on", help="Ngày (mặc định hôm nay) / date, YYYY-MM-DD (default today)")
        overdue.add_argument("--json", action="store_true", help="In JSON / print JSON (the default)")
        remind = sub.add_parser(
            "remind",
            help="Gửi nhắc hạn và báo cáo quá hạn (chạy từ cron) / Send reminders and escalations "
            "(for cron; safe to run twice)",
        )
        remind.add_argument("--on", help="Ngày (mặc định hôm nay) / date, YYYY-MM-DD (default today)")
        remind.add_argument(
            "--before",
            type=int,
            help="Nhắc trước hạn N ngày / remind N days before the "
            "deadline (default WORKPLANS_REMIND_DAYS_BEFORE, 3)",
        )
        remind.add_argument(
            "--escalate-after",
            type=int,
            help="Báo người giao việc sau N ngày quá hạn / tell "
            "the assigner after N days overdue (default WORKPLANS_ESCALATE_AFTER_DAYS, 7)",
        )

    def handle(self, *args, action, **options):
        day = date_option(options["on"], "--on") if options.get("on") else today()
        if action == "overdue":
            organization = get_by_code(options["org"])
            if organization is None:
                raise NotFound(_("Unknown organisation code: %(code)s") % {"code": options["org"]})
            rows = selectors.overdue_rows(organization.id, day)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for name in ("before", "escalate_after"):
            if options.get(name) is not None and options[name] < 0:
                raise InvalidInput.one(f"--{name.replace('_', '-')}", _("A number of days of 0 or more."))
        sent = reminders.run(day, before=options.get("before"), after=options.get("escalate_after"))
        self.stdout.write(
            bilingual(
                _(
                    "Reminders sent: %(soon)d before the deadline, %(overdue)d overdue, "
                    "%(escalation)d to the assigners; %(emails)d e-mails."
                )
                % {
                    "soon": sent.due_soon,
                    "overdue": sent.overdue,
                    "escalation": sent.escalation,
                    "emails": sent.emails,
                }
            )
        )
