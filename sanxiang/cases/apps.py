from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sanxiang.cases"
    label = "cases"
    verbose_name = "cases"

    def ready(self) -> None:
        from sanxiang.cases import policies  # noqa: F401  (registers the cases' policy settings)
