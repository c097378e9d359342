from django import forms
from django.utils.translation import gettext_lazy as _


class LogFilter(forms.Form):
    """The browse filters; every field optional, bad dates are reported and ignored."""

    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100,
                                  help_text=_("For example members.member"))
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=100)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    correlation_id = forms.CharField(label=_("Correlation id"), required=False, max_length=64,
                                     help_text=_("The entries of one user action share it"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
