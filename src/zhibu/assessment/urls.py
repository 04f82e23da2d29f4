from django.urls import path

from . import views, views_appraisal, views_points

app_name = "assessment"
urlpatterns = [
    path("assessment/", views.index, name="index"),
    path("assessment/pledge/", views.pledge, name="pledge"),
    path("assessment/rules/", views_points.rules, name="rules"),
    path("assessment/deeds/new/", views.deed_create, name="deed_create"),
    path("assessment/deeds/<int:deed_id>/", views.deed_detail, name="deed_detail"),
    path("assessment/deeds/<int:deed_id>/confirm/", views.deed_confirm, name="deed_confirm"),
    path("assessment/deeds/<int:deed_id>/evidence/", views.deed_evidence, name="deed_evidence"),
    path("assessment/c/<str:token>/", views.deed_confirm_link, name="deed_confirm_link"),
    path("assessment/points/<int:member_id>/", views_points.ledger, name="ledger"),
    path("assessment/orgs/<str:code>/", views.org_overview, name="org_overview"),
    path("assessment/orgs/<str:code>/sync/", views.org_sync, name="org_sync"),
    path("assessment/orgs/<str:code>/ranking/", views_points.ranking, name="ranking"),
    path("assessment/orgs/<str:code>/ranking.xlsx", views_points.ranking_export, name="ranking_export"),
    path("assessment/orgs/<str:code>/appraisals/", views_appraisal.appraisal_list, name="appraisal_list"),
    path("assessment/appraisals/<int:appraisal_id>/", views_appraisal.appraisal_detail, name="appraisal_detail"),
    path("assessment/appraisals/<int:appraisal_id>/vote/", views_appraisal.appraisal_vote, name="appraisal_vote"),
    path("assessment/appraisals/<int:appraisal_id>/self/", views_appraisal.appraisal_self, name="appraisal_self"),
    path("assessment/appraisals/<int:appraisal_id>/close/", views_appraisal.appraisal_close, name="appraisal_close"),
    path("assessment/appraisals/<int:appraisal_id>/decide/", views_appraisal.appraisal_decide,
         name="appraisal_decide"),
    path("assessment/appraisals/<int:appraisal_id>/results.xlsx", views_appraisal.appraisal_export,
         name="appraisal_export"),
]
