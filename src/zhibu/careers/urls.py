from django.urls import path

from . import views, views_edit, views_graduates, views_jobs, views_visits

app_name = "careers"
urlpatterns = [
    path("careers/", views.index, name="index"),
    path("careers/targets/", views.target_set, name="target_set"),
    path("careers/last-mile/", views.last_mile, name="last_mile"),
    path("careers/employers/", views_visits.employer_list, name="employers"),
    path("careers/employers/new/", views_visits.employer_create, name="employer_create"),
    path("careers/employers/<int:employer_id>/", views_visits.employer_detail, name="employer_detail"),
    path("careers/visits/", views_visits.visit_list, name="visits"),
    path("careers/visits/new/", views_visits.visit_create, name="visit_create"),
    path("careers/visits/<int:visit_id>/", views_visits.visit_detail, name="visit_detail"),
    path("careers/visits/<int:visit_id>/follow-ups/", views_visits.follow_up_add, name="follow_up_add"),
    path("careers/follow-ups/<int:follow_up_id>/done/", views_visits.follow_up_done, name="follow_up_done"),
    path("careers/jobs/", views_jobs.job_list, name="jobs"),
    path("careers/jobs/new/", views_jobs.job_create, name="job_create"),
    path("careers/jobs/<int:job_id>/", views_jobs.job_detail, name="job_detail"),
    path("careers/jobs/<int:job_id>/status/", views_jobs.job_close, name="job_status"),
    path("careers/graduates/", views_graduates.graduate_list, name="graduates"),
    path("careers/graduates/new/", views_graduates.graduate_create, name="graduate_create"),
    path("careers/graduates/import/", views_graduates.graduate_import, name="graduate_import"),
    path("careers/graduates/template.xlsx", views_graduates.graduate_template, name="graduate_template"),
    path("careers/graduates/<int:graduate_id>/", views_graduates.graduate_detail, name="graduate_detail"),
    path("careers/graduates/<int:graduate_id>/status/", views_graduates.graduate_status, name="graduate_status"),
    path("careers/graduates/<int:graduate_id>/helper/", views_graduates.graduate_helper, name="graduate_helper"),
    path("careers/graduates/<int:graduate_id>/contacts/", views_graduates.graduate_contact, name="graduate_contact"),
    path("careers/graduates/<int:graduate_id>/recommend/<int:job_id>/", views_jobs.recommend, name="recommend"),
    path("careers/trash/", views_edit.trash, name="trash"),
    path("careers/last-mile/export.xlsx", views_edit.last_mile_export, name="last_mile_export"),
    path("careers/visits/<int:visit_id>/edit/", views_edit.visit_edit, name="visit_edit"),
    path("careers/visits/<int:visit_id>/delete/", views_edit.visit_delete, name="visit_delete"),
    path("careers/visits/<int:visit_id>/restore/", views_edit.visit_restore, name="visit_restore"),
    path("careers/follow-ups/<int:follow_up_id>/edit/", views_edit.follow_up_edit, name="follow_up_edit"),
    path("careers/jobs/<int:job_id>/edit/", views_edit.job_edit, name="job_edit"),
    path("careers/jobs/<int:job_id>/delete/", views_edit.job_delete, name="job_delete"),
    path("careers/jobs/<int:job_id>/restore/", views_edit.job_restore, name="job_restore"),
    path("careers/graduates/<int:graduate_id>/edit/", views_edit.graduate_edit, name="graduate_edit"),
    path("careers/graduates/<int:graduate_id>/delete/", views_edit.graduate_delete, name="graduate_delete"),
    path("careers/graduates/<int:graduate_id>/restore/", views_edit.graduate_restore, name="graduate_restore"),
    path("careers/recommendations/<int:recommendation_id>/outcome/", views_jobs.recommendation_outcome,
         name="recommendation_outcome"),
]

# A graduate's own login sees nothing of the school's careers work (see views.not_for_graduates).
for _pattern in urlpatterns:
    _pattern.callback = views.not_for_graduates(_pattern.callback)
