from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "sanxiang.inbox"
    label = "inbox"
    verbose_name = "inbox"
