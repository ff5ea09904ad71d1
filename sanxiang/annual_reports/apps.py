from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "sanxiang.annual_reports"
    label = "annual_reports"
    verbose_name = "annual reports"
