from django.urls import path

from dangvu.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("restructure/", views.restructure, name="restructure"),
    path("<str:code>/", views.detail, name="detail"),
]
