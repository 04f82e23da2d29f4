from django.urls import path

from . import views, views_edit, views_parcels, views_registrations

app_name = "gradmail"
urlpatterns = [
    path("gradmail/", views.index, name="index"),
    path("gradmail/new/", views.campaign_create, name="campaign_create"),
    path("gradmail/mine/", views_registrations.mine, name="mine"),
    path("gradmail/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("gradmail/campaigns/<int:campaign_id>/assign/", views.assignment_run, name="assignment_run"),
    path("gradmail/campaigns/<int:campaign_id>/assign/progress/", views.assignment_progress,
         name="assignment_progress"),
    path("gradmail/campaigns/<int:campaign_id>/shifts/new/", views.shifts_create, name="shifts_create"),
    path("gradmail/campaigns/<int:campaign_id>/registrations/", views_registrations.registration_list,
         name="registration_list"),
    path("gradmail/campaigns/<int:campaign_id>/registrations/new/", views_registrations.registration_create,
         name="registration_create"),
    path("gradmail/campaigns/<int:campaign_id>/desk/", views_parcels.parcel_desk, name="parcel_desk"),
    path("gradmail/campaigns/<int:campaign_id>/pickup.xlsx", views_parcels.pickup_list, name="pickup_list"),
    path("gradmail/shifts/<int:shift_id>/", views.shift_detail, name="shift_detail"),
    path("gradmail/shifts/<int:shift_id>/signup/", views.shift_signup, name="shift_signup"),
    path("gradmail/signups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("gradmail/registrations/<int:registration_id>/", views_registrations.registration_detail,
         name="registration_detail"),
    path("gradmail/registrations/<int:registration_id>/cancel/", views_registrations.registration_cancel,
         name="registration_cancel"),
    path("gradmail/registrations/<int:registration_id>/pack/", views_registrations.registration_pack,
         name="registration_pack"),
    path("gradmail/registrations/<int:registration_id>/edit/", views_edit.registration_edit,
         name="registration_edit"),
    path("gradmail/registrations/<int:registration_id>/restore/", views_edit.registration_restore,
         name="registration_restore"),
    path("gradmail/shifts/<int:shift_id>/edit/", views_edit.shift_edit, name="shift_edit"),
    path("gradmail/shifts/<int:shift_id>/delete/", views_edit.shift_delete, name="shift_delete"),
    path("gradmail/shifts/<int:shift_id>/restore/", views_edit.shift_restore, name="shift_restore"),
    path("gradmail/campaigns/<int:campaign_id>/trash/", views_edit.campaign_trash, name="campaign_trash"),
    path("gradmail/parcels/<int:parcel_id>/status/", views_parcels.parcel_status, name="parcel_status"),
]

# A graduate's own login reaches only these; every other page sends them to 我的毕业寄 (or is a 404 on POST).
GRADUATE_PAGES = {"mine", "registration_create", "registration_detail", "registration_cancel", "registration_edit"}
for _pattern in urlpatterns:
    if _pattern.name not in GRADUATE_PAGES:
        _pattern.callback = views_edit.not_for_graduates(_pattern.callback)
