from django.urls import path

from dangvu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("second-factor/setup/", views.enrol, name="enrol"),
    path("second-factor/", views.verify, name="verify"),
    path("second-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("me/", views.account, name="account"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
