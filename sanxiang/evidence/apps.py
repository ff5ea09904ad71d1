from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "sanxiang.evidence"
    label = "evidence"
    verbose_name = "evidence"
