from django.urls import path

from sanxiang.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("new/", views.case_new_view, name="new"),
    path("<int:pk>/", views.case_view, name="case"),
    path("<int:pk>/act/<slug:act>/", views.case_act_view, name="act"),
    path("<int:pk>/parties/", views.party_add_view, name="party_add"),
    path("<int:pk>/officers/", views.officers_assign_view, name="officers_assign"),
    path("<int:pk>/records/", views.record_add_view, name="record_add"),
    path("<int:pk>/edit/", views.case_edit_view, name="edit"),
]
