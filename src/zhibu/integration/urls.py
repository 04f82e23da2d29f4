from django.urls import path

from . import views, views_courses

app_name = "integration"
urlpatterns = [
    path("integration/orgs/<str:code>/", views.org_overview, name="org_overview"),
    path("integration/orgs/<str:code>/work-items/new/", views.work_item_create, name="work_item_create"),
    path("integration/orgs/<str:code>/student-activities/new/", views.student_activity_create,
         name="student_activity_create"),
    path("integration/orgs/<str:code>/courses/", views_courses.course_list, name="course_list"),
    path("integration/orgs/<str:code>/courses/new/", views_courses.course_create, name="course_create"),
    path("integration/work-items/<int:work_item_id>/", views.work_item_detail, name="work_item_detail"),
    path("integration/courses/<int:course_id>/", views_courses.course_detail, name="course_detail"),
    path("integration/courses/<int:course_id>/edit/", views_courses.course_edit, name="course_edit"),
    path("integration/courses/import/", views_courses.course_import, name="course_import"),
    path("integration/courses/template.xlsx", views_courses.course_template, name="course_template"),
]
