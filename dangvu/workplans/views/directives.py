"""The follow-up table of a directive with its exports, and the form that records a directive."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.pages import form_page
from dangvu.workplans import exports, forms, selectors, services
from dangvu.workplans.views.common import _committees, _day_param, _visible_directives


@login_required
def directive_detail(request, pk: int):
    directive = _visible_directives(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    day = _day_param(request, access.today())
    return render(
        request,
        "workplans/directive.html",
        {
            "directive": directive,
            "day": day,
            "rows": selectors.follow_up(directive, day),
            "may_assign": access.can(request.user, Action.ASSIGN_TASKS, directive.organization_id),
        },
    )


@login_required
def directive_export(request, pk: int, fmt: str):
    directive = _visible_directives(request.user).filter(pk=pk).first()
    if directive is None:
        raise Http404
    day = _day_param(request, access.today())
    if fmt == "xlsx":
        content, kind = (
            exports.xlsx(directive, day),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        content, kind = (
            exports.docx(directive, day),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="directive-{directive.pk}-{day.isoformat()}.{fmt}"'
    )
    return response


@login_required
def directive_create(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise Http404
    form = forms.DirectiveForm(request.POST or None, committees=committees)

    def save(data):
        return services.record_directive(actor=request.user, **{**data, "items": form.item_texts()})

    return form_page(
        request,
        form,
        save,
        done=lambda directive: reverse("workplans:directive", args=[directive.pk]),
        success=_("The directive is recorded."),
        template="workplans/form.html",
        context={"title": _("Record a conclusion or directive"), "back": reverse("workplans:board")},
    )
