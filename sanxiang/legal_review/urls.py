from django.urls import URLPattern, URLResolver, path

from sanxiang.legal_review import views

app_name = "legal_review"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue_view, name="queue"),
    path("catalogue/<int:pk>/", views.catalogue_view, name="catalogue"),
    path("catalogue/<int:pk>/edit/", views.catalogue_edit_view, name="catalogue_edit"),
    path("case/<int:pk>/escalate/", views.escalate_view, name="escalate"),
    path("case/<int:pk>/submit/", views.submit_view, name="submit"),
    path("case/<int:pk>/assign/", views.assign_view, name="assign"),
    path("case/<int:pk>/answers/", views.answers_view, name="answers"),
    path("case/<int:pk>/opinion/", views.opinion_view, name="opinion"),
    path("case/<int:pk>/recuse/", views.recuse_view, name="recuse"),
    path("case/<int:pk>/supplement/ask/", views.ask_supplement_view, name="supplement_ask"),
    path("case/<int:pk>/supplement/", views.supplement_view, name="supplement"),
    path("case/<int:pk>/discuss/", views.discuss_view, name="discuss"),
    path("case/<int:pk>/consult/", views.consult_view, name="consult"),
    path("case/<int:pk>/extension/request/", views.extension_request_view, name="extension_request"),
    path("case/<int:pk>/extension/approve/", views.extension_approve_view, name="extension_approve"),
    path("case/<int:pk>/extension/refuse/", views.extension_refuse_view, name="extension_refuse"),
    path("reviewers/", views.reviewers_view, name="reviewers"),
]
