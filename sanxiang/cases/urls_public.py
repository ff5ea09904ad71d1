from django.urls import path

from sanxiang.cases import views_public

app_name = "procedures"
urlpatterns = [
    path("", views_public.procedure_list, name="list"),
    path("<slug:procedure>.svg", views_public.procedure_svg, name="svg"),
]
