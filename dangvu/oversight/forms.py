"""Forms of the oversight pages. They only parse input: the services (oversight.services,
oversight.discipline) validate, and their problems are shown next to the field they name (the rule cited
beside the message), the others at the top of the form."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from dangvu.core.forms import DATE_FORMATS, ProblemsMixin
from dangvu.oversight.models import (
    AppealOutcome,
    Form,
    InspectionKind,
    RecommendationStatus,
    SourceKind,
    SubjectType,
    SupervisionKind,
)

MONTHS = [(m, str(m)) for m in range(1, 13)]


def _date(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _text(label, required=False, max_length=200):
    return forms.CharField(label=label, required=required, max_length=max_length)


def _area(label, required=False, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def _units(queryset, label, required=True):
    field = forms.ModelChoiceField(label=label, queryset=queryset, to_field_name="code", required=required)
    field.label_from_instance = lambda org: f"{org.name} ({org.code})"
    return field


class SubjectMixin:
    """An organisation or a member given by code; the page offers a picker limited to the user's scope."""

    def _add_subject(self, purpose: str) -> None:
        self.fields["subject_type"] = forms.ChoiceField(label=_("Subject type"), choices=SubjectType.choices)
        self.fields["subject_code"] = forms.CharField(
            label=_("Subject code"), max_length=50,
            help_text=_("Type a code or a name and pick from the list."),
            widget=forms.TextInput(attrs={
                "list": "subject-options", "autocomplete": "off",
                "hx-get": reverse_lazy("oversight:subjects"),
                "hx-trigger": "input changed delay:300ms, focus once", "hx-target": "#subject-options",
                "hx-include": "[name=subject_type]", "hx-vals": f'{{"purpose": "{purpose}"}}'}),
        )


# --- programmes --------------------------------------------------------------------------------------
class ProgrammeForm(ProblemsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = _text(_("Title"), max_length=255)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"body": _units(units, _("Conducting body")), **self.fields}


class ItemForm(ProblemsMixin, forms.Form):
    subject = _text(_("Subject"), required=True, max_length=255)
    activity = forms.ChoiceField(label=_("Activity"), choices=[
        ("inspection", _("Inspection")), ("supervision", _("Supervision"))])
    kind = forms.ChoiceField(label=_("Kind"), choices=[
        (_("Inspection"), InspectionKind.choices), (_("Supervision"), SupervisionKind.choices)])
    planned_month = forms.TypedChoiceField(label=_("Planned month"), choices=MONTHS, coerce=int)
    lead = _text(_("Lead"))


# --- inspections and supervisions --------------------------------------------------------------------
class ReviewForm(SubjectMixin, ProblemsMixin, forms.Form):
    problem_fields = {"subject": "subject_code"}

    code = _text(_("Code"), required=True, max_length=50)

    def __init__(self, *args, activity: str, units, items, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = InspectionKind.choices if activity == "inspection" else SupervisionKind.choices
        self._add_subject("review")
        self.fields["conducted_by"] = _units(units, _("Conducting body"))
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=kinds)
        self.fields["team"] = _area(_("Team members"), rows=2)
        self.fields["started_on"] = _date(_("Started on"), required=True)
        self.fields["programme_item"] = forms.ModelChoiceField(
            label=_("Planned item"), queryset=items, required=False)
        self.fields["programme_item"].label_from_instance = (
            lambda i: f"{i.programme.year}/{i.planned_month:02d} — {i.subject}")


TRISTATE = [("", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]


class ConcludeForm(ProblemsMixin, forms.Form):
    concluded_on = _date(_("Concluded on"), required=True)
    findings = _area(_("Findings"), rows=4)
    violation_found = forms.TypedChoiceField(
        label=_("Violation found"), choices=TRISTATE, required=False, empty_value=None,
        coerce=lambda v: {"true": True, "false": False}.get(v))
    conclusion = _area(_("Conclusion"), required=True, rows=4)

    def __init__(self, *args, activity: str, **kwargs):
        super().__init__(*args, **kwargs)
        if activity != "inspection":
            del self.fields["violation_found"]


class RecommendationForm(ProblemsMixin, forms.Form):
    problem_fields = {"review": None}

    text = _area(_("Recommendation"), required=True)
    owner = _text(_("Responsible person"))
    deadline = _date(_("Deadline"), required=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        unit = _units(units, _("Responsible unit"))
        self.fields = {"text": self.fields["text"], "owner_organization": unit,
                       "owner": self.fields["owner"], "deadline": self.fields["deadline"]}


class RecommendationStatusForm(ProblemsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    on = _date(_("Carried out on"))


# --- discipline --------------------------------------------------------------------------------------
class CaseForm(SubjectMixin, ProblemsMixin, forms.Form):
    problem_fields = {"subject": "subject_code"}

    code = _text(_("Case code"), required=True, max_length=50)

    def __init__(self, *args, units, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_subject("case")
        self.fields["handled_by"] = _units(units, _("Body handling the case"))
        self.fields["opened_on"] = _date(_("Opened on"), required=True)
        self.fields["violation_on"] = _date(_("Date of the violation"), required=True)
        self.fields["new_violation_on"] = _date(_("Date of a new violation"))
        self.fields["source_kind"] = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
        self.fields["source_review"] = forms.ModelChoiceField(
            label=_("Conclusion"), queryset=reviews, required=False)
        self.fields["source_review"].label_from_instance = lambda r: f"{r.code} ({r.concluded_on:%d/%m/%Y})"
        self.fields["source_reference"] = _text(_("Source reference"), max_length=100)
        self.fields["summary"] = _area(_("Summary"), rows=4)


class DecisionForm(ProblemsMixin, forms.Form):
    """`violation_on` is the case's and only shown: a refusal for the limitation period lands next to it."""

    code = _text(_("Decision number"), required=True, max_length=50)
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices)
    decided_on = _date(_("Decided on"), required=True)
    announced_on = _date(_("Announced on (takes effect)"), required=True)
    violation_on = _date(_("Date of the violation"))

    def __init__(self, *args, units, receiving_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"] = _units(units, _("Deciding body"))
        self.fields["receiving"] = _units(
            receiving_units, _("Unit receiving the members (dissolution)"), required=False)
        self.fields["violation_on"].disabled = True
        order = ["code", "form", "decided_by", "decided_on", "announced_on", "violation_on", "receiving"]
        self.fields = {name: self.fields[name] for name in order}


class AppealForm(ProblemsMixin, forms.Form):
    problem_fields = {"decision": None}

    lodged_on = _date(_("Lodged on"), required=True)
    grounds = _area(_("Grounds"), rows=4)


class AppealOutcomeForm(ProblemsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        c for c in AppealOutcome.choices if c[0] != AppealOutcome.PENDING])
    decided_on = _date(_("Decided on"), required=True)
    new_form = forms.ChoiceField(label=_("New form (decision changed)"), required=False,
                                 choices=[("", "—"), *Form.choices])
    new_code = _text(_("New decision number (decision changed)"), max_length=50)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"] = _units(units, _("Body deciding the appeal"))
        order = ["outcome", "decided_by", "decided_on", "new_form", "new_code"]
        self.fields = {name: self.fields[name] for name in order}


class CloseCaseForm(ProblemsMixin, forms.Form):
    on = _date(_("Closed on"), required=True)
    summary = _area(_("Summary"), rows=3)

