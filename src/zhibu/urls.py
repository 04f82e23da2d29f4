from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .api import api
from .core.login import LoginView
from .orgs import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("", include("zhibu.core.urls")),
    path("", include("zhibu.orgs.urls")),
    path("", include("zhibu.meetings.urls")),
    path("", include("zhibu.meetings.urls_compliance")),
    path("", include("zhibu.cobuild.urls")),
    path("", include("zhibu.integration.urls")),
    path("", include("zhibu.careers.urls")),
    path("", include("zhibu.gradmail.urls")),
    path("", include("zhibu.methods.urls")),
    path("", include("zhibu.assessment.urls")),
    path("", include("zhibu.strengths.urls")),
    path("", include("zhibu.publishing.urls")),
    path("", include("zhibu.ingest.urls")),
    path("", include("zhibu.dashboard.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]
