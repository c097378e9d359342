"""The form of the evaluation page. It only parses input: cadres.services validates, and its problems are
shown next to the field they name (with the rule cited)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangvu.cadres.models import Kind, Rating
from dangvu.core.forms import DATE_FORMATS, ProblemsMixin
from dangvu.organizations.models import Post


class EvaluationForm(ProblemsMixin, forms.Form):
    member_code = forms.CharField(label=_("member code"), max_length=50)
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices, initial=Kind.CADRE)
    post = forms.ChoiceField(label=_("post"), choices=[("", "—"), *Post.choices], required=False)
    score = forms.IntegerField(label=_("score"), min_value=0, max_value=100)
    rating = forms.ChoiceField(label=_("rating"), choices=[("", _("From the score")), *Rating.choices],
                               required=False)
    evaluated_on = forms.DateField(label=_("evaluated on"), input_formats=DATE_FORMATS,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    body_code = forms.CharField(label=_("evaluating body (code)"), max_length=50)
    conditions_met = forms.BooleanField(label=_("all tasks on time and nobody disciplined"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    problem_fields = {"member": "member_code", "body": "body_code", "year": None}
