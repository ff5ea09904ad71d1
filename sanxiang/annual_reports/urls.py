from django.urls import URLPattern, URLResolver, path

from sanxiang.annual_reports import views, views_public

app_name = "annual_reports"

urlpatterns: list[URLPattern | URLResolver] = [
    # The public portal (no login).
    path("", views_public.index_view, name="index"),
    path("<int:pk>/<int:annual_year>/", views_public.public_report_view, name="public_report"),
    path("<int:pk>/<int:annual_year>.xlsx", views_public.public_excel_view, name="public_excel"),
    path("<int:pk>/<int:annual_year>.json", views_public.public_json_view, name="public_json"),
    # Staff.
    path("manage/", views.manage_view, name="manage"),
    path("manage/<int:pk>/<int:annual_year>/", views.report_view, name="report"),
    path("manage/<int:pk>/<int:annual_year>.xlsx", views.excel_view, name="excel"),
    *(
        path(f"manage/<int:pk>/<int:annual_year>/{name}/", views.step_view(name), name=name)
        for name in views.STEPS
    ),
]
