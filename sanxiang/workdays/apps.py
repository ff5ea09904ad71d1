from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkdaysConfig(AppConfig):
    name = "sanxiang.workdays"
    label = "workdays"
    verbose_name = "working-day calendar"

    def ready(self) -> None:
        from sanxiang.workdays import policies  # noqa: F401  (registers the calendar's policy settings)

        post_migrate.connect(_seed_after_migrate, sender=self, dispatch_uid="workdays.seed")


def _seed_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Put back the days chinesecalendar knows when they are missing: after ``flush`` (the test
    runner empties every table after each transactional test, and emits post_migrate) and after a
    chinesecalendar upgrade that knows a new year. Never overwrites a stored day."""
    from sanxiang.workdays import seeding

    seeding.seed_if_needed(using=using)
