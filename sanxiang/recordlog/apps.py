from django.apps import AppConfig


class RecordlogConfig(AppConfig):
    name = "sanxiang.recordlog"
    label = "recordlog"
    verbose_name = "record log"
