from django.apps import AppConfig


class RecordlogConfig(AppConfig):
    name = "sanxiang.recordlog"
    label = "recordlog"
    verbose_name = "record log"

    def ready(self) -> None:
        from sanxiang.recordlog import policies

        assert policies.UNSIGNED_TAIL_MARGIN_MINUTES  # registers the policy setting
