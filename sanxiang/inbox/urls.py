from django.urls import URLPattern, URLResolver, path

from sanxiang.inbox import views

app_name = "inbox"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/read/", views.read_view, name="read"),
]
