"""The API's contract: bounded list parameters and ids (no 500 from a huge number), one OpenAPI
component per schema class, and JSON errors in the project's shape for everything under /api/
(review F7 and F10)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from sanxiang.api.urls import api
from tests.api import API, bearer, get, issue_token, item_body, post

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "field", "citation", "errors"}
HUGE = "9223372036854775808"  # 2**63: one past the largest signed 64-bit integer


# --- bounds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/catalog/agencies",
        "/catalog/agencies/{agency}/changes",
        "/recordlog/checkpoints",
    ],
)
def test_a_huge_offset_on_a_public_list_is_refused_in_chinese(client, world, path):
    response = get(client, path.format(agency=world.agency.pk) + f"?offset={HUGE}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == SHAPE and body["code"] == "invalid"
    assert body["errors"] == [
        {"field": "offset", "code": "too_large", "message": "offset：不得大于 2147483647。"}
    ]


@pytest.mark.parametrize("path", ["/internal/agencies", "/cases"])
def test_a_huge_offset_on_an_internal_list_is_refused(client, world, path):
    secret = issue_token(world, ["catalog:read", "cases:read"])
    response = get(client, f"{path}?offset={HUGE}", **bearer(secret))
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_large"


def test_limit_and_offset_bounds_are_named(client, world):
    small = get(client, "/catalog/agencies?limit=0").json()
    assert small["errors"] == [{"field": "limit", "code": "too_small", "message": "limit：不得小于 1。"}]
    large = get(client, "/catalog/agencies?limit=101").json()
    assert large["errors"][0]["code"] == "too_large"
    negative = get(client, "/catalog/agencies?offset=-1").json()
    assert negative["errors"][0] == {
        "field": "offset",
        "code": "too_small",
        "message": "offset：不得小于 0。",
    }
    assert get(client, "/catalog/agencies?limit=100&offset=0").status_code == 200


def test_the_record_log_refuses_huge_sizes_with_its_own_code(client, world):
    for path in [f"/recordlog/entries/{HUGE}/inclusion?size=1", f"/recordlog/consistency?old={HUGE}"]:
        response = get(client, path)
        assert response.status_code == 400, path
        assert response.json()["code"] == "recordlog_bad_size"


def test_a_huge_legal_basis_id_is_invalid_input_not_a_crash(client_as, world):
    body = item_body(basis_ids=[int(HUGE) * 4])
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/items", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "basis_ids[0]"
    assert response.json()["errors"][0]["code"] == "too_large"


@pytest.mark.parametrize(
    "path",
    [
        f"/catalog/agencies/{HUGE}",
        f"/catalog/agencies/{HUGE}0/items",
        f"/internal/items/{HUGE}",
        f"/cases/{HUGE}",
        f"/recordlog/entries/{HUGE}0/inclusion",
    ],
)
def test_a_huge_id_in_a_path_is_not_found_or_invalid(client, world, path):
    secret = issue_token(world, ["catalog:read", "cases:read"])
    response = get(client, path, **bearer(secret))
    assert response.status_code in {400, 404}, response.content
    assert set(response.json()) == SHAPE


def test_the_bounds_are_in_the_openapi_document(client):
    spec = json.loads(client.get(f"{API}/openapi.json").content)

    def params(path: str) -> dict[str, dict[str, Any]]:
        return {p["name"]: p["schema"] for p in spec["paths"][f"/api/v1{path}"]["get"]["parameters"]}

    page = params("/catalog/agencies")
    assert (page["offset"]["minimum"], page["offset"]["maximum"]) == (0, 2147483647)
    assert (page["limit"]["minimum"], page["limit"]["maximum"]) == (1, 100)
    assert params("/publication/items")["offset"]["maximum"] == 10000
    assert params("/recordlog/lookup")["sha256"]["pattern"] == r"^\s*[0-9a-fA-F]{64}\s*$"
    assert params("/recordlog/consistency")["old"]["minimum"] == 0


# --- schema names --------------------------------------------------------------------------------


def _models(annotation: Any, found: set[type[BaseModel]]) -> None:
    """Every pydantic model reachable from a type annotation (lists, unions, nested fields)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        _models(arg, found)


def test_no_two_schema_classes_share_a_component_name():
    found: set[type[BaseModel]] = set()
    for router in api._get_bound_routers():
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in operation.response_models.values():
                    _models(model, found)
                for model in operation.models:
                    _models(model, found)
    ours = [model for model in found if model.__module__.startswith("sanxiang.")]
    by_name: dict[str, set[str]] = {}
    for model in ours:
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert len(ours) > 50  # the walk reached the schemas
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not clashes, f"one OpenAPI component name, several classes: {clashes}"


def _component(spec: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    schema = spec["paths"][f"/api/v1{path}"][method]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    ref = schema.get("$ref") or schema["items"]["$ref"]
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_operations_reference_their_own_components(client):
    spec = json.loads(client.get(f"{API}/openapi.json").content)
    inclusion = _component(spec, "/recordlog/entries/{seq}/inclusion")
    assert {"root_hash", "kind"} <= set(inclusion["properties"])  # not the evidence shape with "root"
    items = _component(spec, "/catalog/agencies/{agency_id}/items")
    assert "category" in items["properties"]
    assert "document_number" not in items["properties"]  # the publication item is another shape
    case = _component(spec, "/cases/{case_id}")
    records = case["properties"]["records"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "document_number" not in spec["components"]["schemas"][records]["properties"]
    publication = _component(spec, "/publication/items/{record_id}")
    assert "versions" in publication["properties"]


# --- JSON errors -------------------------------------------------------------------------------


def _is_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE and body["code"] == code
    assert not body["message"].isascii()  # a Chinese message, never an English or internal text


def test_an_unrouted_api_path_is_a_json_404(client, world):
    _is_error(client.get(f"{API}/annual-reports/abc/2025"), 404, "not_found")
    _is_error(client.get(f"{API}/no-such-thing"), 404, "not_found")


def test_a_wrong_method_is_a_json_405_with_allow(client, world):
    response = client.delete(f"{API}/catalog/agencies")
    _is_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_an_unreadable_request_is_a_json_400(client, world):
    response = client.get(f"{API}/catalog/agencies", HTTP_HOST="evil.example")  # not in ALLOWED_HOSTS
    _is_error(response, 400, "bad_request")


def test_a_body_over_the_size_limit_is_a_json_400(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    secret = issue_token(world, ["catalog:write"])
    body = item_body(conditions="条件" * 1000)
    response = post(client, f"/internal/agencies/{world.agency.pk}/items", body, **bearer(secret))
    _is_error(response, 400, "bad_request")


def test_a_server_error_is_a_json_500_without_traceback(client, world, monkeypatch):
    from sanxiang.catalog import queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(queries, "region_tree", broken)
    client.raise_request_exception = False
    response = client.get(f"{API}/catalog/regions")
    _is_error(response, 500, "server_error")
    assert b"secret internal detail" not in response.content and b"Traceback" not in response.content


def test_pages_outside_the_api_keep_their_html_404(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/documents/{document_id}/pdf", "application/pdf"),
        (
            "/documents/{document_id}/docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("/evidence/items/{evidence_id}/file", "*/*"),
    ],
)
def test_downloads_document_their_binary_200(client, path, media_type):
    spec = json.loads(client.get(f"{API}/openapi.json").content)
    ok = spec["paths"][f"/api/v1{path}"]["get"]["responses"]["200"]
    assert ok["content"] == {media_type: {"schema": {"type": "string", "format": "binary"}}}
