from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangvu.accounts import selectors as access


@login_required
def home(request):
    organization = access.home_organization(request.user)
    return render(request, "core/home.html", {"organization": organization, "attention": []})
