from django.apps import AppConfig


class LegalReviewConfig(AppConfig):
    name = "sanxiang.legal_review"
    label = "legal_review"
    verbose_name = "legal_review"
