from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.recordlog import views

app_name = "recordlog_public"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("checkpoint/", views.checkpoint, name="checkpoint"),
    path("checkpoint.txt", views.checkpoint_txt, name="checkpoint_txt"),
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("checkpoints/<id:size>.txt", views.checkpoint_note, name="checkpoint_note"),
    path("key/", views.key, name="key"),
    path("key.txt", views.key_txt, name="key_txt"),
    path("check/", views.check, name="check"),
    path("check/<str:digest>/proof-<id:seq>.json", views.proof_json, name="proof_json"),
]
