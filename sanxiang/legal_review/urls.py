from django.urls import URLPattern, URLResolver

app_name = "legal_review"
urlpatterns: list[URLPattern | URLResolver] = []
