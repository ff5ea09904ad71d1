from django.urls import path

from sanxiang.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.years_view, name="years"),
    path("<int:year>/", views.year_view, name="year"),
    path("<int:year>/notice/", views.schedule_view, name="schedule"),
    path("<int:year>/complete/", views.complete_view, name="complete"),
    path("day/<str:day>/", views.day_view, name="day"),
]
