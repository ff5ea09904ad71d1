from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sanxiang.documents"
    label = "documents"
    verbose_name = "documents"

    def ready(self) -> None:
        from sanxiang.cases import hooks
        from sanxiang.documents import (
            policies,  # noqa: F401  (registers the documents' policy settings)
            queries,
            views,
        )

        # An issued, not superseded document counts as the record it stands for when the engine
        # checks a case's file (e.g. at closing); the case page shows the documents panel.
        hooks.register_record_source(queries.current_records)
        hooks.register_case_panel(views.case_panel)
