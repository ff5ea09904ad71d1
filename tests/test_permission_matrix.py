"""The permission matrix: every page and every API operation, walked as the public and as each persona.

Each route is given an access class below; a route that is missing from the table fails the test, so
a new view cannot ship without a decision on who may use it. For every request the test checks the
status the class implies, and for every refused (and every invalid) write that the database did not
change at all (tests/fingerprint.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sanxiang.api.urls import api
from sanxiang.catalog.verification import make_token
from tests.fingerprint import Watch, log_size

PERSONAS = [
    "anonymous",
    "officer",
    "head",
    "reviewer",
    "publisher",
    "supervisor",
    "county_admin",
    "admin",
    "other_head",
]
SEES_AGENCY_A = {"officer", "head", "reviewer", "publisher", "supervisor", "county_admin", "admin"}
ALL_STAFF = SEES_AGENCY_A | {"other_head"}

# access class -> (personas allowed, status for a signed-in persona who may see but not act)
CLASSES: dict[str, set[str]] = {
    "public": {"anonymous", *ALL_STAFF},
    "staff": ALL_STAFF,
    "agency_read": SEES_AGENCY_A,
    # The parties' personal data (and evidence bytes, which may show it): the case's own agency only
    # (cases.permissions.can_see_personal_data, security review F6).
    "agency_personal": {"officer", "head", "reviewer", "publisher"},
    "lists_write": {"head", "county_admin", "admin"},
    "officer_manage": {"county_admin", "admin"},
    "region_admin": {"county_admin", "admin"},
    "installation_admin": {"admin"},
    "case_open": {"officer", "head", "other_head"},
    "case_work": {"officer", "head"},
    "case_head": {"head"},
    "pub_redact": {"publisher"},
    "pub_withdraw": {"publisher", "head"},
    "review_assign": {"head", "reviewer"},
    "review_work": {"reviewer"},
}

# Django views: url name -> access class for GET (POST to the same URL uses the same class).
PAGES: dict[str, str] = {
    "catalog_public:home": "public",
    "catalog_public:search": "public",
    "catalog_public:agency": "public",
    "catalog_public:officers": "public",
    "catalog_public:items": "public",
    "catalog_public:item": "public",
    "catalog_public:benchmarks": "public",
    "catalog_public:benchmark": "public",
    "catalog_public:inspections": "public",
    "catalog_public:inspection": "public",
    "catalog_public:remedies": "public",
    "catalog_public:changes": "public",
    "catalog_public:verify_lookup": "public",
    "catalog_public:verify": "public",
    "catalog_public:qr_png": "public",
    "catalog_public:qr_svg": "public",
    "accounts:login": "public",
    "accounts:logout": "public",
    "accounts:login_code": "public",  # without a password just passed: a page saying to start again
    "accounts:login_enrol": "public",
    "accounts:second_factor": "staff",
    "accounts:user_second_factor": "region_admin",
    "accounts:password_change": "staff",
    "accounts:workbench": "staff",
    "catalog_manage:agency_create": "region_admin",
    "catalog_manage:agency": "agency_read",
    "catalog_manage:agency_edit": "officer_manage",
    "catalog_manage:policies": "agency_read",
    "catalog_manage:officer_create": "officer_manage",
    "catalog_manage:officer": "agency_read",
    "catalog_manage:officer_edit": "officer_manage",
    "catalog_manage:officer_retire": "officer_manage",
    "catalog_manage:officer_photo": "officer_manage",
    "catalog_manage:officer_photo_file": "agency_read",
    "catalog_manage:certificate_issue": "officer_manage",
    "catalog_manage:certificate": "agency_read",
    "catalog_manage:certificate_act": "officer_manage",
    "catalog_manage:item_create": "lists_write",
    "catalog_manage:item_edit": "lists_write",
    "catalog_manage:item_retire": "lists_write",
    "catalog_manage:benchmark_create": "lists_write",
    "catalog_manage:benchmark_edit": "lists_write",
    "catalog_manage:benchmark_retire": "lists_write",
    "catalog_manage:inspection_item_create": "lists_write",
    "catalog_manage:inspection_item_edit": "lists_write",
    "catalog_manage:inspection_item_retire": "lists_write",
    "catalog_manage:legal_bases": "staff",
    "catalog_manage:legal_basis_create": "region_admin",
    "catalog_manage:legal_basis_edit": "region_admin",
    "catalog_manage:export": "agency_read",
    "catalog_manage:import": "officer_manage",
    "catalog_manage:import_confirm": "officer_manage",
    "catalog_manage:import_template": "staff",
    "catalog_manage:regions": "staff",
    "catalog_manage:root_region_create": "installation_admin",
    "catalog_manage:region": "agency_read",
    "catalog_manage:region_create": "region_admin",
    "catalog_manage:region_edit": "installation_admin",
    "catalog_manage:region_policies": "agency_read",
    "accounts:users": "region_admin",
    "accounts:user_create": "region_admin",
    "accounts:user": "region_admin",
    "accounts:user_edit": "region_admin",
    "accounts:user_active": "region_admin",
    "accounts:user_password": "region_admin",
    "accounts:user_unlock": "region_admin",
    "accounts:tokens": "region_admin",
    "accounts:token_revoke": "region_admin",
    "recordlog_public:overview": "public",
    "recordlog_public:checkpoint": "public",
    "recordlog_public:checkpoint_txt": "public",
    "recordlog_public:checkpoints": "public",
    "recordlog_public:checkpoint_note": "public",
    "recordlog_public:key": "public",
    "recordlog_public:key_txt": "public",
    "recordlog_public:check": "public",
    "recordlog_public:proof_json": "public",
    "procedures:list": "public",
    "procedures:svg": "public",
    "cases:list": "staff",
    "cases:new": "case_open",
    "cases:case": "agency_read",
    "cases:act": "case_work",
    "cases:party_add": "case_work",
    "cases:officers_assign": "case_work",
    "cases:record_add": "case_work",
    "cases:edit": "case_work",
    "documents:issue": "case_work",
    "documents:pdf": "agency_read",
    "documents:docx": "agency_read",
    "documents:reissue": "case_work",
    "documents:templates": "lists_write",
    "documents:template_file": "lists_write",
    "casefiles:verify": "public",
    "casefiles:archive": "case_work",
    "casefiles:download": "agency_read",
    "workdays:years": "staff",
    "workdays:year": "staff",
    "workdays:schedule": "region_admin",
    "workdays:complete": "region_admin",
    "workdays:day": "region_admin",
    "evidence:upload": "case_work",
    "evidence:exemption_request": "case_work",
    "evidence:exemption_approve": "case_head",
    "evidence:item": "agency_read",
    "evidence:file": "agency_personal",
    "evidence:thumbnail": "agency_personal",
    "evidence:withdraw": "case_work",
    "evidence:devices": "agency_read",
    "evidence:device": "agency_read",
    "publication:portal": "public",
    "publication:item": "public",
    "publication:item_text": "public",
    "publication:item_qr": "public",
    "publication:correction_request": "public",
    "publication:correction_status": "public",
    "publication:takedowns": "public",
    "publication:feed": "public",
    "publication:csv": "public",
    "publication:workbench": "staff",
    "publication:record": "agency_read",
    "publication:edit": "case_work",
    "publication:withhold": "case_work",
    "publication:submit": "case_work",
    "publication:mask": "pub_redact",
    "publication:unmask": "pub_redact",
    "publication:review": "pub_redact",
    "publication:correction": "pub_redact",
    "publication:close_correction": "pub_redact",
    "publication:send_back": "case_head",
    "publication:approve": "case_head",
    "publication:withdraw": "pub_withdraw",
    "legal_review:queue": "staff",
    "legal_review:catalogue": "public",
    "legal_review:catalogue_edit": "lists_write",
    "legal_review:escalate": "case_work",
    "legal_review:submit": "case_work",
    "legal_review:assign": "review_assign",
    "legal_review:answers": "review_work",
    "legal_review:opinion": "review_work",
    "legal_review:recuse": "review_work",
    "legal_review:discuss": "case_head",
    "legal_review:supplement_ask": "review_work",
    "legal_review:supplement": "case_work",
}
# Publication (H4): early removal after credit repair, the publication officer or the head.
PAGES["publication:remove"] = "pub_withdraw"
# Routes whose <pk> is not an agency: route prefix -> key of the object in _params.
PK_BY_PREFIX = {
    "manage/officer/": "officer_pk",
    "manage/certificate/": "certificate_pk",
    "manage/item/": "item_pk",
    "manage/benchmark/": "benchmark_pk",
    "manage/inspection-item/": "inspection_pk",
    "manage/legal-bases/": "legal_basis_pk",
    "manage/regions/": "region_pk",
    "accounts/users/": "user_pk",
    "accounts/token/": "token_pk",
    "cases/": "case_pk",
    "evidence/case/": "case_pk",
    "evidence/item/": "evidence_pk",
    "evidence/device/": "device_pk",
    "evidence/exemptions/": "exemption_pk",
    "documents/case/": "case_pk",
    "casefiles/case/": "case_pk",
    "publication/item/": "publication_pk",
    "publication/record/": "publication_pk",
    "review/case/": "case_pk",
    "documents/doc/": "document_pk",
}
# Writes that legitimately succeed with an empty body (nothing to validate) are listed here.
# Revoking a token needs nothing but the button.
EMPTY_POST_OK = {"accounts:logout", "accounts:token_revoke", "evidence:exemption_approve"}

# --- inbox (helper H2): the matrix's message is the reviewer's; for everyone else it does not exist
# (404). The page's read form names its button, so an empty POST is refused (400) and marks nothing.
CLASSES["inbox_own"] = {"reviewer"}
PAGES |= {"inbox:inbox": "staff", "inbox:read": "inbox_own"}
PK_BY_PREFIX["inbox/"] = "message_pk"


def _message(world: Any) -> Any:
    from sanxiang.inbox import actions
    from sanxiang.inbox.models import Message

    reviewer = world.user("reviewer")
    existing = Message.objects.filter(recipient=reviewer).first()
    return existing or actions.send(
        recipient=reviewer, kind="matrix.test", subject="矩阵测试消息", dedup_key="matrix", link="/review/"
    )


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{namespace}{entry.name}", prefix + str(entry.pattern)))
    return found


def django_routes() -> list[tuple[str, str]]:
    return [
        (name, route) for name, route in _walk(get_resolver().url_patterns) if not name.startswith("api:")
    ]


def _params(world: Any) -> dict[str, Any]:
    items = world.items
    return {
        "pk": world.agency.pk,
        "agency_pk": world.agency.pk,
        "item_pk": items["item_a"].pk,
        "benchmark_pk": items["benchmark_a"].pk,
        "inspection_pk": items["inspection_a"].pk,
        "officer_pk": _officer_with_photo(world).pk,
        "certificate_pk": world.certificates[0].pk,
        "token": make_token(world.certificates[0]),
        "region_pk": world.county.pk,
        "legal_basis_pk": _legal_basis(world).pk,
        "user_pk": world.user("officer").pk,
        "token_pk": _api_token(world).pk,
        "case_pk": _case(world).pk,
        "message_pk": _message(world).pk,
        "evidence_pk": _evidence(world).pk,
        "device_pk": _device(world).pk,
        "exemption_pk": _exemption(world).pk,
        "document_pk": _document(world).pk,
        "annual_year": _annual_year(world),
        "publication_pk": _publication(world).pk,
        "kind": "officers",
        "act": "suspend",
        "procedure": "general",
        "year": 2027,
        "day": "2026-10-10",
        **_recorded_file(),
    }


MATRIX_FILE = b"matrix: a recorded file"


def _recorded_file() -> dict[str, Any]:
    """An entry naming a file's digest, under a signed checkpoint: the record log pages' parameters."""
    import datetime as dt
    import hashlib

    from sanxiang.recordlog import actions, queries

    digest = hashlib.sha256(MATRIX_FILE).hexdigest()
    entry = queries.entries_with_digest(digest).first()
    if entry is None:
        entry = actions.append(
            kind="test.file",
            subject=None,
            actor=None,
            payload={"digest": digest},
            occurred_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        )
    checkpoint = actions.make_checkpoint(force=True)
    assert checkpoint is not None
    return {"digest": digest, "seq": entry.seq, "size": checkpoint.tree_size}


@pytest.fixture(autouse=True)
def _recordlog_signing_key(settings: Any, tmp_path: Any) -> None:
    """The record log pages sign and publish with a key of this test's own, never var/'s."""
    from sanxiang.recordlog import signing

    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)


@pytest.fixture(autouse=True)
def _blob_root(settings: Any, tmp_path: Any) -> None:
    """Evidence files of the matrix go to this test's own blob folder, never var/'s."""
    settings.BLOB_ROOT = tmp_path / "blobs"


def _evidence(world: Any) -> Any:
    """A photo (with its thumbnail) on the matrix's clue: the evidence pages' object."""
    from sanxiang.evidence import demo
    from sanxiang.evidence.models import Evidence

    existing = Evidence.objects.filter(case__agency=world.agency).first()
    if existing is not None:
        return existing
    return demo.store(
        case=_case(world),
        actor=world.user("officer"),
        data=demo.photo_bytes(),
        name="矩阵.jpg",
        kind="physical",
    )


def _device(world: Any) -> Any:
    from sanxiang.evidence.actions import register_device
    from sanxiang.evidence.models import RecordingDevice

    existing = RecordingDevice.objects.filter(agency=world.agency).first()
    return existing or register_device(
        actor=world.user("head"), agency=world.agency, data={"device_id": "MATRIX-1", "status": "in_use"}
    )


def _exemption(world: Any) -> Any:
    from sanxiang.evidence.actions import request_exemption
    from sanxiang.evidence.models import AVExemption

    existing = AVExemption.objects.filter(case__agency=world.agency).first()
    return existing or request_exemption(
        actor=world.user("officer"), case=_case(world), step="file", reason="矩阵测试"
    )


def _officer_with_photo(world: Any) -> Any:
    """The officer of the matrix has a photo, so that its photo route answers 200 to who may see it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from sanxiang.catalog.actions import set_officer_photo

    officer = world.officers[0]
    officer.refresh_from_db()
    if not officer.photo:
        png = io.BytesIO()
        Image.new("RGB", (30, 40), "gray").save(png, "PNG")
        upload = SimpleUploadedFile("photo.png", png.getvalue(), content_type="image/png")
        set_officer_photo(actor=world.user("admin"), officer=officer, upload=upload, reason="矩阵测试")
    return officer


def _case(world: Any) -> Any:
    """A clue of agency A with a party and two officers: the cases pages' object."""
    from sanxiang.cases.actions import open_case
    from sanxiang.cases.models import Case

    # The general clue, not the on-the-spot case the API walk opens: documents issue for a clue.
    existing = Case.objects.filter(agency=world.agency, procedure="general").first()
    return existing or open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "矩阵测试案", "source": "complaint"},
        officer_ids=[world.officers[0].pk, world.officers[1].pk],
    )


def _document(world: Any) -> Any:
    """A 案件来源登记表 issued for the matrix's clue: the documents pages' object."""
    from sanxiang.documents.actions import issue_document
    from sanxiang.documents.models import Document

    existing = Document.objects.filter(agency=world.agency).first()
    return existing or issue_document(
        actor=world.user("officer"), case=_case(world), kind="case_source", entered={"clue": "矩阵测试线索"}
    )


def _spot_case(world: Any) -> Any:
    """An on-the-spot case of agency A with a party and two certified officers: the API's object."""
    from sanxiang.cases.actions import open_case

    return open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "simple", "title": "矩阵测试当场处罚", "source": "inspection"},
        parties=[{"kind": "natural_person", "name": "矩阵测", "id_number": "11010519491231002X"}],
        officer_ids=[world.officers[0].pk, world.officers[1].pk],
    )


def _publication(world: Any) -> Any:
    """A published item of agency A (an on-the-spot warning walked through the flow): the
    publication pages' object."""
    from sanxiang.cases.actions import perform
    from sanxiang.documents.actions import issue_document
    from sanxiang.publication import actions as publication
    from sanxiang.publication.models import Record

    existing = Record.objects.filter(agency=world.agency, state="published").first()
    if existing:
        return existing
    case = _spot_case(world)
    perform(case, "decide_on_the_spot", world.user("officer"), {"kinds": ["warning"]})
    # The 当场处罚决定书: the public record carries its number (issue 12).
    issue_document(
        actor=world.user("officer"), case=case, kind="on_the_spot_decision", entered={"place": "某市场"}
    )
    record = Record.objects.filter(agency=world.agency).latest("pk")
    record = publication.submit(actor=world.user("officer"), record=record)
    record = publication.review(actor=world.user("publisher"), record=record)
    return publication.approve(actor=world.user("head"), record=record)


def _api_token(world: Any) -> Any:
    from sanxiang.accounts.actions import issue_api_token
    from sanxiang.accounts.models import ApiToken

    token = ApiToken.objects.filter(agency=world.agency, name="矩阵测试").first()
    if token is None:
        token, _secret = issue_api_token(
            actor=world.user("admin"), agency=world.agency, name="矩阵测试", scopes=["catalog:read"]
        )
    return token


def _legal_basis(world: Any) -> Any:
    from sanxiang.catalog.actions import save_legal_basis
    from sanxiang.catalog.models import LegalBasis

    existing = LegalBasis.objects.first()
    return existing or save_legal_basis(
        actor=None,
        reason="测试数据",
        data={
            "title": "中华人民共和国行政处罚法",
            "kind": "law",
            "issuing_body": "全国人民代表大会常务委员会",
        },
    )


def fill(route: str, world: Any) -> str:
    params = _params(world)
    for prefix, key in PK_BY_PREFIX.items():
        if route.startswith(prefix):
            params["pk"] = params[key]

    def substitute(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in params:
            pytest.fail(f"tests/test_permission_matrix.py: no value for URL parameter <{name}> in {route}")
        return str(params[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", substitute, route)


def _client_for(persona: str, client: Any, world: Any) -> Any:
    if persona != "anonymous":
        client.force_login(world.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_page_is_in_the_matrix():
    missing = sorted({name for name, _ in django_routes()} - set(PAGES))
    assert not missing, f"add these pages to PAGES with an access class: {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_answer_each_persona_as_the_matrix_says(persona, client, world):
    client = _client_for(persona, client, world)
    failures = []
    watch = Watch()
    for name, route in django_routes():
        url = fill(route, world)
        allowed = persona in CLASSES[PAGES[name]]
        # Filling a route may create its object, and signing in again after an allowed empty POST
        # writes the last login: neither is the request's doing.
        watch.step()
        log_before = log_size()
        get = client.get(url)
        post = client.post(url, {})
        (before, after), log_after = watch.step(), log_size()
        # A POST-only view answers GET with 405: judge it by its answer to the POST instead.
        answer = post if get.status_code == 405 else get
        verb = "POST" if get.status_code == 405 else "GET"
        to_login = answer.status_code == 302 and "/login/" in answer["Location"]
        if allowed:
            if answer.status_code in {401, 403, 404} or to_login:
                failures.append(f"{verb} {url} as {persona}: {answer.status_code}, expected it to be allowed")
        elif persona == "anonymous":
            if not to_login and answer.status_code not in {401, 404}:
                failures.append(
                    f"{verb} {url} as anonymous: {answer.status_code}, expected a redirect to sign in"
                )
        elif answer.status_code not in {403, 404}:
            failures.append(f"{verb} {url} as {persona}: {answer.status_code}, expected 403/404")
        if post.status_code >= 500 or get.status_code >= 500:
            failures.append(f"{url} as {persona}: server error")
        if name not in EMPTY_POST_OK and after != before:
            failures.append(f"POST {url} with an empty body as {persona} changed the database")
        if not allowed and log_after != log_before:
            failures.append(f"{url} refused to {persona} but appended to the record log")
        if name in EMPTY_POST_OK:
            client = _client_for(persona, client, world)
    assert not failures, "\n".join(failures)


# --- the JSON API --------------------------------------------------------------------------------

# (method, path template) -> access class. Writes with an empty body must be refused as invalid (400)
# for the personas allowed to make them, and must change nothing for everyone.
API_OPS: dict[tuple[str, str], str] = {
    ("get", "/api/v1/catalog/regions"): "public",
    ("get", "/api/v1/catalog/agencies"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/officers"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/items"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/items/{item_id}"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/benchmarks"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/inspection-items"): "public",
    ("get", "/api/v1/catalog/agencies/{agency_id}/changes"): "public",
    ("get", "/api/v1/catalog/certificates/verify"): "public",
    ("get", "/api/v1/internal/agencies"): "staff",
    ("get", "/api/v1/internal/agencies/{agency_id}/officers"): "agency_read",
    ("get", "/api/v1/internal/items/{item_id}"): "agency_read",
    ("patch", "/api/v1/internal/items/{item_id}"): "lists_write",
    ("post", "/api/v1/internal/agencies/{agency_id}/items"): "lists_write",
    ("post", "/api/v1/internal/items/{item_id}/retire"): "lists_write",
    ("post", "/api/v1/internal/agencies/{agency_id}/benchmarks"): "lists_write",
    ("post", "/api/v1/internal/certificates/{certificate_id}/suspend"): "officer_manage",
    ("post", "/api/v1/internal/certificates/{certificate_id}/reinstate"): "officer_manage",
    ("post", "/api/v1/internal/certificates/{certificate_id}/revoke"): "officer_manage",
    ("get", "/api/v1/accounts/me"): "staff",
    ("get", "/api/v1/accounts/tokens"): "region_admin",
    ("post", "/api/v1/accounts/tokens"): "region_admin",
    ("post", "/api/v1/accounts/tokens/{token_id}/revoke"): "region_admin",
    ("get", "/api/v1/recordlog/checkpoint"): "public",
    ("get", "/api/v1/recordlog/checkpoints"): "public",
    ("get", "/api/v1/recordlog/key"): "public",
    ("get", "/api/v1/recordlog/entries/{seq}/inclusion"): "public",
    ("get", "/api/v1/recordlog/consistency"): "public",
    ("get", "/api/v1/recordlog/lookup"): "public",
    ("get", "/api/v1/cases"): "staff",
    ("get", "/api/v1/cases/{case_id}"): "agency_read",
    ("post", "/api/v1/cases"): "case_open",
    ("post", "/api/v1/cases/{case_id}/acts/{act}"): "case_work",
    ("get", "/api/v1/evidence/cases/{case_id}/items"): "agency_read",
    ("post", "/api/v1/evidence/cases/{case_id}/items"): "case_work",
    ("get", "/api/v1/evidence/items/{evidence_id}"): "agency_read",
    ("get", "/api/v1/evidence/items/{evidence_id}/file"): "agency_personal",
    ("patch", "/api/v1/cases/{case_id}"): "case_work",
    ("get", "/api/v1/documents/cases/{case_id}"): "agency_read",
    ("post", "/api/v1/documents/cases/{case_id}"): "case_work",
    ("get", "/api/v1/documents/{document_id}/pdf"): "agency_read",
    ("get", "/api/v1/documents/{document_id}/docx"): "agency_read",
    ("get", "/api/v1/casefiles/cases/{case_id}"): "agency_read",
    ("post", "/api/v1/casefiles/cases/{case_id}/archive"): "case_work",
    ("get", "/api/v1/publication/items"): "public",
    ("get", "/api/v1/publication/items/{record_id}"): "public",
    ("get", "/api/v1/publication/takedowns"): "public",
    ("get", "/api/v1/publication/records"): "staff",
    ("get", "/api/v1/review/queue"): "staff",
    ("get", "/api/v1/review/cases/{case_id}"): "agency_read",
    ("post", "/api/v1/review/cases/{case_id}/rounds"): "case_work",
    ("post", "/api/v1/review/cases/{case_id}/review/assign"): "review_assign",
    ("post", "/api/v1/review/cases/{case_id}/review/answers"): "review_work",
    ("post", "/api/v1/review/cases/{case_id}/review/opinion"): "review_work",
}
# Legal review on the matrix's on-the-spot case: a valid submission is refused (no review in the
# simple procedure) and the reviewers' acts find no open round — 409, nothing written.
REVIEW_409 = {
    ("post", "/api/v1/review/cases/{case_id}/rounds"),
    ("post", "/api/v1/review/cases/{case_id}/review/assign"),
    ("post", "/api/v1/review/cases/{case_id}/review/answers"),
    ("post", "/api/v1/review/cases/{case_id}/review/opinion"),
}
# Publication (H4): the staff flow's write API on the matrix's published record. Every valid body
# names the state "draft", which the record is not, so a step the persona may take is refused 409 and
# writes nothing; a record of another agency is 404 for its head whatever the step.
_PUBLICATION_RECORD = "/api/v1/publication/records/{record_id}"
PUBLICATION_STEPS: dict[tuple[str, str], str] = {
    ("post", f"{_PUBLICATION_RECORD}/draft"): "case_work",
    ("post", f"{_PUBLICATION_RECORD}/withhold"): "case_work",
    ("post", f"{_PUBLICATION_RECORD}/submit"): "case_work",
    ("post", f"{_PUBLICATION_RECORD}/masks"): "pub_redact",
    ("post", f"{_PUBLICATION_RECORD}/masks/{{index}}/remove"): "pub_redact",
    ("post", f"{_PUBLICATION_RECORD}/review"): "pub_redact",
    ("post", f"{_PUBLICATION_RECORD}/send-back"): "case_head",
    ("post", f"{_PUBLICATION_RECORD}/approve"): "case_head",
    ("post", f"{_PUBLICATION_RECORD}/withdraw"): "pub_withdraw",
    ("post", f"{_PUBLICATION_RECORD}/corrections/{{correction_id}}"): "pub_redact",
    ("post", f"{_PUBLICATION_RECORD}/corrections/{{correction_id}}/abuse"): "pub_redact",
    ("post", f"{_PUBLICATION_RECORD}/removal"): "pub_withdraw",
}
API_OPS.update({("get", _PUBLICATION_RECORD): "agency_read", **PUBLICATION_STEPS})
# Multipart uploads: a JSON body is never a valid upload, so the "valid body" pass expects 400 too.
UPLOADS = {("post", "/api/v1/evidence/cases/{case_id}/items")}
QUERY = {
    "/api/v1/catalog/certificates/verify": "?number=330101000001",
    "/api/v1/recordlog/consistency": "?old=1",
    "/api/v1/recordlog/lookup": "?sha256=" + hashlib.sha256(MATRIX_FILE).hexdigest(),
}


def api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method, path) for path, ops in schema["paths"].items() for method in ops]


def test_every_api_operation_is_in_the_matrix():
    missing = sorted(set(api_operations()) - set(API_OPS))
    assert not missing, f"add these API operations to API_OPS with an access class: {missing}"


VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/casefiles/cases/{case_id}/archive"): {"version": 1},
    ("post", "/api/v1/review/cases/{case_id}/rounds"): {"note": "矩阵测试说明"},
    ("post", "/api/v1/review/cases/{case_id}/review/assign"): {"reviewer_id": 1},
    ("post", "/api/v1/review/cases/{case_id}/review/answers"): {"point": 1, "answer": "pass"},
    ("post", "/api/v1/review/cases/{case_id}/review/opinion"): {"opinion": "agree", "text": "同意"},
    ("patch", "/api/v1/internal/items/{item_id}"): {"reason": "矩阵测试", "name": "矩阵测试改名"},
    ("post", "/api/v1/internal/agencies/{agency_id}/items"): {
        "reason": "矩阵测试",
        "code": "MATRIX-1",
        "name": "矩阵测试事项",
        "category": "penalty",
        "basis_text": "某法某条",
    },
    ("post", "/api/v1/internal/items/{item_id}/retire"): {"reason": "矩阵测试"},
    ("post", "/api/v1/internal/agencies/{agency_id}/benchmarks"): {
        "reason": "矩阵测试",
        "code": "MATRIX-BM",
        "violation": "某违法行为",
        "violated_provision": "某条",
        "penalty_provision": "某条",
        "grades": [{"grade": "general", "circumstances": "一般", "penalty": "警告"}],
    },
    ("post", "/api/v1/internal/certificates/{certificate_id}/suspend"): {"reason": "矩阵测试"},
    ("post", "/api/v1/internal/certificates/{certificate_id}/reinstate"): {"reason": "矩阵测试"},
    ("post", "/api/v1/internal/certificates/{certificate_id}/revoke"): {"reason": "矩阵测试"},
    ("post", "/api/v1/accounts/tokens"): {"name": "矩阵测试", "scopes": ["catalog:read"]},
    ("post", "/api/v1/accounts/tokens/{token_id}/revoke"): {},
    ("post", "/api/v1/cases"): {"procedure": "general", "title": "矩阵测试线索", "source": "complaint"},
    # An on-the-spot warning: an act the officer and the head may both do, that starts no deadline.
    ("post", "/api/v1/cases/{case_id}/acts/{act}"): {
        "version": 1,
        "penalty": {"kinds": ["warning"]},
        "records": ["on_the_spot_decision"],
    },
    # A correction of the facts before the decision, with its reason.
    ("patch", "/api/v1/cases/{case_id}"): {"version": 1, "reason": "矩阵测试", "facts": "矩阵测试更正的事实"},
    # The on-the-spot decision form, filled in on the spot before the act is recorded.
    ("post", "/api/v1/documents/cases/{case_id}"): {
        "kind": "on_the_spot_decision",
        "entered": {"place": "矩阵测试地点"},
    },
}


# Publication (H4): bodies that pass the schema and the action's cleaning, on a record in "draft".
VALID_BODIES.update(
    {
        ("post", f"{_PUBLICATION_RECORD}/draft"): {"state": "draft", "other_persons": "矩阵测"},
        ("post", f"{_PUBLICATION_RECORD}/withhold"): {
            "state": "draft",
            "ground": "state_secret",
            "note": "矩阵",
        },
        ("post", f"{_PUBLICATION_RECORD}/submit"): {"state": "draft"},
        ("post", f"{_PUBLICATION_RECORD}/masks"): {"state": "draft", "text": "矩阵", "reason": "矩阵测试"},
        ("post", f"{_PUBLICATION_RECORD}/masks/{{index}}/remove"): {"state": "draft", "reason": "矩阵测试"},
        ("post", f"{_PUBLICATION_RECORD}/review"): {"state": "draft"},
        ("post", f"{_PUBLICATION_RECORD}/send-back"): {"state": "draft", "reason": "矩阵测试"},
        ("post", f"{_PUBLICATION_RECORD}/approve"): {"state": "draft"},
        ("post", f"{_PUBLICATION_RECORD}/withdraw"): {
            "state": "draft",
            "ground": "revoked",
            "reason": "矩阵测试",
            "ground_on": "2026-03-02",
        },
        ("post", f"{_PUBLICATION_RECORD}/corrections/{{correction_id}}"): {
            "state": "draft",
            "accept": False,
            "response": "矩阵测试",
        },
        ("post", f"{_PUBLICATION_RECORD}/corrections/{{correction_id}}/abuse"): {
            "state": "draft",
            "reason": "矩阵测试",
        },
        ("post", f"{_PUBLICATION_RECORD}/removal"): {
            "state": "draft",
            "reason": "矩阵测试",
            "repair_reference": "矩阵〔2026〕1号",
        },
    }
)


# --- inbox API (helper H2): one's own messages; marking the reviewer's message read needs no body.
API_OPS |= {
    ("get", "/api/v1/inbox/messages"): "staff",
    ("post", "/api/v1/inbox/messages/{message_id}/read"): "inbox_own",
}
OWN_MESSAGE = {("post", "/api/v1/inbox/messages/{message_id}/read")}


# --- legal review (helper H1): the legal adviser's opinions, the extension asked by the reviewer and
# decided by the head, the reviewers' qualification profiles. A consultation on the matrix's
# on-the-spot case is refused (no legal review in the simple procedure, 409); the round is an open one
# of the matrix's clue, assigned to the reviewer: the reviewer's request and the head's approval go
# through, a refusal of no request is 409. Another agency's round, case or reviewer is 404.
CLASSES["review_consult"] = {"officer", "head", "reviewer"}
CLASSES["review_head"] = {"head"}
H1_UNSEEN = {"review_consult", "review_head"}
PAGES |= {
    "legal_review:consult": "review_consult",
    "legal_review:extension_request": "review_work",
    "legal_review:extension_approve": "case_head",
    "legal_review:extension_refuse": "case_head",
    "legal_review:reviewers": "staff",
}
API_OPS |= {
    ("get", "/api/v1/review/cases/{case_id}/consultations"): "agency_read",
    ("post", "/api/v1/review/cases/{case_id}/consultations"): "review_consult",
    ("post", "/api/v1/review/rounds/{round_id}/extension-request"): "review_work",
    ("post", "/api/v1/review/rounds/{round_id}/extension"): "review_head",
    ("post", "/api/v1/review/rounds/{round_id}/extension-refusal"): "review_head",
    ("get", "/api/v1/review/reviewers"): "staff",
    ("put", "/api/v1/review/reviewers/{user_id}"): "lists_write",
}
REVIEW_409 |= {
    ("post", "/api/v1/review/cases/{case_id}/consultations"),
    ("post", "/api/v1/review/rounds/{round_id}/extension-refusal"),
}
VALID_BODIES |= {
    ("post", "/api/v1/review/cases/{case_id}/consultations"): {
        "adviser_name": "矩阵律师",
        "adviser_role": "legal_adviser",
        "question": "矩阵测试问题",
        "opinion": "矩阵测试意见",
        "consulted_on": "2026-01-05",
    },
    ("post", "/api/v1/review/rounds/{round_id}/extension-request"): {"reason": "矩阵测试"},
    ("post", "/api/v1/review/rounds/{round_id}/extension"): {"reason": "矩阵测试"},
    ("post", "/api/v1/review/rounds/{round_id}/extension-refusal"): {"reason": "矩阵测试"},
    ("put", "/api/v1/review/reviewers/{user_id}"): {
        "qualification_number": "A20163301000123",
        "qualified_on": "2016-12-20",
    },
}


def _review_round(world: Any) -> Any:
    """An open review round of the matrix's clue, assigned to the reviewer. Made directly: a clue
    cannot be submitted for review, and the extension needs only an open, assigned round."""
    from sanxiang.core import clock
    from sanxiang.legal_review.models import ReviewRound

    case = _case(world)
    return ReviewRound.objects.filter(case=case).first() or ReviewRound.objects.create(
        case=case,
        number=1,
        note="矩阵测试说明",
        draft={},
        draft_hash="0" * 64,
        submitted_by=world.user("officer"),
        submitted_at=clock.now(),
        due=clock.today(),
        reviewer=world.user("reviewer"),
    )


def _expected_api(persona: str, access: str, method: str, valid: bool) -> set[int]:
    if persona in CLASSES[access]:
        return {200, 201} if method == "get" or valid else {400}
    if persona == "anonymous":
        return {401}
    # A body that fails the schema is refused before anything is looked up, which reveals nothing.
    schema_refusal = set() if valid or method == "get" else {400}
    if (
        access
        in {
            "agency_read",
            "agency_personal",
            "lists_write",
            "officer_manage",
            "case_work",
            "review_assign",
            *H1_UNSEEN,
        }
        and persona not in SEES_AGENCY_A
    ):
        return {404} | schema_refusal  # deny by default: another agency's objects do not exist for them
    return {403} | schema_refusal


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("valid", [False, True], ids=["empty-body", "valid-body"])
def test_api_answers_each_persona_as_the_matrix_says(persona, valid, client, world):
    from sanxiang.accounts.actions import issue_api_token

    token, _secret = issue_api_token(
        actor=world.user("admin"), agency=world.agency, name="矩阵测试", scopes=["catalog:read"]
    )
    params = {
        "agency_id": world.agency.pk,
        "item_id": world.items["item_a"].pk,
        "certificate_id": world.certificates[0].pk,
        "token_id": token.pk,
        "seq": _recorded_file()["seq"],
        "case_id": _spot_case(world).pk,
        "evidence_id": _evidence(world).pk,
        "act": "decide_on_the_spot",
        "document_id": _document(world).pk,
        "record_id": _publication(world).pk,
        "year": _annual_year(world),
        "round_id": _review_round(world).pk,  # legal review (H1)
        "user_id": world.user("reviewer").pk,  # legal review (H1): a reviewer's profile
        "message_id": _message(world).pk,
        "index": 0,  # publication (H4): a mask and a correction request of the record
        "correction_id": 1,
    }
    client = _client_for(persona, client, world)
    failures = []
    watch = Watch()
    for method, path in api_operations():
        access = API_OPS[(method, path)]
        url = path.format(**params) + QUERY.get(path, "")
        body = dict(VALID_BODIES.get((method, path), {})) if valid else {}
        if path == "/api/v1/accounts/tokens" and valid:
            body["agency_id"] = world.agency.pk
        log_before = log_size()
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
        (before, after), log_after = watch.step(), log_size()
        expected = _expected_api(persona, access, method, valid and (method, path) not in UPLOADS)
        if path.endswith("/tokens/{token_id}/revoke") and persona in CLASSES[access]:
            expected = {200}  # revoking needs no body: it is allowed and does change the token
        if path.endswith("/casefiles/cases/{case_id}/archive") and persona in CLASSES[access] and valid:
            expected = {409}  # the matrix's case is not finished: sealing it is refused, nothing written
        if (method, path) in REVIEW_409 and persona in CLASSES[access] and valid:
            expected = {409}
        if (method, path) in OWN_MESSAGE and persona != "anonymous":
            expected = {200} if persona in CLASSES[access] else {404}  # needs no body; others' is 404
        if (method, path) in PUBLICATION_STEPS:
            if persona in CLASSES[access] and valid:
                expected = {409}  # the record is published, the body says "draft": nothing written
            elif persona == "other_head":
                expected = {404} | ({400} if not valid else set())
        if response.status_code not in expected:
            failures.append(
                f"{method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
            )
        if response.status_code >= 400 and (after != before or log_after != log_before):
            failures.append(f"{method.upper()} {url} as {persona}: refused but the database or log changed")
        if response.status_code >= 400:
            payload = response.json()
            if not payload.get("code") or not payload.get("message"):
                failures.append(
                    f"{method.upper()} {url} as {persona}: error without code and message: {payload}"
                )
    assert not failures, "\n".join(failures)


# --- annual enforcement statistics (annual_reports, helper H3) ---------------------------------
# The matrix's agency A has its report of last year published (version 1) and a correction in
# preparation (version 2): the public pages show version 1, the staff pages and the API's steps act
# on version 2, in the order the API declares them (generate, enter a line, review, publish).
CLASSES.update({"annual_prepare": {"head", "reviewer"}, "annual_head": {"head"}})
PAGES.update(
    {
        "annual_reports:index": "public",
        "annual_reports:public_report": "public",
        "annual_reports:public_excel": "public",
        "annual_reports:public_json": "public",
        "annual_reports:manage": "staff",
        "annual_reports:report": "agency_read",
        "annual_reports:excel": "agency_read",
        "annual_reports:generate": "annual_prepare",
        "annual_reports:line": "annual_prepare",
        "annual_reports:review": "annual_head",
        "annual_reports:publish": "annual_head",
        "annual_reports:correct": "annual_prepare",
    }
)
API_OPS.update(
    {
        ("get", "/api/v1/annual-reports"): "public",
        ("get", "/api/v1/annual-reports/{agency_id}/{year}"): "public",
        ("post", "/api/v1/annual-reports/{agency_id}/generate"): "annual_prepare",
        ("patch", "/api/v1/annual-reports/{agency_id}/{year}/lines"): "annual_prepare",
        ("post", "/api/v1/annual-reports/{agency_id}/{year}/review"): "annual_head",
        ("post", "/api/v1/annual-reports/{agency_id}/{year}/publish"): "annual_head",
    }
)


def _annual_year(world: Any) -> int:
    from sanxiang.annual_reports import actions as annual
    from sanxiang.annual_reports.models import Report
    from sanxiang.core import clock

    year = clock.today().year - 1
    if Report.objects.filter(agency=world.agency, year=year).exists():
        return year
    head = world.user("head")
    report = annual.generate(actor=head, agency=world.agency, data={"year": year})
    report = annual.publish(actor=head, report=annual.review(actor=head, report=report))
    annual.correct(actor=head, report=report, data={"reason": "矩阵测试更正"})
    return year


def _local_year() -> int:
    """The year in the agency's zone, as the reports count it (not UTC: 1 January starts at 16:00 UTC)."""
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).year


VALID_BODIES.update(
    {
        ("post", "/api/v1/annual-reports/{agency_id}/generate"): {"year": _local_year() - 1},
        ("patch", "/api/v1/annual-reports/{agency_id}/{year}/lines"): {"category": "penalty", "count": 0},
        ("post", "/api/v1/annual-reports/{agency_id}/{year}/review"): {"version": 2},
        ("post", "/api/v1/annual-reports/{agency_id}/{year}/publish"): {"version": 2},
    }
)


# --- legal review API completeness (helper F2, issue 6): the catalogue is public to read and kept by
# the head or an administrator (another agency's is 404). Marking a case major is the officers' and the
# head's act (201 on the on-the-spot case); the reviewer's recusal and request for material, the
# handler's supplement and the head's collective discussion find no open round or no passed review on
# the on-the-spot case: 409, nothing written.
API_OPS |= {
    ("get", "/api/v1/review/agencies/{agency_id}/catalogue"): "public",
    ("put", "/api/v1/review/agencies/{agency_id}/catalogue"): "lists_write",
    ("post", "/api/v1/review/cases/{case_id}/escalations"): "case_work",
    ("post", "/api/v1/review/cases/{case_id}/recusal"): "review_work",
    ("post", "/api/v1/review/cases/{case_id}/supplement-request"): "review_work",
    ("post", "/api/v1/review/cases/{case_id}/supplement"): "case_work",
    ("post", "/api/v1/review/cases/{case_id}/discussion"): "review_head",
}
REVIEW_409 |= {
    ("post", "/api/v1/review/cases/{case_id}/recusal"),
    ("post", "/api/v1/review/cases/{case_id}/supplement-request"),
    ("post", "/api/v1/review/cases/{case_id}/supplement"),
    ("post", "/api/v1/review/cases/{case_id}/discussion"),
}
VALID_BODIES |= {
    ("put", "/api/v1/review/agencies/{agency_id}/catalogue"): {
        "review_all": False,
        "penalty_kinds": ["licence_revocation", "closure"],
        "fine_natural_person": None,
        "fine_organisation": "100000",
        "confiscation_value": None,
        "hearing_held": True,
        "many_parties": 3,
        "suspected_crime": True,
    },
    ("post", "/api/v1/review/cases/{case_id}/escalations"): {"ground": "complex_facts", "reason": "矩阵测试"},
    ("post", "/api/v1/review/cases/{case_id}/recusal"): {"reason": "矩阵测试"},
    ("post", "/api/v1/review/cases/{case_id}/supplement-request"): {"what": "矩阵测试材料"},
    ("post", "/api/v1/review/cases/{case_id}/supplement"): {"note": "矩阵测试材料"},
    ("post", "/api/v1/review/cases/{case_id}/discussion"): {
        "held_on": "2026-01-05",
        "attendees": "矩阵测试出席人员",
        "opinions": "矩阵测试意见",
        "conclusion": "矩阵测试结论",
    },
}
