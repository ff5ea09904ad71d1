from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.evidence import views

app_name = "evidence"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<id:pk>/upload/", views.upload_view, name="upload"),
    path("case/<id:pk>/exemptions/", views.exemption_request_view, name="exemption_request"),
    path("exemptions/<id:pk>/approve/", views.exemption_approve_view, name="exemption_approve"),
    path("item/<id:pk>/", views.item_view, name="item"),
    path("item/<id:pk>/file/", views.file_view, name="file"),
    path("item/<id:pk>/thumbnail/", views.thumbnail_view, name="thumbnail"),
    path("item/<id:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("agency/<id:pk>/devices/", views.devices_view, name="devices"),
    path("device/<id:pk>/", views.device_view, name="device"),
]
