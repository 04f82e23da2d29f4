from django.urls import path

from . import views, views_roles, views_roster

app_name = "orgs"
urlpatterns = [
    path("orgs/", views.org_tree, name="org_tree"),
    path("orgs/<str:code>/", views.org_detail, name="org_detail"),
    path("orgs/<str:code>/children/", views.org_children_partial, name="org_children"),
    path("orgs/<str:code>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<str:code>/new-child/", views.org_create_child, name="org_create_child"),
    path("orgs/<str:code>/honours/", views.honour_create, name="honour_create"),
    path("orgs/<str:code>/history/", views.org_history, name="org_history"),
    path("orgs/<str:code>/delete/", views.org_delete_view, name="org_delete"),
    path("orgs/<str:code>/restore/", views.org_restore_view, name="org_restore"),
    path("orgs/<str:code>/roles/", views_roles.org_roles, name="org_roles"),
    path("orgs/<str:code>/roles/<int:role_id>/revoke/", views_roles.role_revoke_view, name="role_revoke"),
    path("orgs/<str:code>/positions/new/", views_roles.position_create, name="position_create"),
    path("orgs/<str:code>/positions/<int:position_id>/end/", views_roles.position_end_view, name="position_end"),
    path("members/", views.member_list, name="member_list"),
    path("members/new/", views.member_create_view, name="member_create"),
    path("members/trash/", views.member_trash, name="member_trash"),
    path("members/<int:member_id>/", views.member_detail, name="member_detail"),
    path("members/<int:member_id>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:member_id>/transfer/", views.member_transfer_view, name="member_transfer"),
    path("members/<int:member_id>/delete/", views.member_delete_view, name="member_delete"),
    path("members/<int:member_id>/restore/", views.member_restore_view, name="member_restore"),
    path("members/roster/template.xlsx", views_roster.roster_template, name="roster_template"),
    path("members/roster/import/", views_roster.roster_import, name="roster_import"),
    path("members/roster/import/<str:token>/", views_roster.roster_preview, name="roster_preview"),
    path("members/roster/export.xlsx", views_roster.roster_export, name="roster_export"),
]
