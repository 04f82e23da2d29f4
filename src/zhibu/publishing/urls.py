from django.urls import path

from . import views, views_integrity, views_public

app_name = "publishing"
urlpatterns = [
    path("publishing/", views.index, name="index"),
    path("publishing/new/", views.article_create, name="article_create"),
    path("publishing/case/", views.case_writeup, name="case_writeup"),
    path("publishing/<int:article_id>/", views.article_detail, name="article_detail"),
    path("publishing/<int:article_id>/edit/", views.article_edit, name="article_edit"),
    path("publishing/<int:article_id>/submit/", views.article_submit, name="article_submit"),
    path("publishing/<int:article_id>/approve/", views.article_approve, name="article_approve"),
    path("publishing/<int:article_id>/return/", views.article_return, name="article_return"),
    path("publishing/<int:article_id>/withdraw/", views.article_withdraw, name="article_withdraw"),
    path("publishing/<int:article_id>/reopen/", views.article_reopen, name="article_reopen"),
    path("publishing/integrity/", views_integrity.integrity, name="integrity"),
    path("publishing/integrity/run/", views_integrity.integrity_run, name="integrity_run"),
    path(
        "publishing/integrity/restore/<int:article_id>/",
        views_integrity.integrity_restore,
        name="integrity_restore",
    ),
    path("news/", views_public.news, name="news"),
    path("news/feed.atom", views_public.feed, name="feed"),
    path("news/<int:article_id>/", views_public.news_detail, name="news_detail"),
    path("cases/", views_public.cases, name="cases"),
    path("cases/<int:case_id>/", views_public.case, name="case"),
]
