"""What the oversight pages share: list sizes, 404 for what is out of reach, and the form page that runs a
service and shows its problems next to the fields."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.organizations.models import Organization

PAGE = 200
PICKER = 20


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound:
        raise Http404 from None


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _units(ids):
    return Organization.objects.filter(id__in=ids).order_by("code")


def _scope_or_404(user, action: str) -> set[int]:
    ids = access.scope_ids(user, action)
    if not ids:
        raise Http404
    return ids


def _form_page(request, form, save, *, title, back, done, context=None):
    """Runs `save(cleaned_data)` on a valid POST: success → message and redirect to `done(obj)`; the
    service's problems → the form again (400) with each next to its field; out of scope → 404."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        except NotFound:
            raise Http404 from None
        else:
            messages.success(request, _("Saved."))
            return redirect(done(obj))
    page = {"form": form, "title": title, "back": back, **(context or {})}
    template = "oversight/_form.html" if _is_htmx(request) else "oversight/form.html"
    return render(request, template, page, status=400 if form.errors else 200)
