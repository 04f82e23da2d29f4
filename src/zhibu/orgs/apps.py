from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhibu.orgs"
    label = "orgs"
    verbose_name = "组织与党员"

    def ready(self) -> None:
        from .metrics import register as register_metrics

        register_metrics()
