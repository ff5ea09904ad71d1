from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "sanxiang.publication"
    label = "publication"
    verbose_name = "publication"
