from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zhibu.dashboard"
    label = "dashboard"
    verbose_name = "数据看板"
