from django.urls import path

from dangvu.workplans import views, views_forms

app_name = "workplans"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("accountability/", views.accountability, name="accountability"),
    path("inbox/", views.inbox, name="inbox"),
    path("new/", views_forms.task_create, name="task_create"),
    path("owners/", views_forms.owner_search, name="owner_search"),
    path("plans/new/", views_forms.plan_create, name="plan_create"),
    path("plans/<int:pk>/items/new/", views_forms.plan_item_create, name="plan_item_create"),
    path("plans/<int:pk>/targets/new/", views_forms.target_create, name="target_create"),
    path("targets/<int:pk>/report/", views_forms.target_report, name="target_report"),
    path("directives/new/", views_forms.directive_create, name="directive_create"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/reassign/", views_forms.reassign, name="reassign"),
    path("<int:pk>/progress/", views.quick_progress, name="progress"),
    path("<int:pk>/extension/", views.request_extension, name="extension"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("extensions/<int:pk>/decide/", views.decide_extension, name="decide"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/export.<str:fmt>", views.directive_export, name="directive_export"),
]
