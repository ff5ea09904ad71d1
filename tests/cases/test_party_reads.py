"""Seeing a natural person's identity data on a case is recorded in the record log."""

from sanxiang.recordlog.models import Entry
from tests.cases.conftest import PERSON


def _reads():
    return list(Entry.objects.filter(kind="access.party_identity").order_by("seq"))


def test_the_case_page_records_who_saw_a_persons_identity(client_as, open_case, world):
    case = open_case(parties=[PERSON])
    response = client_as("head").get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert PERSON["name"] in response.content.decode()  # with their address when known
    (entry,) = _reads()
    assert (entry.subject_type, entry.subject_id) == ("cases.case", str(case.pk))
    assert entry.actor_id == world.user("head").pk
    assert entry.payload["party_ids"] == [case.parties.get().pk]


def test_an_organisation_only_case_records_no_identity_read(client_as, open_case):
    case = open_case()
    assert client_as("head").get(f"/cases/{case.pk}/").status_code == 200
    assert _reads() == []


def test_the_api_records_the_read_only_when_it_shows_the_identity(client_as, open_case):
    case = open_case(parties=[PERSON])
    assert client_as("officer").get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert len(_reads()) == 1
    # A supervisor gets the case without the ID number, so nothing personal was read.
    body = client_as("supervisor").get(f"/api/v1/cases/{case.pk}").json()
    assert body["parties"][0]["id_number"] is None
    assert len(_reads()) == 1
