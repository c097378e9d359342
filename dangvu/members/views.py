"""Pages of the register: the member list (filters shared with the exports, htmx live search), the member
page with its timeline of events, one small form per event, and the forms that bring a person onto the
register. Personal data needs `register.view` (or being the member); forms need `register.edit`; anything
outside the user's scope is a 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.errors import InvalidInput, NotFound
from dangvu.core.pages import form_page, is_htmx
from dangvu.members import exports, services
from dangvu.members.event_kinds import SPECS, decision_of, record_event
from dangvu.members.forms import AdmitForm, EventForm, FilterForm, RegisterForm
from dangvu.members.models import Member, MemberEvent
from dangvu.members.selectors import listed_all
from dangvu.organizations.models import Organization

PAGE_SIZE = 50


def _units(user, action: str):
    return Organization.objects.filter(id__in=access.scope_ids(user, action)).order_by("code")


def _editable_units(user):
    """Units the user may register members in: open ones first; a closed unit stays choosable for
    history (the services judge whether it existed on the event's date)."""
    return _units(user, Action.EDIT_REGISTER).order_by(F("closed_on").desc(nulls_first=True), "code")


@login_required
def member_list(request):
    units = _units(request.user, Action.VIEW_REGISTER)
    if not units.exists():
        raise Http404  # observers and members hold no register.view: nothing personal to list
    form = FilterForm(request.GET or None, units=units)
    problems, query = [], ""
    try:
        member_filter, queryset = exports.members_for(request.user, request.GET)
        query = urlencode(member_filter.as_params())
    except NotFound:
        raise Http404 from None
    except InvalidInput as exc:
        problems, queryset = exc.problems, Member.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": listed_all(page.object_list), "problems": problems,
               "query": query,
               "can_edit": bool(access.scope_ids(request.user, Action.EDIT_REGISTER))}
    template = "members/_list_results.html" if is_htmx(request) else "members/list.html"
    return render(request, template, context, status=400 if problems else 200)


def _member(user, code: str) -> Member:
    """The member the user may see: in the `register.view` scope, or the user himself or herself."""
    member = Member.objects.select_related("organization").filter(code=code).first()
    if member is None or not (access.is_self(user, member.pk)
                              or access.can(user, Action.VIEW_REGISTER, member.organization_id)):
        raise Http404
    return member


def _editable_member(user, code: str) -> Member:
    member = _member(user, code)
    if not access.can(user, Action.EDIT_REGISTER, member.organization_id):
        raise Http404
    return member


@login_required
def member_detail(request, code: str):
    member = _member(request.user, code)
    events = list(member.events.select_related("organization", "from_organization", "superseded_by")
                  .order_by("on", "id"))
    corrections = {e.superseded_by_id for e in events if e.superseded_by_id}
    for event in events:
        event.is_correction = event.pk in corrections
    can_edit = access.can(request.user, Action.EDIT_REGISTER, member.organization_id)
    return render(request, "members/detail.html", {
        "member": member, "events": events, "can_edit": can_edit,
        "kinds": [(name, spec.label) for name, spec in SPECS.items()] if can_edit else [],
        "probation_end": services.probation_end(member) if member.status == "probationary" else None,
    })


def _correction_initial(member: Member, event_id: str | None) -> dict:
    if not (event_id or "").isdigit():
        return {}
    event = member.events.filter(pk=event_id, superseded_by__isnull=True).first()
    if event is None:
        return {}
    org = event.organization.code if event.organization else None
    return {"event": event.pk, "on": event.on, "organization": org, "until": event.until, "note": event.note,
            "decision_number": event.decision_number,
            "decision_date": event.decision_date, "decision_body": event.decision_body}


@login_required
def event_form(request, code: str):
    member = _editable_member(request.user, code)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    if kind not in SPECS:
        raise Http404
    current = MemberEvent.objects.filter(member=member, superseded_by__isnull=True).order_by("on", "id")
    initial = _correction_initial(member, request.GET.get("event")) if kind == "correction" else {}
    form = EventForm(request.POST or None, kind=kind, units=_editable_units(request.user), events=current,
                     initial=initial)
    return form_page(
        request, form,
        lambda data: record_event(actor=request.user, member=member, kind=kind, data=form.data_for_service()),
        done=lambda event: reverse("members:detail", kwargs={"code": member.code}),
        success=_("The event is recorded."),
        refused=_("You may not change this member or the chosen organisation."),
        template="members/event_form.html", partial="members/_event_form.html",
        context={"member": member, "kind": kind, "label": SPECS[kind].label},
    )


def _person_page(request, form_class, title, enter):
    units = _editable_units(request.user)
    if not units.exists():
        raise Http404
    form = form_class(request.POST or None, units=units)
    return form_page(
        request, form, lambda data: enter(form),
        done=lambda member: reverse("members:detail", kwargs={"code": member.code}),
        success=_("The member is on the register."),
        refused=_("You may not change the register of this organisation."),
        template="members/person_form.html", context={"title": title},
    )


@login_required
def admit(request):
    def enter(form):
        data = form.cleaned_data
        return services.admit(actor=request.user, on=data["on"], decision=decision_of(data), **form.person())

    return _person_page(request, AdmitForm, _("Admit a new member"), enter)


@login_required
def register_existing(request):
    def enter(form):
        data = form.cleaned_data
        return services.register_existing(
            actor=request.user, entry_kind=data["entry_kind"], registered_on=data["registered_on"],
            admitted_on=data["admitted_on"], official_on=data["official_on"], decision=decision_of(data),
            **form.person())

    return _person_page(request, RegisterForm, _("Register an existing member"), enter)
