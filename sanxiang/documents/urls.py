from django.urls import URLPattern, URLResolver, path

from sanxiang.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("case/<int:pk>/issue/", views.issue_view, name="issue"),
    path("doc/<int:pk>/pdf/", views.pdf_view, name="pdf"),
    path("doc/<int:pk>/docx/", views.docx_view, name="docx"),
    path("doc/<int:pk>/reissue/", views.reissue_view, name="reissue"),
    path("agency/<int:pk>/templates/", views.templates_view, name="templates"),
    path("agency/<int:pk>/templates/file/", views.template_file_view, name="template_file"),
]
