from django.urls import path

from . import views, views_registry

app_name = "cobuild"
urlpatterns = [
    path("cobuild/", views.cobuild_home, name="index"),
    path("cobuild/orgs/<str:code>/", views.org_overview, name="org_overview"),
    path("cobuild/orgs/<str:code>/partnerships/new/", views.partnership_create, name="partnership_create"),
    path("cobuild/orgs/<str:code>/majors/new/", views_registry.major_create, name="major_create"),
    path("cobuild/partnerships/<int:partnership_id>/", views.partnership_detail, name="partnership_detail"),
    path("cobuild/partnerships/<int:partnership_id>/edit/", views.partnership_edit, name="partnership_edit"),
    path("cobuild/partnerships/<int:partnership_id>/delete/", views.partnership_delete, name="partnership_delete"),
    path("cobuild/partnerships/<int:partnership_id>/activities/new/", views.activity_create, name="activity_create"),
    path("cobuild/partnerships/<int:partnership_id>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("cobuild/partnerships/<int:partnership_id>/files/<int:file_id>/", views.stored_file, name="stored_file"),
    path("cobuild/outcomes/<int:outcome_id>/delete/", views.outcome_delete, name="outcome_delete"),
    path("cobuild/majors/", views_registry.major_list, name="major_list"),
    path("cobuild/majors/<int:major_id>/", views_registry.major_detail, name="major_detail"),
    path("cobuild/majors/<int:major_id>/branches/", views_registry.major_link_branch, name="major_link_branch"),
    path("cobuild/units/", views_registry.unit_list, name="unit_list"),
    path("cobuild/units/options/", views_registry.unit_options, name="unit_options"),
    path("cobuild/units/new/", views_registry.unit_create, name="unit_create"),
    path("cobuild/units/<int:unit_id>/", views_registry.unit_detail, name="unit_detail"),
]
