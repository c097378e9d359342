from django.urls import path

from dangvu.members import views, views_export, views_import

app_name = "members"
urlpatterns = [
    path("import/", views_import.import_form, name="import"),
    path("import/<int:pk>/", views_import.import_job, name="import_job"),
    path("import/<int:pk>/status/", views_import.import_job_status, name="import_job_status"),
    path("export/<str:fmt>/", views_export.export_file, name="export"),
    path("print/", views_export.print_list, name="print"),
    path("", views.member_list, name="list"),
    path("new/admission/", views.admit, name="admit"),
    path("new/registration/", views.register_existing, name="register"),
    path("<str:code>/", views.member_detail, name="detail"),
    path("<str:code>/events/", views.event_form, name="event_form"),
]
