from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<id:pk>/issue/", views.issue_view, name="issue"),
    path("doc/<id:pk>/pdf/", views.pdf_view, name="pdf"),
    path("doc/<id:pk>/docx/", views.docx_view, name="docx"),
    path("doc/<id:pk>/reissue/", views.reissue_view, name="reissue"),
    path("agency/<id:pk>/templates/", views.templates_view, name="templates"),
    path("agency/<id:pk>/templates/file/", views.template_file_view, name="template_file"),
]
