from django.urls import path

from . import views, views_calendar, views_checkin, views_files, views_rows

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("meetings/calendar/", views_calendar.meeting_calendar, name="meeting_calendar"),
    path("meetings/trash/", views.meeting_trash, name="meeting_trash"),
    path("meetings/rows/agenda/", views_rows.agenda_row, name="agenda_row"),
    path("meetings/rows/guest/", views_rows.guest_row, name="guest_row"),
    path("meetings/rows/attendance/", views_rows.attendance_row, name="attendance_row"),
    path("meetings/rows/host/", views_rows.host_fields, name="host_fields"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/delete/", views.meeting_delete_view, name="meeting_delete"),
    path("meetings/<int:meeting_id>/restore/", views.meeting_restore_view, name="meeting_restore"),
    path("meetings/<int:meeting_id>/minutes.docx", views_files.meeting_export_docx, name="meeting_export"),
    path("meetings/<int:meeting_id>/attachments/", views_files.attachment_upload, name="attachment_upload"),
    path("meetings/<int:meeting_id>/attachments/<int:attachment_id>/", views_files.attachment_file,
         name="attachment_file"),
    path("meetings/<int:meeting_id>/attachments/<int:attachment_id>/remove/", views_files.attachment_remove,
         name="attachment_remove"),
    path("meetings/<int:meeting_id>/checkin/<str:token>/", views_checkin.checkin_view, name="checkin"),
]
