from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "zhibu.ingest"
    label = "ingest"
    verbose_name = "报道导入"
