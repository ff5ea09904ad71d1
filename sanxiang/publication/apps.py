from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "sanxiang.publication"
    label = "publication"
    verbose_name = "publication"

    def ready(self) -> None:
        from sanxiang.cases import hooks
        from sanxiang.publication import (
            actions,
            policies,  # noqa: F401  (registers the publication policy settings)
            withdrawal_tasks,
        )

        # A decision (penalty, inspection result) opens its publication record in the act's transaction.
        hooks.register_after_act(actions.on_decision)
        # A decision changed, revoked, confirmed illegal or void opens its withdrawal task.
        hooks.register_after_act(withdrawal_tasks.on_decision_change)
