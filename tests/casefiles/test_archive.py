"""Sealing and archiving: only a finished, complete file; the package stored under its SHA-256 and
named in the record log; from then on the case refuses every change."""

from __future__ import annotations

import pytest

from sanxiang.casefiles.actions import archive_case
from sanxiang.casefiles.verify import verify_package
from sanxiang.cases import actions as case_actions
from sanxiang.cases.models import Case
from sanxiang.core.actions import record_policy_value
from sanxiang.core.errors import Conflict, NotAllowed, WrongState
from sanxiang.documents.actions import issue_document
from sanxiang.documents.models import Document
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.evidence.demo import video_bytes
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.recordlog.models import Entry
from tests.casefiles.conftest import ORGANISATION
from tests.fingerprint import database_fingerprint, log_size


def nothing_stored(settings) -> bool:
    root = settings.BLOB_ROOT / "sha256"
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def test_it_seals_a_closed_case_and_logs_the_package_digest(world, closed_case, settings, tmp_path):
    archived = archive_case(actor=world.user("officer"), case=closed_case)
    case = Case.objects.get(pk=closed_case.pk)
    assert case.archived_at is not None and case.archive_digest == archived.sha256
    blob = Blob.objects.get(sha256=archived.sha256)
    assert blob.size == archived.size
    copy = tmp_path / "stored.zip"
    copy.write_bytes(b"".join(blobs.iter_blob(blob)))
    assert verify_package(copy).ok
    last = Entry.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).order_by("-seq").first()
    assert last.kind == "case.archived"
    assert last.payload["digest"] == archived.sha256
    assert last.payload["entries"] == len(archived.exported.entries)


def test_an_archived_case_refuses_every_change(world, closed_case):
    officer = world.user("officer")
    archive_case(actor=officer, case=closed_case)
    case = Case.objects.get(pk=closed_case.pk)
    before, log_before = database_fingerprint(), log_size()
    attempts = [
        lambda: case_actions.add_party(actor=officer, case=case, data=ORGANISATION),
        lambda: case_actions.add_record(actor=officer, case=case, name="closing_approval"),
        lambda: case_actions.assign_officers(actor=officer, case=case, officer_ids=[world.officers[2].pk]),
        lambda: archive_case(actor=officer, case=case),
        lambda: case_actions.mark_archived(actor=officer, case=case, digest="0" * 64),
    ]
    for attempt in attempts:
        with pytest.raises(WrongState) as refused:
            attempt()
        assert refused.value.code == "case_archived"
    assert database_fingerprint() == before and log_size() == log_before


def test_an_unfinished_case_is_not_archived_and_nothing_is_written(world, open_general_case, settings):
    before, log_before = database_fingerprint(), log_size()
    with pytest.raises(WrongState) as refused:
        archive_case(actor=world.user("officer"), case=open_general_case)
    assert refused.value.code == "case_not_finished"
    assert "第四十七条" in str(refused.value.citation)
    assert database_fingerprint() == before and log_size() == log_before
    assert nothing_stored(settings)


def test_a_final_case_whose_file_lacks_a_record_is_not_archived(world, clock, settings):
    case = case_actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "不予立案的线索", "source": "complaint"},
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    case_actions.perform(case, "decline_filing", world.user("head"), {"reason": "不符合立案条件"})
    before, log_before = database_fingerprint(), log_size()
    with pytest.raises(WrongState) as refused:
        archive_case(actor=world.user("head"), case=case)
    assert refused.value.code == "casefile_incomplete"
    assert refused.value.field == "records"
    assert "不予立案" in str(refused.value.message)
    assert database_fingerprint() == before and log_size() == log_before
    assert nothing_stored(settings)


@pytest.mark.parametrize("persona", ["reviewer", "publisher", "supervisor", "other_head"])
def test_only_the_case_officers_and_head_archive(world, closed_case, persona):
    before = database_fingerprint()
    with pytest.raises(NotAllowed):
        archive_case(actor=world.user(persona), case=closed_case)
    assert database_fingerprint() == before


def test_a_stale_version_is_a_conflict(world, closed_case):
    with pytest.raises(Conflict) as refused:
        archive_case(actor=world.user("head"), case=closed_case, expected_version=closed_case.version - 1)
    assert refused.value.code == "case_changed"
    assert Case.objects.get(pk=closed_case.pk).archived_at is None


def test_after_sealing_evidence_and_documents_refuse_every_change(world, full_case, upload_bytes):
    officer, head = world.user("officer"), world.user("head")
    archive_case(actor=head, case=full_case)
    case = Case.objects.get(pk=full_case.pk)
    item = Evidence.objects.filter(case=case).first()
    document = Document.objects.filter(case=case).first()
    before, log_before = database_fingerprint(), log_size()
    attempts = [
        lambda: evidence_actions.add_evidence(
            actor=officer,
            case=case,
            upload=upload_bytes(b"\xff\xd8\xff late photo", "late.jpg"),
            data={"kind": "physical"},
        ),
        lambda: evidence_actions.withdraw_evidence(actor=officer, item=item, reason="归档后撤回"),
        lambda: evidence_actions.request_exemption(
            actor=officer, case=case, step="decide", reason="设备故障"
        ),
        lambda: issue_document(actor=head, case=case, kind="closing_approval"),
        lambda: issue_document(actor=head, case=case, kind="decision", supersedes=document, reason="更正"),
    ]
    for attempt in attempts:
        with pytest.raises(WrongState) as refused:
            attempt()
        assert refused.value.code == "case_archived"
    assert database_fingerprint() == before and log_size() == log_before


def test_a_mandatory_audio_video_record_missing_from_the_file_stops_the_seal(
    world, closed_case, upload_bytes
):
    record_policy_value(
        actor=world.user("admin"),
        key="evidence.av_requirements",
        scope=f"agency:{world.agency.pk}",
        value="start_investigation:mandatory",
        reason="本局音像记录事项清单",
    )
    head = world.user("head")
    with pytest.raises(WrongState) as refused:
        archive_case(actor=head, case=closed_case)
    assert refused.value.code == "casefile_incomplete"
    assert "音像记录" in str(refused.value.message) and "开始调查" in str(refused.value.message)
    investigation = closed_case.acts.get(act="start_investigation")
    evidence_actions.add_evidence(
        actor=world.user("officer"),
        case=closed_case,
        upload=upload_bytes(video_bytes(seconds=1), "现场.mp4"),
        data={"kind": "audiovisual", "step": str(investigation.pk)},
    )
    archive_case(actor=head, case=Case.objects.get(pk=closed_case.pk))
    assert Case.objects.get(pk=closed_case.pk).archived_at is not None
