"""Pages of the organisation tree: the tree on a date, one organisation, and the restructuring form with its
preview. Figures need `figures.view`, names of people `register.view`, restructuring `register.edit`;
anything outside the user's scope is a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import Forbidden, InvalidInput, NotFound
from dangvu.members.figures import children_with_counts, member_figures, tree_with_counts
from dangvu.organizations import selectors, services
from dangvu.organizations.forms import DayForm, RestructureForm
from dangvu.organizations.models import Organization, OrganizationParent


def _day(request) -> tuple[dt.date, DayForm]:
    form = DayForm(request.GET or None)
    day = form.cleaned_data.get("on") if form.is_valid() else None
    return day or access.today(), form


def _roots_on(scope: set[int], day: dt.date) -> list[int]:
    """The units of `scope` that existed on `day` and whose parent that day lies outside the scope."""
    existing = set(
        Organization.objects.filter(id__in=scope)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .values_list("id", flat=True)
    )
    parents = dict(
        OrganizationParent.objects.filter(organization_id__in=existing, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values_list("organization_id", "parent_id")
    )
    return sorted(i for i in existing if parents.get(i) not in existing)


def _prune(node: selectors.Node, scope: set[int]) -> selectors.Node:
    node.children = [_prune(child, scope) for child in node.children if child.id in scope]
    return node


@login_required
def tree(request):
    day, day_form = _day(request)
    scope = access.scope_ids(request.user, Action.VIEW_FIGURES)
    roots = []
    for root_id in _roots_on(scope, day):
        node = tree_with_counts(root_id, day)
        if node is not None:
            roots.append(_prune(node, scope))
    roots.sort(key=lambda n: n.code)
    return render(request, "organizations/tree.html", {
        "roots": roots, "day": day, "day_form": day_form, "is_today": day == access.today(),
        "can_restructure": bool(access.scope_ids(request.user, Action.EDIT_REGISTER)),
    })


def _year_figures(org: Organization, day: dt.date):
    """The member figures of `day`'s year up to `day` (or to the last day the unit existed)."""
    start, end = dt.date(day.year, 1, 1), day
    if org.closed_on and org.closed_on <= end:
        end = org.closed_on - dt.timedelta(days=1)
    if org.established_on and org.established_on > start:
        start = org.established_on
    if end < start:
        return None, start, end
    return member_figures(org.id, start, end), start, end


@login_required
def detail(request, code: str):
    org = access.get_in_scope_or_404(request.user, Action.VIEW_FIGURES,
                                     Organization.objects.select_related("successor", "scope_parent"),
                                     org_id_of=lambda o: o.id, code=code)
    day, day_form = _day(request)
    if org.closed_on and not request.GET.get("on") and day >= org.closed_on:
        day = org.closed_on - dt.timedelta(days=1)  # a closed unit is shown as it was on its last day
    figures, start, end = _year_figures(org, day)
    scope = access.scope_ids(request.user, Action.VIEW_FIGURES)
    return render(request, "organizations/detail.html", {
        "org": org, "day": day, "day_form": day_form,
        "name_on_day": selectors.name_on(org, day),
        "names": selectors.name_history(org),
        "parents": selectors.parent_history(org),
        "parent_on_day": selectors.parent_on(org, day),
        "predecessors": org.predecessors.order_by("code"),
        "children": [(c, n) for c, n in children_with_counts(org, day) if c.id in scope],
        "terms": selectors.terms_with_posts(org),
        "restructurings": selectors.restructurings_of(org),
        "figures": figures, "figures_from": start, "figures_to": end,
        "scope": scope,
        "show_names": access.can(request.user, Action.VIEW_REGISTER, org.id),
        "can_edit": access.can(request.user, Action.EDIT_REGISTER, org.id) and org.closed_on is None,
    })


def _editable_units(user):
    return Organization.objects.filter(id__in=access.scope_ids(user, Action.EDIT_REGISTER),
                                       closed_on__isnull=True).order_by("code")


@login_required
def restructure(request):
    units = _editable_units(request.user)
    if not units.exists():
        raise Http404
    preview = None
    if request.method == "POST":
        form = RestructureForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            args = {"on": data["on"], "operation": data["operation"], "organization": data["organization"],
                    "target": data["target"], "new_name": data["new_name"]}
            try:
                if "confirm" in request.POST:
                    services.restructure(actor=request.user, decision_number=data["decision_number"],
                                         note=data["note"], **args)
                    messages.success(request, _("The restructuring is recorded."))
                    return redirect("organizations:detail", code=data["organization"].code)
                preview = services.preview_restructuring(actor=request.user, **args)
            except InvalidInput as exc:
                form.add_problems(exc.problems)
            except (NotFound, Forbidden):
                form.add_error(None, _("You may not change one of these organisations."))
    else:
        org_code = request.GET.get("org", "")
        form = RestructureForm(units=units, initial={"organization": units.filter(code=org_code).first(),
                                                     "on": access.today()})
    show_names = preview is not None and access.can(request.user, Action.VIEW_REGISTER,
                                                    preview.organization.id)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "organizations/restructure.html", {
        "form": form, "preview": preview, "show_names": show_names,
    }, status=status)
