from django.urls import URLPattern, URLResolver

app_name = "annual_reports"

urlpatterns: list[URLPattern | URLResolver] = []
