"""Forms of the register pages: the list filter, one small form per event (members.event_kinds), and the
forms that bring a person onto the register (admission, or registration of an existing member). The
forms only parse input; the services validate, and their problems are shown next to the named field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.core.forms import DATE_FORMATS, ProblemsMixin
from dangvu.members.event_kinds import SPECS
from dangvu.members.models import MemberStatus, Sex, TheoryLevel
from dangvu.members.services import LATE_KINDS
from dangvu.members.validation import ABSENCE, INACTIVITY, NOT_RECOGNIZED, OTHER_GROUND, STUDY, VOLUNTARY

GROUND_CHOICES = [
    (INACTIVITY, _("Not attending or not paying fees for months in a year")),
    (NOT_RECOGNIZED, _("Not recognised as official member")),
    (VOLUNTARY, _("Asked to leave the Party")),
    (OTHER_GROUND, _("Other ground")),
]
PURPOSE_CHOICES = [(ABSENCE, _("Absence (work, illness, family)")), (STUDY, _("Studies"))]


def _date(label, required=False, help_text=""):
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _text(label, required=False, max_length=200):
    return forms.CharField(label=label, required=required, max_length=max_length)


def _units(queryset, label=None, required=False):
    return forms.ModelChoiceField(label=label or _("Organisation"), queryset=queryset, to_field_name="code",
                                  required=required)


def _decision_fields() -> dict:
    return {
        "decision_number": _text(_("Decision number"), max_length=50),
        "decision_date": _date(_("Decision date")),
        "decision_body": _text(_("Issuing body")),
    }


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    org = forms.ChoiceField(label=_("Organisation"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + list(MemberStatus.choices))
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All"))] + list(Sex.choices))
    on = _date(_("On the register on"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.code, f"{u.name} ({u.code})") for u in units]
        self.fields["org"].choices = [("", _("All in my scope")), *choices]


class EventForm(ProblemsMixin, forms.Form):
    """The fields of one kind of event (members.event_kinds.SPECS) and the decision reference."""

    problem_fields = {"kind": "late_kind"}

    def __init__(self, *args, kind: str, units, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        spec = SPECS[kind]
        event_choices = [(e.pk, f"{e.on:%d/%m/%Y} — {e.get_kind_display()}") for e in events]
        late_choices = [(k.value, k.label) for k in LATE_KINDS]
        official = kind == "official"
        catalogue = {
            "event": forms.ChoiceField(label=_("Event to correct"), choices=event_choices),
            "late_kind": forms.ChoiceField(label=_("Event"), choices=late_choices),
            "on": _date(_("Date"), required=kind not in ("official", "correction"),
                        help_text=_("Leave empty: the end of the 12-month probation.") if official else ""),
            "organization": _units(units, _("Receiving organisation") if kind == "transfer" else None,
                                   required=kind in ("transfer", "readmission")),
            "until": _date(_("Until")),
            "purpose": forms.ChoiceField(label=_("Purpose"), choices=PURPOSE_CHOICES),
            "host": _text(_("Host organisation")),
            "destination": _text(_("Destination (organisation outside the register)")),
            "ground": forms.ChoiceField(label=_("Ground"), choices=GROUND_CHOICES),
            "months_inactive": forms.IntegerField(label=_("Months without attending or paying fees"),
                                                  required=False, min_value=0, max_value=12),
            "card_number": _text(_("Party card number"), required=True, max_length=30),
            "grounds": _text(_("Grounds or purpose"), max_length=30),
            "note": forms.CharField(label=_("Note"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2})),
            "reason": forms.CharField(label=_("Reason"), required=kind in ("late", "correction"),
                                      widget=forms.Textarea(attrs={"rows": 2})),
        }
        for name in spec.fields:
            self.fields[name] = catalogue[name]
        self.fields.update(_decision_fields())

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        if "event" in data:
            data["event"] = int(data["event"])
        return data


PERSON_PROFILE = ("ethnicity", "religion", "hometown", "citizen_id", "phone", "education",
                  "professional_level", "theory_level")


class PersonForm(ProblemsMixin, forms.Form):
    """The person and the unit; subclasses add how the person enters the register."""

    code = _text(_("Member code"), required=True, max_length=50)
    full_name = _text(_("Full name"), required=True)
    birth_date = _date(_("Date of birth"), required=True)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _units(units, required=True)
        self._add_entry_fields()
        self.fields.update(_decision_fields())
        self.fields.update({
            "ethnicity": _text(_("Ethnicity"), max_length=50),
            "religion": _text(_("Religion"), max_length=50),
            "hometown": _text(_("Home town")),
            "citizen_id": _text(_("Citizen ID"), max_length=20),
            "phone": _text(_("Phone"), max_length=20),
            "education": _text(_("General education"), max_length=50),
            "professional_level": _text(_("Professional level"), max_length=100),
            "theory_level": forms.ChoiceField(label=_("Political theory level"), choices=TheoryLevel.choices,
                                              initial=TheoryLevel.NONE),
        })

    def _add_entry_fields(self) -> None:
        raise NotImplementedError

    def person(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"].strip(), "full_name": data["full_name"].strip(),
            "birth_date": data["birth_date"], "sex": data["sex"], "organization": data["organization"],
            "profile": {name: data[name] for name in PERSON_PROFILE if data.get(name)},
        }


class AdmitForm(PersonForm):
    problem_fields = {"admitted_on": "on"}

    def _add_entry_fields(self) -> None:
        self.fields["on"] = _date(_("Admission ceremony date"), required=True)


class RegisterForm(PersonForm):
    def _add_entry_fields(self) -> None:
        self.fields["entry_kind"] = forms.ChoiceField(label=_("How the member enters the register"), choices=[
            ("transfer", _("Arrival by transfer from outside the register")),
            ("opening", _("Opening entry (already a member when the records start)")),
        ])
        self.fields["registered_on"] = _date(_("Date of entry"), required=True)
        self.fields["admitted_on"] = _date(_("Admitted on"), required=True)
        self.fields["official_on"] = _date(_("Official on"))

