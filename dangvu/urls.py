from django.urls import include, path
from django.views.i18n import set_language

from dangvu.core.api import api

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
    path("", include("dangvu.core.urls")),
]
