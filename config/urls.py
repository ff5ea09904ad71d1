from django.urls import URLPattern, URLResolver, include, path

from sanxiang.api.urls import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("accounts/", include("sanxiang.accounts.urls")),
    path("manage/calendar/", include("sanxiang.workdays.urls")),
    path("manage/", include("sanxiang.catalog.urls_manage")),
    path("recordlog/", include("sanxiang.recordlog.urls")),
    path("cases/", include("sanxiang.cases.urls")),
    path("evidence/", include("sanxiang.evidence.urls")),
    path("documents/", include("sanxiang.documents.urls")),
    path("casefiles/", include("sanxiang.casefiles.urls")),
    path("review/", include("sanxiang.legal_review.urls")),
    path("publication/", include("sanxiang.publication.urls")),
    path("annual-reports/", include("sanxiang.annual_reports.urls")),
    path("inbox/", include("sanxiang.inbox.urls")),
    path("procedures/", include("sanxiang.cases.urls_public")),
    path("", include("sanxiang.catalog.urls_public")),
]

# MEDIA_ROOT is never served directly, not even in development: it holds officers' photos and
# uploaded spreadsheets, which only permission-checked views may stream.
