from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.forms import DATE_FORMATS
from dangvu.organizations.models import Operation

WEB_OPERATIONS = [Operation.MOVE, Operation.MERGE, Operation.RENAME, Operation.CLOSE]

# Where each field of a service's InvalidInput is shown on the form.
PROBLEM_FIELDS = {"on": "on", "operation": "operation", "organization_code": "organization",
                  "target_code": "target", "new_name": "new_name"}


class DayForm(forms.Form):
    on = forms.DateField(label=_("As on"), required=False, input_formats=DATE_FORMATS,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class RestructureForm(forms.Form):
    operation = forms.ChoiceField(label=_("Operation"),
                                  choices=[(op.value, op.label) for op in WEB_OPERATIONS])
    on = forms.DateField(label=_("Effective date"), input_formats=DATE_FORMATS,
                         help_text=_("The first day of the new arrangement."),
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None, to_field_name="code")
    target = forms.ModelChoiceField(label=_("Receiving organisation"), queryset=None, to_field_name="code",
                                    required=False, help_text=_("For a move or a merge."))
    new_name = forms.CharField(label=_("New name"), max_length=255, required=False,
                               help_text=_("For a rename."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units
        self.fields["target"].queryset = units

    def add_problems(self, problems) -> None:
        for problem in problems:
            self.add_error(PROBLEM_FIELDS.get(problem.field), problem.message)
