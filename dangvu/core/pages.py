"""What the server-rendered pages share: recognising an htmx request, and the page of a form that writes
through one service (NetBox `utilities/htmx.py`; HackSoft: the view only translates the service's answer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import Forbidden, InvalidInput, NotFound


def is_htmx(request) -> bool:
    """A request made by htmx, answered with a partial rather than the whole page."""
    return request.headers.get("HX-Request") == "true"


def form_page(request, form, save, *, done, template, partial=None, context=None, success=None,
              refused=None):
    """On a valid POST runs `save(form.cleaned_data)` (one service call with the user as actor): success
    → the `success` message (default "Saved.") and a redirect to `done(obj)`; the service's InvalidInput
    → the form again with status 400, each problem next to its field (`core.forms.ProblemsMixin`);
    refused (NotFound, Forbidden) → 404, or the `refused` message at the top of the form when the page
    says so. Otherwise the form, rendered in `partial` for htmx requests when there is one."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except InvalidInput as exc:
            form.add_problems(exc.problems)
        except (NotFound, Forbidden):
            if refused is None:
                raise Http404 from None
            form.add_error(None, refused)
        else:
            messages.success(request, success or _("Saved."))
            return redirect(done(obj))
    page = template if partial is None or not is_htmx(request) else partial
    return render(request, page, {"form": form, **(context or {})}, status=400 if form.errors else 200)
