from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhibu.meetings"
    label = "meetings"
    verbose_name = "组织生活与标准化"

    def ready(self) -> None:
        from .metrics import register as register_metrics

        register_metrics()
