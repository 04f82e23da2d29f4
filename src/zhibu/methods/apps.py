from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "zhibu.methods"
    label = "methods"
    verbose_name = "工作法案例"

    def ready(self) -> None:
        # Meetings sit below methods, so methods may register them as evidence itself; later record apps
        # (cobuild, careers …) register their own types in their own ready().
        from .evidence_sources import register_meetings
        from .metrics import register as register_metrics

        register_meetings()
        register_metrics()
