from django.urls import path

from . import views, views_cases, views_flow, views_public

app_name = "methods"
urlpatterns = [
    path("methods/", views.workbench, name="workbench"),
    path("methods/new/", views.method_create, name="method_create"),
    path("methods/formula/", views.formula_parse, name="formula_parse"),
    path("methods/<int:method_id>/", views.method_detail, name="method_detail"),
    path("methods/<int:method_id>/edit/", views.method_edit, name="method_edit"),
    path("methods/<int:method_id>/history/", views.method_history, name="method_history"),
    path("methods/<int:method_id>/delete/", views.method_delete, name="method_delete"),
    path("methods/cases/new/", views_cases.case_create, name="case_create"),
    path("methods/cases/<int:case_id>/", views_cases.case_detail, name="case_detail"),
    path("methods/cases/<int:case_id>/edit/", views_cases.case_edit, name="case_edit"),
    path("methods/cases/<int:case_id>/autosave/", views_cases.case_autosave, name="case_autosave"),
    path("methods/cases/<int:case_id>/history/", views_cases.case_history, name="case_history"),
    path("methods/cases/<int:case_id>/delete/", views_cases.case_delete, name="case_delete"),
    path("methods/cases/<int:case_id>/media/", views_cases.case_media_add, name="case_media_add"),
    path("methods/cases/<int:case_id>/media/<int:media_id>/", views_cases.case_media_file, name="case_media_file"),
    path("methods/cases/<int:case_id>/media/<int:media_id>/remove/", views_cases.case_media_remove,
         name="case_media_remove"),
    path("methods/cases/<int:case_id>/research/", views_flow.case_research, name="case_research"),
    path("methods/cases/<int:case_id>/research/new/", views_flow.case_research_new, name="case_research_new"),
    path("methods/cases/<int:case_id>/review/", views_flow.case_review, name="case_review"),
    path("methods/cases/<int:case_id>/adopt/", views_flow.case_adopt, name="case_adopt"),
    path("methods/cases/<int:case_id>/adoptions/<int:adoption_id>/", views_flow.adoption_outcomes,
         name="adoption_outcomes"),
    path("methods/cases/<int:case_id>/case.docx", views_flow.case_export, name="case_export"),
    path("methods/cases/<int:case_id>/review.docx", views_flow.review_export, name="review_export"),
    path("methods/cases/<int:case_id>/<str:step>/", views_flow.case_step, name="case_step"),
    path("methods/library/", views_public.library, name="library"),
    path("methods/library/<int:case_id>/", views_public.library_case, name="library_case"),
]
