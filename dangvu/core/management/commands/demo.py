"""`dangvu demo [--reset]`: load the Hương Trà demo organisation into the configured database.

Idempotent: on a database that already holds the demo (the unit `HT` exists) it loads nothing and prints
the logins again (with fresh backup codes), so `./scripts/demo` can run any number of times. A database
holding other organisations is refused (exit 2) unless `--reset`, which erases the WHOLE database first."""

from __future__ import annotations

import datetime as dt
import os
import time

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput, bilingual
from dangvu.core.formatting import vn_number
from dangvu.core.management.base import DangvuCommand
from dangvu.demo import huong_tra as ht
from dangvu.demo import load as demo
from dangvu.members.figures import member_figures
from dangvu.organizations.models import Organization
from dangvu.organizations.selectors import subtree_ids_on

PROGRESS = {
    "units": _("%(count)s organisations created"),
    "members": _("%(members)s members registered, %(transfers)s transfers between units"),
    "restructuring": _("%(day)s: restructuring of %(rows)s rows"),
}


class Command(DangvuCommand):
    help = (
        "Nạp dữ liệu mẫu Đảng bộ thị xã Hương Trà (2015–2026) vào CSDL đang cấu hình / "
        "Load the Hương Trà demo organisation (2015–2026) into the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true",
            help="Xóa TOÀN BỘ dữ liệu rồi nạp lại / Erase the WHOLE database first, then load",
        )

    def progress(self, step: str, **numbers) -> None:
        """A step of the loader: a known step with its numbers, or a line written by a later module."""
        shown = {key: vn_number(value) if isinstance(value, int) else value for key, value in numbers.items()}
        self.stdout.write("  " + (bilingual(PROGRESS[step] % shown) if step in PROGRESS else str(step)))

    def say(self, message) -> None:
        self.stdout.write(bilingual(message))

    def handle(self, *args, reset=False, **options):
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        if Organization.objects.filter(code=ht.TOWN).exists():
            self.say(_("The demo is already loaded; nothing was changed except new backup codes."))
            logins = demo.existing_logins()
        elif Organization.objects.exists():
            raise InvalidInput.one("--reset", _(
                "The database already holds organisations that are not the demo. Use --reset to erase the "
                "whole database and load the demo (everything in it will be lost)."))
        else:
            started = time.monotonic()
            logins = demo.load(progress=self.progress)
            self.say(_("Demo loaded in %(seconds).1f s.") % {"seconds": time.monotonic() - started})
        self.figures()
        self.print_logins(logins)

    def figures(self) -> None:
        town = Organization.objects.get(code=ht.TOWN)
        seed = member_figures(town.id, dt.date(2017, 1, 1), dt.date(2017, 11, 30))
        self.say(_("Hương Trà town, 1 January – 30 November 2017: %(admitted)s admitted, %(at_end)s members "
                   "on 30 November.") % {"admitted": vn_number(seed["admitted"]),
                                         "at_end": vn_number(seed["at_end"])})
        ward = Organization.objects.filter(code=ht.WARD).first()
        if ward is not None:
            units = len(subtree_ids_on(ward.id, ht.REFORM)) - 1
            count = member_figures(ward.id, ht.REFORM, ht.REFORM)["at_end"]
            self.say(_("Hương Trà ward on 1 July 2025: %(members)s members in %(units)s subordinate units.")
                     % {"members": vn_number(count), "units": vn_number(units)})

    def print_logins(self, logins) -> None:
        self.stdout.write("")
        port = os.environ.get("PORT")  # ./scripts/demo serves on $PORT when it is set
        self.say(_("Address: %(url)s") % {"url": f"http://127.0.0.1:{port}/" if port else demo.ADDRESS})
        self.say(_("Demo logins (password %(password)s for all; demo only, never on a real register):")
                 % {"password": demo.PASSWORD})
        for c in logins:
            period = c.valid_from.isoformat() + " – " + (c.valid_to.isoformat() if c.valid_to else "")
            line = f"  {c.username:<26} {c.role:<14} @ {c.organization:<7} {period:<25} {c.full_name}"
            self.stdout.write(line)
            if c.backup_codes:
                self.stdout.write("    " + bilingual(_("backup codes (second factor, each usable once):")))
                self.stdout.write("      " + " ".join(c.backup_codes))
