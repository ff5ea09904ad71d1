from django.urls import path

app_name = "catalog_public"
urlpatterns: list = []
