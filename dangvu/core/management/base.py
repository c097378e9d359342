"""Base class of dangvu's commands: audit context for the whole command (one correlation id, origin
`cli:<name>`), and the exit codes of CONTRACT.md for the project's errors (0 ok, 1 unexpected, 2 bad
input, 3 not found), each problem on its own line of standard error in Vietnamese then English; and the
one parser of the commands' date options."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dangvu.audit.context import acting
from dangvu.core.errors import DangvuError, InvalidInput
from dangvu.core.tabular import parse_date


def date_option(value: str, option: str) -> dt.date:
    """The date given to `option` (YYYY-MM-DD or dd/mm/yyyy, as in imported files); bad input (exit 2)
    naming the option otherwise."""
    day = parse_date(value)
    if day is None:
        raise InvalidInput.one(option, _("Not a date (YYYY-MM-DD or dd/mm/yyyy)."))
    return day



class DangvuCommand(BaseCommand):
    leave_locale_alone = True

    def execute(self, *args, **options):
        name = self.__class__.__module__.rsplit(".", 1)[-1]
        translation.activate("vi")
        with acting(origin=f"cli:{name}"):
            return super().execute(*args, **options)

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except InvalidInput as exc:
            for problem in exc.problems:
                self.stderr.write(problem.render())
            sys.exit(exc.exit_code)
        except DangvuError as exc:
            self.stderr.write(str(exc))
            sys.exit(exc.exit_code)
