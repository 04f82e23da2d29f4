from django.urls import path

from . import views, views_backups, views_inbox

app_name = "core"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/badge/", views_inbox.inbox_badge, name="inbox_badge"),
    path("inbox/read/", views_inbox.inbox_read, name="inbox_read"),
    path("backups/", views_backups.backups, name="backups"),
    path("backups/new/", views_backups.backup_create, name="backup_create"),
    path("backups/<str:name>", views_backups.backup_download, name="backup_download"),
]
