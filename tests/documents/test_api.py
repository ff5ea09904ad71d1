"""Documents through the JSON API: list with the kinds issuable now, issue and re-issue with coded
refusals, downloads; tokens read with cases:read and may not issue."""

from __future__ import annotations

import hashlib
import json

from sanxiang.accounts.actions import issue_api_token
from sanxiang.documents.models import Document


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_list_issue_reissue_and_download(world, walk, client_as):
    case = walk("decided")
    client = client_as("head")
    listing = client.get(f"/api/v1/documents/cases/{case.pk}").json()
    assert listing["documents"] == [] and "decision" in [k["code"] for k in listing["issuable"]]
    decision = next(k for k in listing["issuable"] if k["code"] == "decision")
    assert {"name": "evidence", "label": "证据", "kind": "multiline", "required": True} in decision["entered"]
    refused = post(client, f"/api/v1/documents/cases/{case.pk}", {"kind": "decision"})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "evidence"
    wrong = post(
        client, f"/api/v1/documents/cases/{case.pk}", {"kind": "filing_approval", "entered": {"opinion": "x"}}
    )
    assert wrong.status_code == 409 and wrong.json()["code"] == "document_not_now"
    created = post(
        client,
        f"/api/v1/documents/cases/{case.pk}",
        {"kind": "decision", "entered": {"evidence": "询问笔录"}},
    )
    assert created.status_code == 201
    first = created.json()
    assert first["number"] == "东湖县市场监督管理局罚〔2026〕1号" and first["version"] == 1
    again = post(
        client,
        f"/api/v1/documents/cases/{case.pk}",
        {
            "kind": "decision",
            "entered": {"evidence": "询问笔录、照片"},
            "supersedes": first["id"],
            "reason": "补充证据",
        },
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    listing = client.get(f"/api/v1/documents/cases/{case.pk}").json()
    old = next(d for d in listing["documents"] if d["id"] == first["id"])
    assert old["superseded"] and old["superseded_by"] == again.json()["id"]
    pdf = client.get(first["pdf_url"])
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == first["pdf_sha256"]


def test_tokens_read_with_cases_read_and_may_not_issue(world, walk, client):
    case = walk("decided")
    _token, secret = issue_api_token(
        actor=world.user("admin"), agency=world.agency, name="读取", scopes=["cases:read"]
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(f"/api/v1/documents/cases/{case.pk}", **auth).status_code == 200
    refused = client.post(
        f"/api/v1/documents/cases/{case.pk}",
        data=json.dumps({"kind": "decision", "entered": {"evidence": "x"}}),
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 403 and refused.json()["code"] == "token_scope"
    assert not Document.objects.exists()
    _token, narrow = issue_api_token(
        actor=world.user("admin"), agency=world.agency, name="目录", scopes=["catalog:read"]
    )
    denied = client.get(f"/api/v1/documents/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {narrow}")
    assert denied.status_code == 403
