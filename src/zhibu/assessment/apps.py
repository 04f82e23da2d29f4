from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zhibu.assessment"
    label = "assessment"
    verbose_name = "党员考评"

    def ready(self) -> None:
        from . import evidence, metrics

        metrics.register()
        evidence.register()
