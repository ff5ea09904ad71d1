from django.urls import path

from sanxiang.catalog.views import public

app_name = "catalog_public"
urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search, name="search"),
    path("agencies/<int:pk>/", public.agency, name="agency"),
    path("agencies/<int:pk>/officers/", public.officers, name="officers"),
    path("agencies/<int:pk>/items/", public.items, name="items"),
    path("agencies/<int:pk>/items/<int:item_pk>/", public.item, name="item"),
    path("agencies/<int:pk>/benchmarks/", public.benchmarks, name="benchmarks"),
    path("agencies/<int:pk>/benchmarks/<int:benchmark_pk>/", public.benchmark, name="benchmark"),
    path("agencies/<int:pk>/inspections/", public.inspections, name="inspections"),
    path("agencies/<int:pk>/inspections/<int:inspection_pk>/", public.inspection, name="inspection"),
    path("agencies/<int:pk>/remedies/", public.remedies, name="remedies"),
    path("agencies/<int:pk>/changes/", public.changes, name="changes"),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    # The signed token is the only key to a certificate's page and QR code (see verification.py).
    path("certificates/<str:token>/", public.verify, name="verify"),
    path("certificates/<str:token>/qr.png", public.qr_code_png, name="qr_png"),
    path("certificates/<str:token>/qr.svg", public.qr_code_svg, name="qr_svg"),
]
