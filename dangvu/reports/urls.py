from django.urls import path

from dangvu.reports import rules_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("rules/", rules_views.rules_in_force, name="rules"),
    path("documents/<int:pk>/", views.issued_file, name="issued_file"),
    path("<str:code>/", views.dashboard_view, name="dashboard"),
    path("<str:code>/annual/", views.annual_view, name="annual"),
    path("<str:code>/annual/issue/", views.issue, name="issue"),
    path("<str:code>/annual/<str:fmt>/", views.annual_file, name="annual_file"),
    path("<str:code>/register/", views.register_view, name="register"),
]
