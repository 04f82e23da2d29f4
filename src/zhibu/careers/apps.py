from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "zhibu.careers"
    label = "careers"
    verbose_name = "就业与访企拓岗"

    def ready(self) -> None:
        from . import deeds, evidence, metrics

        evidence.register()
        metrics.register()
        deeds.register()
