from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.annual_reports import views, views_public

app_name = "annual_reports"

urlpatterns: list[URLPattern | URLResolver] = [
    # The public portal (no login).
    path("", views_public.index_view, name="index"),
    path("<id:pk>/<id:annual_year>/", views_public.public_report_view, name="public_report"),
    path("<id:pk>/<id:annual_year>.xlsx", views_public.public_excel_view, name="public_excel"),
    path("<id:pk>/<id:annual_year>.json", views_public.public_json_view, name="public_json"),
    # Staff.
    path("manage/", views.manage_view, name="manage"),
    path("manage/<id:pk>/<id:annual_year>/", views.report_view, name="report"),
    path("manage/<id:pk>/<id:annual_year>.xlsx", views.excel_view, name="excel"),
    *(
        path(f"manage/<id:pk>/<id:annual_year>/{name}/", views.step_view(name), name=name)
        for name in views.STEPS
    ),
]
