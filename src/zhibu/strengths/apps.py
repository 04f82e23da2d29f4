from django.apps import AppConfig


class StrengthsConfig(AppConfig):
    name = "zhibu.strengths"
    label = "strengths"
    verbose_name = "支部评估"

    def ready(self) -> None:
        from .evidence import register

        register()
