from django.urls import path

from . import views, views_config, views_plans

app_name = "strengths"
urlpatterns = [
    path("strengths/", views.index, name="index"),
    path("strengths/indicators/", views_config.indicator_list, name="indicators"),
    path("strengths/indicators/history/", views_config.indicator_history, name="indicator_history"),
    path("strengths/orgs/<str:code>/ranking.xlsx", views.ranking_export, name="ranking_export"),
    path("strengths/orgs/<str:code>/benchmark/", views_config.benchmark_view, name="benchmark"),
    path("strengths/orgs/<str:code>/benchmark/edit/", views_config.standard_edit, name="standard_edit"),
    path("strengths/branches/<str:code>/", views.branch_detail, name="branch"),
    path("strengths/branches/<str:code>/report.docx", views.report_export, name="report_export"),
    path("strengths/branches/<str:code>/indicators/<slug:indicator>/", views.drill, name="drill"),
    path("strengths/branches/<str:code>/adjustments/", views_plans.adjustment_add, name="adjustment_add"),
    path("strengths/adjustments/<int:adjustment_id>/remove/", views_plans.adjustment_remove, name="adjustment_remove"),
    path("strengths/branches/<str:code>/discipline/", views_plans.discipline_add, name="discipline_add"),
    path("strengths/branches/<str:code>/plans/<int:year>/", views_plans.plan_detail, name="plan"),
    path("strengths/branches/<str:code>/plans/<int:year>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("strengths/branches/<str:code>/plans/<int:year>/review/", views_plans.plan_review, name="plan_review"),
]
