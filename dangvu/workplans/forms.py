"""Forms of the plan, directive and task pages. They only parse input; the services validate, and their
problems are shown next to the field they name (core.forms.ProblemsMixin), the others at the top."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.forms import DATE_FORMATS, ProblemsMixin
from dangvu.members.models import Member
from dangvu.workplans import measures
from dangvu.workplans.models import DirectiveKind, PlanKind, Priority


def _date(label, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _units(queryset, label, required=True):
    return forms.ModelChoiceField(label=label, queryset=queryset, to_field_name="code", required=required)


def _textarea(label, required=True, rows=2, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class PlanForm(ProblemsMixin, forms.Form):
    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _units(committees, _("Committee"))
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
        self.fields["number"] = forms.CharField(label=_("Document number"), required=False, max_length=50)
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=300)
        self.fields["period_start"] = _date(_("Period start"), required=True)
        self.fields["period_end"] = _date(_("Period end"), required=True)


class PlanItemForm(ProblemsMixin, forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=500)
    requires_evidence = forms.BooleanField(label=_("Evidence required to close its tasks"), required=False)


class TargetForm(ProblemsMixin, forms.Form):
    title = forms.CharField(label=_("Target"), max_length=300)
    measure = forms.ChoiceField(label=_("How it is measured"), required=False)
    goal = forms.DecimalField(label=_("Goal"), min_value=0, max_digits=12, decimal_places=2)
    unit_label = forms.CharField(label=_("Unit of measure"), required=False, max_length=50)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures.choices()
        self.fields["item"] = forms.ModelChoiceField(
            label=_("Plan item"), queryset=items, required=False, empty_label=_("(the plan as a whole)")
        )


class TargetReportForm(ProblemsMixin, forms.Form):
    on = _date(_("As of"), required=True)
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence (document or link)"), max_length=500)


class DirectiveForm(ProblemsMixin, forms.Form):
    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _units(committees, _("Addressed to"))
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=DirectiveKind.choices)
        self.fields["issuer"] = forms.CharField(label=_("Issued by"), max_length=300)
        self.fields["number"] = forms.CharField(label=_("Document number"), required=False, max_length=50)
        self.fields["issued_on"] = _date(_("Issued on"), required=True)
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=500)
        self.fields["items"] = _textarea(
            _("Items"), rows=6, help_text=_("One item per line, in the order of the document.")
        )

    def item_texts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class MemberCodeField(forms.CharField):
    """A member chosen by code (the search box fills it in), among the members the user may see."""

    def __init__(self, *args, members=None, **kwargs):
        self.members = members if members is not None else Member.objects.none()
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        member = self.members.filter(code=code).first()
        if member is None:
            raise forms.ValidationError(_("No member with this code in your scope."))
        return member


def _owner_field(members, required=True):
    return MemberCodeField(
        label=_("Accountable person (member code)"),
        members=members,
        required=required,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "owner-code"}),
        help_text=_("Search by name below and pick the person, or type the member code."),
    )


class TaskForm(ProblemsMixin, forms.Form):
    """A new task. `committees` are the committees the user may assign tasks for; when the task comes from
    a source (plan item, directive item, recommendation, parent task) the committee is fixed by it."""

    def __init__(self, *args, committees, units, members, fixed_committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_committee is None:
            self.fields["organization"] = _units(committees, _("Assigning committee"))
        # Title, product, owner and lead unit are checked by the service ("rõ người, rõ việc"), so that one
        # submission shows every problem at once.
        self.fields["title"] = forms.CharField(label=_("Title"), max_length=300, required=False)
        self.fields["product"] = _textarea(
            _("Expected product"),
            required=False,
            help_text=_("What the task must deliver (a report, a decision, ...)."),
        )
        self.fields["owner"] = _owner_field(members, required=False)
        self.fields["lead_unit"] = _units(units, _("Lead unit"), required=False)
        self.fields["cooperating_units"] = forms.ModelMultipleChoiceField(
            label=_("Cooperating units"),
            queryset=units,
            to_field_name="code",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["deadline"] = _date(_("Deadline"))
        self.fields["working_days"] = forms.IntegerField(
            label=_("or a number of working days from today"),
            required=False,
            min_value=1,
            max_value=1000,
            help_text=_("Vietnamese working days: weekends and public holidays (Tết included) left out."),
        )
        self.fields["priority"] = forms.ChoiceField(
            label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
        )
        self.fields["weight"] = forms.IntegerField(
            label=_("Weight in the parent task"), required=False, min_value=1, max_value=100, initial=1
        )

    def clean(self):
        data = super().clean()
        if data.get("deadline") and data.get("working_days"):
            self.add_error("working_days", _("Give either a deadline or a number of working days, not both."))
        return data


class ReassignForm(ProblemsMixin, forms.Form):
    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(members)
        self.fields["reason"] = _textarea(_("Reason"))
