from django.urls import path

from dangvu.workplans import views

app_name = "workplans"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("accountability/", views.accountability, name="accountability"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/progress/", views.quick_progress, name="progress"),
    path("<int:pk>/extension/", views.request_extension, name="extension"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("extensions/<int:pk>/decide/", views.decide_extension, name="decide"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/export.<str:fmt>", views.directive_export, name="directive_export"),
]
