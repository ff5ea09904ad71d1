from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sanxiang.catalog"
    label = "catalog"
    verbose_name = "catalog"

    def ready(self) -> None:
        from sanxiang.catalog import policies  # noqa: F401  (registers the catalog's policy settings)
