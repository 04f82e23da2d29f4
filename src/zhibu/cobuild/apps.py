from django.apps import AppConfig


class CobuildConfig(AppConfig):
    name = "zhibu.cobuild"
    label = "cobuild"
    verbose_name = "支部共建"

    def ready(self) -> None:
        from .evidence import register
        from .metrics import register as register_metrics

        register()
        register_metrics()
