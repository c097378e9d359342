from django.urls import path

from dangvu.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.coverage, name="coverage"),
]
