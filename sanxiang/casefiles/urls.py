from django.urls import URLPattern, URLResolver, path

from sanxiang.casefiles import views

app_name = "casefiles"
urlpatterns: list[URLPattern | URLResolver] = [
    path("verify/", views.verify_view, name="verify"),
    path("case/<int:pk>/archive/", views.archive_view, name="archive"),
    path("case/<int:pk>/package.zip", views.download_view, name="download"),
]
