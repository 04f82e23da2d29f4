from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "zhibu.publishing"
    label = "publishing"
    verbose_name = "宣传发布"

    def ready(self) -> None:
        from .metrics import register

        register()
