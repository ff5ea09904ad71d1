"""The case page's case-file panel, sealing from it, the logged download, and the public verify page;
the same through the JSON API."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from sanxiang.casefiles.actions import archive_case
from sanxiang.casefiles.export import export_to
from sanxiang.cases.models import Case
from sanxiang.recordlog.models import Entry
from tests.casefiles.conftest import run_general_case
from tests.fingerprint import database_fingerprint, log_size


def test_the_panel_offers_sealing_and_then_the_download(world, closed_case, client_as):
    client = client_as("officer")
    page = client.get(f"/cases/{closed_case.pk}/").content.decode()
    assert 'id="casefile"' in page and f"/casefiles/case/{closed_case.pk}/archive/" in page
    answer = client.post(f"/casefiles/case/{closed_case.pk}/archive/", {"version": closed_case.version})
    assert answer.status_code == 302 and answer["Location"] == f"/cases/{closed_case.pk}/"
    case = Case.objects.get(pk=closed_case.pk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-archived="true"' in page and case.archive_digest in page
    assert f"/casefiles/case/{case.pk}/package.zip" in page


def test_the_download_is_the_sealed_package_and_is_logged_as_a_read(world, clock, client_as):
    case = run_general_case(world, clock)
    archive_case(actor=world.user("head"), case=case)
    case.refresh_from_db()
    client = client_as("reviewer")  # may read the agency's cases, not work on them
    before = log_size()
    answer = client.get(f"/casefiles/case/{case.pk}/package.zip")
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content)
    assert hashlib.sha256(body).hexdigest() == case.archive_digest == answer["X-Content-SHA256"]
    assert log_size() == before + 1
    read = Entry.objects.order_by("-seq").first()
    assert read.kind == "access.case_file" and read.subject_id == str(case.pk)
    assert read.actor_id == world.user("reviewer").pk


def test_a_case_not_archived_has_no_download_and_logs_nothing(world, open_general_case, client_as):
    before = log_size()
    answer = client_as("officer").get(f"/casefiles/case/{open_general_case.pk}/package.zip")
    assert answer.status_code == 409 and "casefile_not_archived" in answer.content.decode()
    assert log_size() == before


def test_sealing_an_unfinished_case_from_the_page_is_refused_with_the_reason(
    world, open_general_case, client_as
):
    client = client_as("officer")
    before, log_before = database_fingerprint(), log_size()
    answer = client.post(
        f"/casefiles/case/{open_general_case.pk}/archive/", {"version": open_general_case.version}
    )
    assert answer.status_code == 409
    page = answer.content.decode()
    assert 'data-code="case_not_finished"' in page and "第四十七条" in page
    assert database_fingerprint() == before and log_size() == log_before


def test_anyone_can_verify_an_uploaded_package(world, closed_case, client, tmp_path):
    out = tmp_path / "case.zip"
    export_to(closed_case, out)
    good = client.post("/casefiles/verify/", {"package": io.BytesIO(out.read_bytes())})
    assert good.status_code == 200 and 'data-ok="true"' in good.content.decode()
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("data/catalogue.pdf")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100] ^= 0xFF
    altered = io.BytesIO(bytes(data))
    altered.name = "altered.zip"
    bad = client.post("/casefiles/verify/", {"package": altered})
    page = bad.content.decode()
    assert 'data-ok="false"' in page and 'data-path="data/catalogue.pdf"' in page
    empty = client.post("/casefiles/verify/", {})
    assert empty.status_code == 400 and 'data-code="required"' in empty.content.decode()


def test_the_api_reports_the_file_and_seals_it_with_the_version_read(world, closed_case, client_as):
    client = client_as("officer")
    status = client.get(f"/api/v1/casefiles/cases/{closed_case.pk}").json()
    assert status["final"] and status["complete"] and not status["archived"]
    stale = client.post(
        f"/api/v1/casefiles/cases/{closed_case.pk}/archive",
        data=json.dumps({"version": status["version"] - 1}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "case_changed"
    done = client.post(
        f"/api/v1/casefiles/cases/{closed_case.pk}/archive",
        data=json.dumps({"version": status["version"]}),
        content_type="application/json",
    )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["archived"] and len(body["sha256"]) == 64
    assert body["download_url"] == f"/casefiles/case/{closed_case.pk}/package.zip"
    again = client.post(
        f"/api/v1/casefiles/cases/{closed_case.pk}/archive",
        data=json.dumps({"version": body["version"]}),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "case_archived"


def test_the_api_hides_another_agencys_case_file(world, closed_case, client_as):
    assert client_as("other_head").get(f"/api/v1/casefiles/cases/{closed_case.pk}").status_code == 404
