from django.urls import path

from dangvu.workplans.views import board, directives, extensions, mine, plans, tasks

app_name = "workplans"
urlpatterns = [
    path("", mine.mine, name="mine"),
    path("board/", board.board, name="board"),
    path("accountability/", board.accountability, name="accountability"),
    path("inbox/", mine.inbox, name="inbox"),
    path("new/", tasks.task_create, name="task_create"),
    path("owners/", tasks.owner_search, name="owner_search"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/items/new/", plans.plan_item_create, name="plan_item_create"),
    path("plans/<int:pk>/targets/new/", plans.target_create, name="target_create"),
    path("targets/<int:pk>/report/", plans.target_report, name="target_report"),
    path("directives/new/", directives.directive_create, name="directive_create"),
    path("<int:pk>/", tasks.task_detail, name="task"),
    path("<int:pk>/reassign/", tasks.reassign, name="reassign"),
    path("<int:pk>/progress/", mine.quick_progress, name="progress"),
    path("<int:pk>/extension/", extensions.request_extension, name="extension"),
    path("<int:pk>/cancel/", tasks.cancel, name="cancel"),
    path("extensions/<int:pk>/decide/", extensions.decide_extension, name="decide"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("directives/<int:pk>/", directives.directive_detail, name="directive"),
    path("directives/<int:pk>/export.<str:fmt>", directives.directive_export, name="directive_export"),
]
