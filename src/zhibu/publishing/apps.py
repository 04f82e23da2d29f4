from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "zhibu.publishing"
    label = "publishing"
    verbose_name = "宣传发布"
