from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangvu.accounts import selectors as access
from dangvu.core import attention


@login_required
def home(request):
    roles = sorted(access.roles_held(request.user), key=lambda ra: (ra.organization.name, ra.role))
    return render(request, "core/home.html", {
        "organization": access.home_organization(request.user),
        "roles": roles,
        "attention": attention.items_for(request.user) if roles else [],
    })
