from django.urls import path

from dangvu.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.deadlines, name="deadlines"),
    path("subjects/", views.subjects, name="subjects"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
    path("reviews/<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/done/", views.recommendation_done, name="recommendation_done"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation_status"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/decide/", views.decision_create, name="decision_create"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/appeal/", views.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
    path("<str:activity>/", views.reviews, name="reviews"),
    path("<str:activity>/new/", views.review_create, name="review_create"),
]
