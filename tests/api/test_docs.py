from __future__ import annotations

import json
import re

import pytest

from tests.api import API

pytestmark = pytest.mark.django_db


def test_it_serves_openapi_listing_the_paths(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["info"]["title"] == "三项制度平台 API"
    paths = set(spec["paths"])
    for path in [
        "/api/v1/catalog/regions",
        "/api/v1/catalog/agencies",
        "/api/v1/catalog/agencies/{agency_id}",
        "/api/v1/catalog/agencies/{agency_id}/officers",
        "/api/v1/catalog/agencies/{agency_id}/items",
        "/api/v1/catalog/agencies/{agency_id}/items/{item_id}",
        "/api/v1/catalog/agencies/{agency_id}/benchmarks",
        "/api/v1/catalog/agencies/{agency_id}/inspection-items",
        "/api/v1/catalog/agencies/{agency_id}/changes",
        "/api/v1/catalog/certificates/verify",
        "/api/v1/internal/agencies",
        "/api/v1/internal/agencies/{agency_id}/officers",
        "/api/v1/internal/agencies/{agency_id}/items",
        "/api/v1/internal/items/{item_id}",
        "/api/v1/internal/items/{item_id}/retire",
        "/api/v1/internal/agencies/{agency_id}/benchmarks",
        "/api/v1/internal/certificates/{certificate_id}/suspend",
        "/api/v1/internal/certificates/{certificate_id}/reinstate",
        "/api/v1/internal/certificates/{certificate_id}/revoke",
        "/api/v1/accounts/me",
        "/api/v1/accounts/tokens",
        "/api/v1/accounts/tokens/{token_id}/revoke",
    ]:
        assert path in paths, path


def test_it_documents_the_error_responses(client):
    spec = json.loads(client.get(f"{API}/openapi.json").content)
    responses = spec["paths"]["/api/v1/internal/agencies/{agency_id}/items"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409"} <= set(responses)
    assert "ErrorOut" in json.dumps(responses["409"])
    assert "ErrorOut" in spec["components"]["schemas"]


def test_it_serves_the_docs_from_local_static_files(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    # Only attribute values that load something are checked: the page also carries a random
    # CSRF token, which may spell "cdn" by chance.
    loaded = re.findall(r"""(?:src|href)=["']([^"']*)["']""", html)
    assert loaded
    for url in loaded:
        assert not re.match(r"(https?:)?//", url), url
        for cdn in ("cdn", "jsdelivr", "unpkg"):
            assert cdn not in url.lower(), url
    assert "https://" not in html and "http://" not in html
    assert re.search(r"""src=["']/static/ninja/swagger-ui-bundle\.js""", html)
