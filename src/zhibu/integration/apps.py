from django.apps import AppConfig


class IntegrationConfig(AppConfig):
    name = "zhibu.integration"
    label = "integration"
    verbose_name = "党建与业务融合"

    def ready(self) -> None:
        from .evidence import register
        from .metrics import register as register_metrics

        register()
        register_metrics()
