from django.urls import URLPattern, URLResolver, path

from sanxiang.evidence import views

app_name = "evidence"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:pk>/upload/", views.upload_view, name="upload"),
    path("case/<int:pk>/exemptions/", views.exemption_request_view, name="exemption_request"),
    path("exemptions/<int:pk>/approve/", views.exemption_approve_view, name="exemption_approve"),
    path("item/<int:pk>/", views.item_view, name="item"),
    path("item/<int:pk>/file/", views.file_view, name="file"),
    path("item/<int:pk>/thumbnail/", views.thumbnail_view, name="thumbnail"),
    path("item/<int:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("agency/<int:pk>/devices/", views.devices_view, name="devices"),
    path("device/<int:pk>/", views.device_view, name="device"),
]
