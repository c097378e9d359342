from django.urls import path

from dangvu.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.deadlines, name="deadlines"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("recommendations/<int:pk>/done/", views.recommendation_done, name="recommendation_done"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("<str:activity>/", views.reviews, name="reviews"),
]
