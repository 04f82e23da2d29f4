from django.urls import path

from . import views, views_inbox

app_name = "core"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/badge/", views_inbox.inbox_badge, name="inbox_badge"),
    path("inbox/read/", views_inbox.inbox_read, name="inbox_read"),
]
