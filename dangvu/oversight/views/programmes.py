"""Inspection and supervision programmes: done against planned; the forms of programmes and items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.pages import form_page
from dangvu.oversight import forms, selectors, services
from dangvu.oversight.models import ProgrammeItem
from dangvu.oversight.views.common import FORM, FORM_PARTIAL, PAGE, _or_404, _scope_or_404, _units


@login_required
def programmes(request):
    return render(
        request, "oversight/programmes.html", {"programmes": selectors.programmes_for(request.user)[:PAGE]}
    )


@login_required
def programme(request, pk: int):
    item = _or_404(selectors.get_programme, request.user, pk)
    rows, planned, done, late = selectors.programme_progress(item, access.today())
    can_edit = access.can(request.user, Action.EDIT_OVERSIGHT, item.body_id)
    return render(
        request,
        "oversight/programme.html",
        {"programme": item, "rows": rows, "planned": planned, "done": done, "late": late,
         "can_edit": can_edit},
    )


@login_required
def programme_create(request):
    ids = _scope_or_404(request.user, Action.EDIT_OVERSIGHT)
    form = forms.ProgrammeForm(request.POST or None, units=_units(ids),
                               initial={"year": access.today().year})
    return form_page(
        request, form,
        lambda d: services.create_programme(actor=request.user, body=d["body"], year=d["year"],
                                            title=d["title"]),
        done=lambda p: reverse("oversight:programme", args=[p.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("New inspection and supervision programme"),
            "back": reverse("oversight:programmes"),
        },
    )


def _editable_programme(user, pk):
    programme = _or_404(selectors.get_programme, user, pk)
    if not access.can(user, Action.EDIT_OVERSIGHT, programme.body_id):
        raise Http404
    return programme


@login_required
def item_create(request, pk: int):
    programme = _editable_programme(request.user, pk)
    form = forms.ItemForm(request.POST or None)
    return form_page(
        request, form,
        lambda d: services.add_item(actor=request.user, programme=programme, **d),
        done=lambda item: reverse("oversight:programme", args=[programme.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Add a planned item"),
            "back": reverse("oversight:programme", args=[programme.pk]),
        },
    )


@login_required
def item_edit(request, pk: int):
    item = ProgrammeItem.objects.filter(pk=pk, programme__in=selectors.programmes_for(request.user)).first()
    if item is None:
        raise Http404
    programme = _editable_programme(request.user, item.programme_id)
    initial = {name: getattr(item, name) for name in ("subject", "activity", "kind", "planned_month", "lead")}
    form = forms.ItemForm(request.POST or None, initial=initial)
    return form_page(
        request, form, lambda d: services.update_item(actor=request.user, item=item, **d),
        done=lambda obj: reverse("oversight:programme", args=[programme.pk]),
        template=FORM, partial=FORM_PARTIAL,
        context={
            "title": _("Change a planned item"),
            "back": reverse("oversight:programme", args=[programme.pk]),
        },
    )
