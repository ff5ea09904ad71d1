from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sanxiang.jobs"
    label = "jobs"
    verbose_name = "jobs"
