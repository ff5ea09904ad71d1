from django.urls import path

from sanxiang.recordlog import views

app_name = "recordlog_public"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("checkpoint/", views.checkpoint, name="checkpoint"),
    path("checkpoint.txt", views.checkpoint_txt, name="checkpoint_txt"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("checkpoints/<int:size>.txt", views.checkpoint_note, name="checkpoint_note"),
    path("key/", views.key, name="key"),
    path("key.txt", views.key_txt, name="key_txt"),
    path("check/", views.check, name="check"),
    path("check/<str:digest>/proof-<int:seq>.json", views.proof_json, name="proof_json"),
]
