"""The subject picker of the review and case forms (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.text import fold
from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from dangvu.oversight.models import SubjectType
from dangvu.oversight.views.common import PICKER, _scope_or_404


@login_required
def subjects(request):
    """The picker's options (htmx): organisations, or members, in the scope of what the form records."""
    action = Action.EDIT_DISCIPLINE if request.GET.get("purpose") == "case" else Action.EDIT_OVERSIGHT
    ids = _scope_or_404(request.user, action)
    query = (request.GET.get("subject_code") or request.GET.get("q") or "").strip()
    if request.GET.get("subject_type") == SubjectType.MEMBER:
        ids &= access.scope_ids(request.user, Action.VIEW_REGISTER)
        found = Member.objects.filter(organization_id__in=ids)
        if query:
            found = found.filter(Q(code__icontains=query) | Q(name_folded__contains=fold(query)))
        options = [(m.code, m.full_name) for m in found.order_by("code")[:PICKER]]
    else:
        found = Organization.objects.filter(id__in=ids)
        if query:
            found = found.filter(Q(code__icontains=query) | Q(name__icontains=query))
        options = [(o.code, o.name) for o in found.order_by("code")[:PICKER]]
    return render(request, "oversight/_subject_options.html", {"options": options})
