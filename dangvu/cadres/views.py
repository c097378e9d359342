"""The evaluation page: who of the secretaries and deputy secretaries of a unit's subtree has a cadre
evaluation for a year, and a form to record one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.cadres import selectors, services
from dangvu.cadres.forms import EvaluationForm
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.members.models import Member
from dangvu.organizations.models import Organization


def _organization(user, code: str | None) -> Organization:
    """The unit named by `code` (default: the user's home unit) if the user may see its register."""
    org = (Organization.objects.filter(code=code).first() if code else access.home_organization(user))
    if org is None or not access.can(user, Action.VIEW_REGISTER, org.id):
        raise Http404
    return org


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 1900 <= year <= 2999 else default


@login_required
def coverage(request):
    today = access.today()
    org = _organization(request.user, request.GET.get("org"))
    year = _year(request.GET.get("year"), today.year)
    may_edit = access.can(request.user, Action.EDIT_REGISTER, org.id)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": today, "body_code": org.code})
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            member = access.restrict(Member.objects, request.user, Action.VIEW_REGISTER).filter(
                code=data["member_code"].strip()).first()
            body = Organization.objects.filter(code=data["body_code"].strip()).first()
            if member is None:
                form.add_error("member_code", _("No member in your scope has this code."))
            if body is None:
                form.add_error("body_code", _("No organisation has this code."))
            if member is not None and body is not None:
                try:
                    services.evaluate(actor=request.user, member=member, year=year, kind=data["kind"],
                                      post=data["post"], score=data["score"], rating=data["rating"] or None,
                                      evaluated_on=data["evaluated_on"], body=body,
                                      conditions_met=data["conditions_met"], note=data["note"])
                except InvalidInput as exc:
                    form.add_problems(exc.problems)
                except (NotFound, Forbidden):
                    form.add_error("member_code", _("You may not evaluate this member."))
                else:
                    messages.success(request, _("Saved."))
                    return redirect(f"{request.path}?{urlencode({'org': org.code, 'year': year})}")
        status = 400
    return render(request, "cadres/coverage.html", {
        "org": org, "year": year, "today": today, "may_edit": may_edit, "form": form,
        "coverage": selectors.coverage(org.id, year, today),
    }, status=status)
