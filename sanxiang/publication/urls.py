from django.urls import URLPattern, URLResolver

app_name = "publication"
urlpatterns: list[URLPattern | URLResolver] = []
