from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.casefiles import views

app_name = "casefiles"
urlpatterns: list[URLPattern | URLResolver] = [
    path("verify/", views.verify_view, name="verify"),
    path("case/<id:pk>/archive/", views.archive_view, name="archive"),
    path("case/<id:pk>/package.zip", views.download_view, name="download"),
]
