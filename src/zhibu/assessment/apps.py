from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zhibu.assessment"
    label = "assessment"
    verbose_name = "党员考评"
