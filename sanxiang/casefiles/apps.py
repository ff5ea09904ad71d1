from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "sanxiang.casefiles"
    label = "casefiles"
    verbose_name = "casefiles"

    def ready(self) -> None:
        from sanxiang.casefiles.views import case_panel
        from sanxiang.cases import hooks

        hooks.register_case_panel(case_panel)
