from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.years_view, name="years"),
    path("<id:year>/", views.year_view, name="year"),
    path("<id:year>/notice/", views.schedule_view, name="schedule"),
    path("<id:year>/complete/", views.complete_view, name="complete"),
    path("day/<str:day>/", views.day_view, name="day"),
]
