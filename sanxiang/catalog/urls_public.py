from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.catalog.views import public

app_name = "catalog_public"
urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search, name="search"),
    path("agencies/<id:pk>/", public.agency, name="agency"),
    path("agencies/<id:pk>/officers/", public.officers, name="officers"),
    path("agencies/<id:pk>/items/", public.items, name="items"),
    path("agencies/<id:pk>/items/<id:item_pk>/", public.item, name="item"),
    path("agencies/<id:pk>/benchmarks/", public.benchmarks, name="benchmarks"),
    path("agencies/<id:pk>/benchmarks/<id:benchmark_pk>/", public.benchmark, name="benchmark"),
    path("agencies/<id:pk>/inspections/", public.inspections, name="inspections"),
    path("agencies/<id:pk>/inspections/<id:inspection_pk>/", public.inspection, name="inspection"),
    path("agencies/<id:pk>/remedies/", public.remedies, name="remedies"),
    path("agencies/<id:pk>/changes/", public.changes, name="changes"),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    # The signed token is the only key to a certificate's page and QR code (see verification.py).
    path("certificates/<str:token>/", public.verify, name="verify"),
    path("certificates/<str:token>/qr.png", public.qr_code_png, name="qr_png"),
    path("certificates/<str:token>/qr.svg", public.qr_code_svg, name="qr_svg"),
]
