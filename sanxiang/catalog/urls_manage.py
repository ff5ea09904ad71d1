from django.urls import path

import sanxiang.core.converters  # noqa: F401  (registers <id:...>, the bounded integer)
from sanxiang.catalog.views import manage_agency, manage_excel, manage_lists, manage_officers, manage_regions

app_name = "catalog_manage"
urlpatterns = [
    path("agency/new/", manage_agency.agency_create_view, name="agency_create"),
    path("agency/<id:pk>/", manage_agency.agency_view, name="agency"),
    path("agency/<id:pk>/edit/", manage_agency.agency_edit_view, name="agency_edit"),
    path("agency/<id:pk>/policies/", manage_agency.policies_view, name="policies"),
    # officers and certificates
    path("agency/<id:pk>/officers/new/", manage_officers.officer_create_view, name="officer_create"),
    path("officer/<id:pk>/", manage_officers.officer_view, name="officer"),
    path("officer/<id:pk>/edit/", manage_officers.officer_edit_view, name="officer_edit"),
    path("officer/<id:pk>/retire/", manage_officers.officer_retire_view, name="officer_retire"),
    path("officer/<id:pk>/photo/", manage_officers.officer_photo_view, name="officer_photo"),
    path("officer/<id:pk>/photo.jpg", manage_officers.officer_photo_file_view, name="officer_photo_file"),
    path(
        "officer/<id:pk>/certificates/new/", manage_officers.certificate_issue_view, name="certificate_issue"
    ),
    path("certificate/<id:pk>/", manage_officers.certificate_view, name="certificate"),
    path("certificate/<id:pk>/<slug:act>/", manage_officers.certificate_act_view, name="certificate_act"),
    # published lists
    path("agency/<id:pk>/items/new/", manage_lists.item_create_view, name="item_create"),
    path("item/<id:pk>/edit/", manage_lists.item_edit_view, name="item_edit"),
    path("item/<id:pk>/retire/", manage_lists.item_retire_view, name="item_retire"),
    path("agency/<id:pk>/benchmarks/new/", manage_lists.benchmark_create_view, name="benchmark_create"),
    path("benchmark/<id:pk>/edit/", manage_lists.benchmark_edit_view, name="benchmark_edit"),
    path("benchmark/<id:pk>/retire/", manage_lists.benchmark_retire_view, name="benchmark_retire"),
    path(
        "agency/<id:pk>/inspection-items/new/",
        manage_lists.inspection_item_create_view,
        name="inspection_item_create",
    ),
    path(
        "inspection-item/<id:pk>/edit/", manage_lists.inspection_item_edit_view, name="inspection_item_edit"
    ),
    path(
        "inspection-item/<id:pk>/retire/",
        manage_lists.inspection_item_retire_view,
        name="inspection_item_retire",
    ),
    path("legal-bases/", manage_lists.legal_bases_view, name="legal_bases"),
    path("legal-bases/new/", manage_lists.legal_basis_create_view, name="legal_basis_create"),
    path("legal-bases/<id:pk>/edit/", manage_lists.legal_basis_edit_view, name="legal_basis_edit"),
    # Excel
    path("agency/<id:pk>/export/<slug:kind>.xlsx", manage_excel.export_view, name="export"),
    path("agency/<id:pk>/import/<slug:kind>/", manage_excel.import_view, name="import"),
    path(
        "agency/<id:pk>/import/<slug:kind>/confirm/", manage_excel.import_confirm_view, name="import_confirm"
    ),
    path("import-templates/<slug:kind>.xlsx", manage_excel.template_view, name="import_template"),
    # regions and region-wide policy settings
    path("regions/", manage_regions.regions_view, name="regions"),
    path("regions/new/", manage_regions.root_region_create_view, name="root_region_create"),
    path("regions/<id:pk>/", manage_regions.region_view, name="region"),
    path("regions/<id:pk>/new/", manage_regions.region_create_view, name="region_create"),
    path("regions/<id:pk>/edit/", manage_regions.region_edit_view, name="region_edit"),
    path("regions/<id:pk>/policies/", manage_regions.region_policies_view, name="region_policies"),
]
