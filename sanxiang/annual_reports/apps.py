from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "sanxiang.annual_reports"
    label = "annual_reports"
    verbose_name = "annual reports"

    def ready(self) -> None:
        from sanxiang.annual_reports import policies  # noqa: F401  (registers the policy settings)
