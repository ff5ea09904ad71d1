from django.urls import URLPattern, URLResolver, path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.publication import views, views_public

app_name = "publication"
urlpatterns: list[URLPattern | URLResolver] = [
    # The public portal (no login).
    path("", views_public.portal_view, name="portal"),
    path("item/<id:pk>/", views_public.item_view, name="item"),
    path("item/<id:pk>/text.txt", views_public.item_text_view, name="item_text"),
    path("item/<id:pk>/qr.svg", views_public.item_qr_view, name="item_qr"),
    path("item/<id:pk>/correction/", views_public.correction_request_view, name="correction_request"),
    path("correction/", views_public.correction_status_view, name="correction_status"),
    path("takedowns/", views_public.takedowns_view, name="takedowns"),
    path("feed.atom", views_public.feed_view, name="feed"),
    path("export.csv", views_public.csv_view, name="csv"),
    # Staff.
    path("workbench/", views.workbench_view, name="workbench"),
    path("record/<id:pk>/", views.record_view, name="record"),
    *(
        path(f"record/<id:pk>/{name.replace('_', '-')}/", views.step_view(name), name=name)
        for name in views.STEPS
    ),
]
