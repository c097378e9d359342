from django.urls import path

from dangvu.oversight.views import deadlines, discipline, picker, programmes, recommendations, reviews

app_name = "oversight"
urlpatterns = [
    path("", deadlines.deadlines, name="deadlines"),
    path("subjects/", picker.subjects, name="subjects"),
    path("programmes/", programmes.programmes, name="programmes"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme, name="programme"),
    path("programmes/<int:pk>/items/new/", programmes.item_create, name="item_create"),
    path("items/<int:pk>/edit/", programmes.item_edit, name="item_edit"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/conclude/", reviews.review_conclude, name="review_conclude"),
    path(
        "reviews/<int:pk>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation_create",
    ),
    path("recommendations/<int:pk>/done/", recommendations.recommendation_done, name="recommendation_done"),
    path(
        "recommendations/<int:pk>/status/",
        recommendations.recommendation_status,
        name="recommendation_status",
    ),
    path("cases/", discipline.cases, name="cases"),
    path("cases/new/", discipline.case_create, name="case_create"),
    path("cases/<int:pk>/", discipline.case, name="case"),
    path("cases/<int:pk>/decide/", discipline.decision_create, name="decision_create"),
    path("cases/<int:pk>/close/", discipline.case_close, name="case_close"),
    path("decisions/<int:pk>/", discipline.decision, name="decision"),
    path("decisions/<int:pk>/appeal/", discipline.appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/decide/", discipline.appeal_decide, name="appeal_decide"),
    path("<str:activity>/", reviews.reviews, name="reviews"),
    path("<str:activity>/new/", reviews.review_create, name="review_create"),
]
