from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.dashboard_index, name="index"),
    path("dashboard/<str:code>/", views.dashboard_scope, name="scope"),
    path("dashboard/<str:code>/screen/", views.dashboard_screen, name="screen"),
]
