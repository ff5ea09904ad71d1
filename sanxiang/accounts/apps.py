from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanxiang.accounts"
    label = "accounts"
    verbose_name = "accounts"

    def ready(self) -> None:
        from sanxiang.accounts import policies  # noqa: F401  (registers the lockout policy settings)
