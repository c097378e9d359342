"""What every form of the project shares: the date formats offices type, and the display of a service's
InvalidInput next to the fields it names."""

from typing import TYPE_CHECKING

from django.utils.text import format_lazy

if TYPE_CHECKING:  # the mixin's methods use the form's own (fields, add_error)
    from django.forms import BaseForm as _Form
else:
    _Form = object

# Vietnamese offices write dd/mm/yyyy; browsers' date inputs send YYYY-MM-DD.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ProblemsMixin(_Form):
    """Shows a service's InvalidInput next to the fields it names, the others at the top of the form.
    `problem_fields` maps a service's field name to the form's (None: shown at the top)."""

    problem_fields: dict[str, str | None] = {}

    def add_problems(self, problems) -> None:
        for problem in problems:
            name = self.problem_fields.get(problem.field, problem.field)
            message = problem.message
            if problem.rule:
                message = format_lazy("{} ({})", message, problem.rule)
            self.add_error(name if name in self.fields else None, message)
