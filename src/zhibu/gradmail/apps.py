from django.apps import AppConfig


class GradmailConfig(AppConfig):
    name = "zhibu.gradmail"
    label = "gradmail"
    verbose_name = "毕业寄"

    def ready(self) -> None:
        from .registry import register

        register()
