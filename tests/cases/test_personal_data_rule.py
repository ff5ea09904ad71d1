"""One rule decides who sees a party's personal data (ID number, address, telephone): the case's own
agency. The case page and the API apply it alike and record the read alike (issue 13; finding 6 of
issue 11)."""

from __future__ import annotations

import pytest

from sanxiang.cases.permissions import can_see_personal_data
from sanxiang.recordlog.models import Entry

PERSON = {
    "kind": "natural_person",
    "name": "张三测",
    "id_number": "11010519491231002X",
    "address": "东湖县湖滨路8号",
    "phone": "13912345678",
}

# persona -> (may see the case at all, may see the personal data)
ROLES = {
    "officer": (True, True),
    "head": (True, True),
    "reviewer": (True, True),
    "publisher": (True, True),
    "other_head": (False, False),  # another agency's head: the case does not exist for them
    "supervisor": (True, False),  # a 司法局 supervisor of the region
    "county_admin": (True, False),
    "admin": (True, False),
}


def _reads(case):
    return Entry.objects.filter(kind="access.party_identity", subject_id=str(case.pk)).count()


@pytest.mark.parametrize("persona", sorted(ROLES))
def test_the_rule_and_both_channels_agree_for_each_role(persona, world, open_case, client_as):
    sees_case, sees_personal = ROLES[persona]
    case = open_case(parties=[PERSON])
    assert can_see_personal_data(world.user(persona), case) is sees_personal
    client = client_as(persona)

    page = client.get(f"/cases/{case.pk}/")
    api = client.get(f"/api/v1/cases/{case.pk}")
    if not sees_case:
        assert (page.status_code, api.status_code) == (404, 404)
        assert _reads(case) == 0
        return
    assert (page.status_code, api.status_code) == (200, 200)
    html = page.content.decode()
    (party,) = api.json()["parties"]
    assert party["name"] == PERSON["name"] and PERSON["name"] in html  # names are case work
    for field in ("id_number", "address", "phone"):
        # The page showed the address to every reader in scope before; now it follows the rule.
        assert (party[field] == PERSON[field]) is sees_personal, field
        assert (PERSON[field] in html) is sees_personal, field
        if not sees_personal:
            assert party[field] is None
    if not sees_personal:
        assert "只向本案所属执法机关显示" in html
    # One read recorded per channel when the data was shown, none otherwise.
    assert _reads(case) == (2 if sees_personal else 0)
    channels = sorted(e.payload["channel"] for e in Entry.objects.filter(kind="access.party_identity"))
    assert channels == (["api/cases/detail", "cases/case"] if sees_personal else [])


def test_an_organisation_only_case_records_no_read_on_either_channel(open_case, client_as):
    case = open_case()
    client = client_as("officer")
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert _reads(case) == 0
