from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def _correct_decision_numbers(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After ``migrate``: items published with the case's filing number as 决定书文号 are corrected
    through a public new version. This is the data migration of that fault, run as the live action
    rather than a ``RunPython`` step: the correction must append to the record log and the outbox
    through their APIs, which a migration's historical models cannot call safely once the models
    change later. It is idempotent (a corrected item no longer matches), so it runs on every migrate;
    ``sanxiang publication correct-numbers`` runs it on demand and lists what it could not correct."""
    if using != DEFAULT_DB_ALIAS:
        return
    # post_migrate is sent after every migrate, also one that migrates a single other app
    # (`sanxiang migrate workdays`) before publication's tables exist.
    tables = set(connections[using].introspection.table_names())
    if not {"publication_record", "documents_document", "recordlog_entry"} <= tables:
        return
    from sanxiang.publication import decision_number

    decision_number.correct_published_numbers()


class PublicationConfig(AppConfig):
    name = "sanxiang.publication"
    label = "publication"
    verbose_name = "publication"

    def ready(self) -> None:
        from sanxiang.cases import hooks
        from sanxiang.documents import actions as documents
        from sanxiang.publication import (
            actions,
            decision_number,
            policies,  # noqa: F401  (registers the publication policy settings)
            withdrawal_tasks,
        )

        # A decision (penalty, inspection result) opens its publication record in the act's transaction.
        hooks.register_after_act(actions.on_decision)
        # A decision changed, revoked, confirmed illegal or void opens its withdrawal task.
        hooks.register_after_act(withdrawal_tasks.on_decision_change)
        # The decision document issued after the decision fills its number into the record.
        documents.register_after_issue(decision_number.on_document_issued)
        post_migrate.connect(
            _correct_decision_numbers, sender=self, dispatch_uid="publication.correct_decision_numbers"
        )
