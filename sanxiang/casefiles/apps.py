from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "sanxiang.casefiles"
    label = "casefiles"
    verbose_name = "casefiles"
