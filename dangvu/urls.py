from django.urls import include, path
from django.views.i18n import set_language

from dangvu.core.api import api
from dangvu.reports import home

urlpatterns = [
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("dangvu.accounts.urls")),
    path("audit/", include("dangvu.audit.urls")),
    path("members/", include("dangvu.members.urls")),
    path("organizations/", include("dangvu.organizations.urls")),
    path("oversight/", include("dangvu.oversight.urls")),
    path("tasks/", include("dangvu.workplans.urls")),
    path("reports/", include("dangvu.reports.urls")),
    path("cadres/", include("dangvu.cadres.urls")),
    # The home page keeps its name `core:home`; it assembles every app's items, so it lives in reports.
    path("", include(([path("", home.home, name="home")], "core"))),
]
