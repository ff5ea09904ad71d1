from django.urls import path

from sanxiang.catalog.views import manage_agency, manage_excel, manage_lists, manage_officers, manage_regions

app_name = "catalog_manage"
urlpatterns = [
    path("agency/new/", manage_agency.agency_create_view, name="agency_create"),
    path("agency/<int:pk>/", manage_agency.agency_view, name="agency"),
    path("agency/<int:pk>/edit/", manage_agency.agency_edit_view, name="agency_edit"),
    path("agency/<int:pk>/policies/", manage_agency.policies_view, name="policies"),
    # officers and certificates
    path("agency/<int:pk>/officers/new/", manage_officers.officer_create_view, name="officer_create"),
    path("officer/<int:pk>/", manage_officers.officer_view, name="officer"),
    path("officer/<int:pk>/edit/", manage_officers.officer_edit_view, name="officer_edit"),
    path("officer/<int:pk>/retire/", manage_officers.officer_retire_view, name="officer_retire"),
    path("officer/<int:pk>/photo/", manage_officers.officer_photo_view, name="officer_photo"),
    path("officer/<int:pk>/photo.jpg", manage_officers.officer_photo_file_view, name="officer_photo_file"),
    path(
        "officer/<int:pk>/certificates/new/", manage_officers.certificate_issue_view, name="certificate_issue"
    ),
    path("certificate/<int:pk>/", manage_officers.certificate_view, name="certificate"),
    path("certificate/<int:pk>/<slug:act>/", manage_officers.certificate_act_view, name="certificate_act"),
    # published lists
    path("agency/<int:pk>/items/new/", manage_lists.item_create_view, name="item_create"),
    path("item/<int:pk>/edit/", manage_lists.item_edit_view, name="item_edit"),
    path("item/<int:pk>/retire/", manage_lists.item_retire_view, name="item_retire"),
    path("agency/<int:pk>/benchmarks/new/", manage_lists.benchmark_create_view, name="benchmark_create"),
    path("benchmark/<int:pk>/edit/", manage_lists.benchmark_edit_view, name="benchmark_edit"),
    path("benchmark/<int:pk>/retire/", manage_lists.benchmark_retire_view, name="benchmark_retire"),
    path(
        "agency/<int:pk>/inspection-items/new/",
        manage_lists.inspection_item_create_view,
        name="inspection_item_create",
    ),
    path(
        "inspection-item/<int:pk>/edit/", manage_lists.inspection_item_edit_view, name="inspection_item_edit"
    ),
    path(
        "inspection-item/<int:pk>/retire/",
        manage_lists.inspection_item_retire_view,
        name="inspection_item_retire",
    ),
    path("legal-bases/", manage_lists.legal_bases_view, name="legal_bases"),
    path("legal-bases/new/", manage_lists.legal_basis_create_view, name="legal_basis_create"),
    path("legal-bases/<int:pk>/edit/", manage_lists.legal_basis_edit_view, name="legal_basis_edit"),
    # Excel
    path("agency/<int:pk>/export/<slug:kind>.xlsx", manage_excel.export_view, name="export"),
    path("agency/<int:pk>/import/<slug:kind>/", manage_excel.import_view, name="import"),
    path(
        "agency/<int:pk>/import/<slug:kind>/confirm/", manage_excel.import_confirm_view, name="import_confirm"
    ),
    path("import-templates/<slug:kind>.xlsx", manage_excel.template_view, name="import_template"),
    # regions and region-wide policy settings
    path("regions/", manage_regions.regions_view, name="regions"),
    path("regions/new/", manage_regions.root_region_create_view, name="root_region_create"),
    path("regions/<int:pk>/", manage_regions.region_view, name="region"),
    path("regions/<int:pk>/new/", manage_regions.region_create_view, name="region_create"),
    path("regions/<int:pk>/edit/", manage_regions.region_edit_view, name="region_edit"),
    path("regions/<int:pk>/policies/", manage_regions.region_policies_view, name="region_policies"),
]
