from django.urls import path

from . import views_compliance as views

app_name = "compliance"
urlpatterns = [
    path("compliance/", views.compliance_index, name="index"),
    path("compliance/warnings/", views.compliance_warnings, name="warnings"),
    path("compliance/orgs/<str:code>/", views.compliance_report, name="report"),
    path("compliance/orgs/<str:code>/export.xlsx", views.compliance_export, name="export"),
    path("compliance/orgs/<str:code>/month/<int:year>/<int:month>/", views.compliance_month, name="month"),
    path("compliance/rules/", views.rule_list, name="rule_list"),
    path("compliance/rules/new/", views.rule_create, name="rule_create"),
    path("compliance/rules/<slug:code>/edit/", views.rule_edit, name="rule_edit"),
    path("compliance/rules/<slug:code>/history/", views.rule_history, name="rule_history"),
]
