from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.legal_review import views

app_name = "legal_review"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue_view, name="queue"),
    path("catalogue/<id:pk>/", views.catalogue_view, name="catalogue"),
    path("catalogue/<id:pk>/edit/", views.catalogue_edit_view, name="catalogue_edit"),
    path("case/<id:pk>/escalate/", views.escalate_view, name="escalate"),
    path("case/<id:pk>/submit/", views.submit_view, name="submit"),
    path("case/<id:pk>/assign/", views.assign_view, name="assign"),
    path("case/<id:pk>/answers/", views.answers_view, name="answers"),
    path("case/<id:pk>/opinion/", views.opinion_view, name="opinion"),
    path("case/<id:pk>/recuse/", views.recuse_view, name="recuse"),
    path("case/<id:pk>/supplement/ask/", views.ask_supplement_view, name="supplement_ask"),
    path("case/<id:pk>/supplement/", views.supplement_view, name="supplement"),
    path("case/<id:pk>/discuss/", views.discuss_view, name="discuss"),
    path("case/<id:pk>/consult/", views.consult_view, name="consult"),
    path("case/<id:pk>/extension/request/", views.extension_request_view, name="extension_request"),
    path("case/<id:pk>/extension/approve/", views.extension_approve_view, name="extension_approve"),
    path("case/<id:pk>/extension/refuse/", views.extension_refuse_view, name="extension_refuse"),
    path("reviewers/", views.reviewers_view, name="reviewers"),
]
