from django.urls import URLPattern, URLResolver

app_name = "casefiles"
urlpatterns: list[URLPattern | URLResolver] = []
