from django.urls import path

from dangvu.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("<int:seq>/", views.entry, name="entry"),
]
