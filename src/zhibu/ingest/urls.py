from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("ingest/", views.index, name="index"),
    path("ingest/confirm/", views.confirm, name="confirm"),
]
