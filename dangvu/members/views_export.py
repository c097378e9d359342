"""Exports of a filtered member list (members.exports): XLSX, CSV and the printable A4 list. The filter
parameters are those of the member list page (members.filters)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from dangvu.core.errors import InvalidInput, NotFound, bilingual
from dangvu.members import exports


def _bad_filter(exc: InvalidInput) -> HttpResponse:
    return HttpResponseBadRequest("\n".join(bilingual(p.message) for p in exc.problems),
                                  content_type="text/plain; charset=utf-8")


@login_required
def export_file(request, fmt: str):
    try:
        content, filename, content_type = exports.export_file(request.user, request.GET, fmt)
    except NotFound:
        raise Http404 from None
    except InvalidInput as exc:
        return _bad_filter(exc)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def print_list(request):
    try:
        context = exports.printable(request.user, request.GET)
    except NotFound:
        raise Http404 from None
    except InvalidInput as exc:
        return _bad_filter(exc)
    return render(request, "members/print_list.html", context)
