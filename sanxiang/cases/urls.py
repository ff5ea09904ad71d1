from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_new_view, name="new"),
    path("<id:pk>/", views.case_view, name="case"),
    path("<id:pk>/act/<slug:act>/", views.case_act_view, name="act"),
    path("<id:pk>/parties/", views.party_add_view, name="party_add"),
    path("<id:pk>/officers/", views.officers_assign_view, name="officers_assign"),
    path("<id:pk>/records/", views.record_add_view, name="record_add"),
    path("<id:pk>/edit/", views.case_edit_view, name="edit"),
]
