from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.inbox import views

app_name = "inbox"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox_view, name="inbox"),
    path("<id:pk>/read/", views.read_view, name="read"),
]
