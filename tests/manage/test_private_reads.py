"""Reads of officers' private data leave a record-log entry naming who saw what."""

from sanxiang.recordlog.models import Entry


def _access_entries():
    return list(Entry.objects.filter(kind__startswith="access.").order_by("seq"))


def test_viewing_an_officer_page_is_recorded(client_as, world):
    officer = world.officers[0]
    response = client_as("county_admin").get(f"/manage/officer/{officer.pk}/")
    assert response.status_code == 200
    assert "13800000000" in response.content.decode()
    (entry,) = _access_entries()
    assert entry.kind == "access.officer_contact"
    assert (entry.subject_type, entry.subject_id) == ("catalog.officer", str(officer.pk))
    assert entry.actor_id == world.user("county_admin").pk
    assert entry.payload["officer_ids"] == [officer.pk]


def test_the_agency_page_and_the_officer_export_are_recorded(client_as, world):
    client = client_as("supervisor")
    assert client.get(f"/manage/agency/{world.agency.pk}/").status_code == 200
    assert client.get(f"/manage/agency/{world.agency.pk}/export/officers.xlsx").status_code == 200
    assert client.get(f"/manage/agency/{world.agency.pk}/export/items.xlsx").status_code == 200
    entries = _access_entries()
    assert [e.payload["channel"] for e in entries] == ["manage/agency", "manage/export/officers"]
    assert sorted(entries[0].payload["officer_ids"]) == sorted(o.pk for o in world.officers)


def test_a_refused_read_records_nothing(client_as, world):
    response = client_as("other_head").get(f"/manage/officer/{world.officers[0].pk}/")
    assert response.status_code == 404
    assert _access_entries() == []


def test_token_reads_through_the_api_are_recorded_with_the_token(client, world):
    from sanxiang.accounts.actions import issue_api_token

    token, secret = issue_api_token(
        actor=world.user("county_admin"), agency=world.agency, name="省平台", scopes=["catalog:read"]
    )
    response = client.get(
        f"/api/v1/internal/agencies/{world.agency.pk}/officers", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    (entry,) = _access_entries()
    assert entry.payload["channel"] == "api/internal/officers"
    assert entry.payload["via"] == f"token:{token.prefix}"
    assert entry.actor_label == f"token:{token.prefix}"
    assert entry.actor_id is None
