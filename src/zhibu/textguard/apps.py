from django.apps import AppConfig


class TextguardConfig(AppConfig):
    name = "zhibu.textguard"
    label = "textguard"
    verbose_name = "文本防护"
