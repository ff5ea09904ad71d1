"""An agency's kind (statutory / authorised / entrusted) and its entrusting agency, changed on the
edit page under 处罚法 Art. 20: an entrusted organisation names a different, non-entrusted,
current entrusting agency in a region the actor manages, and publishes the entrustment letter."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sanxiang.catalog import actions
from sanxiang.catalog.enums import AgencyKind
from sanxiang.catalog.models import Agency, CatalogChange
from sanxiang.core.errors import Invalid
from tests.fingerprint import database_fingerprint
from tests.world import make_uscc

REASON = "委托关系调整"
LETTER = "兹委托东湖县市场监管综合执法队以本局名义实施行政处罚。"


@pytest.fixture
def team(world):
    """A statutory body of 东湖县 that the tests turn into an entrusted organisation."""
    return actions.create_agency(
        actor=None,
        region=world.county,
        reason="测试数据",
        data={
            "name": "东湖县市场监管综合执法队",
            "credit_code": make_uscc("12330101MB0000009"),
            "kind": "statutory",
        },
    )


def _entrusted(world, name, body, entruster):
    return actions.create_agency(
        actor=None,
        region=world.county,
        reason="测试数据",
        entrusted_by=entruster,
        data={
            "name": name,
            "credit_code": make_uscc(body),
            "kind": "entrusted",
            "entrustment_letter": LETTER,
        },
    )


def _form(agency, **overrides):
    names = [
        "name",
        "short_name",
        "credit_code",
        "kind",
        "entrustment_letter",
        "powers_basis",
        "duties",
        "address",
        "phone",
        "website",
        "complaint_phone",
        "complaint_email",
        "complaint_address",
        "reconsideration_body",
        "litigation_body",
    ]
    data = {name: getattr(agency, name) for name in names}
    data["entrusted_by"] = str(agency.entrusted_by_id or "")
    data["reason"] = REASON
    data.update(overrides)
    return data


def _post(client, agency, **overrides):
    return client.post(f"/manage/agency/{agency.pk}/edit/", _form(agency, **overrides))


def test_the_edit_page_offers_the_kind_and_the_possible_entrusting_agencies(world, team, client_as):
    entrusted = _entrusted(world, "东湖县文化执法队", "12330101MB0000010", world.agency)
    body = client_as("county_admin").get(f"/manage/agency/{team.pk}/edit/").content.decode()
    assert '<select id="id_kind" name="kind"' in body and "受委托组织" in body
    assert '<select id="id_entrusted_by" name="entrusted_by"' in body
    assert f'<option value="{world.agency.pk}">{world.agency.name}</option>' in body
    assert f'<option value="{team.pk}"' not in body  # not itself
    assert f'<option value="{entrusted.pk}"' not in body  # not an entrusted organisation
    assert f'<option value="{world.other_agency.pk}"' not in body  # not outside 东湖县


def test_it_turns_an_agency_into_an_entrusted_organisation_and_logs_it_publicly(
    world, team, client, client_as
):
    response = _post(
        client_as("county_admin"),
        team,
        kind="entrusted",
        entrusted_by=str(world.agency.pk),
        entrustment_letter=LETTER,
    )
    assert response.status_code == 302 and response["Location"] == f"/manage/agency/{team.pk}/"
    team.refresh_from_db()
    assert team.kind == AgencyKind.ENTRUSTED and team.entrusted_by == world.agency
    assert team.entrustment_letter == LETTER
    change = CatalogChange.objects.get(subject_type="agency", subject_id=team.pk, reason=REASON)
    assert change.public is True
    assert change.summary == (
        "修改：类型、委托书、委托机关（类型 行政机关 → 受委托组织；委托机关 — → 东湖县市场监督管理局）"
    )
    assert change.summary in client.get(f"/agencies/{team.pk}/changes/").content.decode()


def test_it_changes_the_entrusting_agency_and_back_to_a_statutory_agency(world, team, client_as):
    client = client_as("county_admin")
    other = actions.create_agency(
        actor=None,
        region=world.county,
        reason="测试数据",
        data={
            "name": "东湖县文化和旅游局",
            "credit_code": make_uscc("11330101MB0000011"),
            "kind": "statutory",
        },
    )
    response = _post(
        client, team, kind="entrusted", entrusted_by=str(world.agency.pk), entrustment_letter=LETTER
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert _post(client, team, entrusted_by=str(other.pk)).status_code == 302
    team.refresh_from_db()
    assert team.entrusted_by == other
    latest = CatalogChange.objects.filter(subject_type="agency", subject_id=team.pk).first()
    assert latest is not None
    assert latest.summary == "修改：委托机关（委托机关 东湖县市场监督管理局 → 东湖县文化和旅游局）"
    assert _post(client, team, kind="statutory", entrusted_by="").status_code == 302
    team.refresh_from_db()
    assert team.kind == AgencyKind.STATUTORY and team.entrusted_by is None


def test_the_action_drops_the_entrusting_agency_when_the_kind_changes_and_it_is_not_given(world, team):
    admin = world.user("county_admin")
    actions.update_agency(
        actor=admin,
        agency=team,
        data={"kind": "entrusted", "entrustment_letter": LETTER},
        reason=REASON,
        entrusted_by=world.agency,
    )
    # Changing only the address leaves the entrustment alone.
    actions.update_agency(actor=admin, agency=team, data={"address": "东湖县人民路3号"}, reason=REASON)
    team.refresh_from_db()
    assert team.entrusted_by == world.agency
    actions.update_agency(actor=admin, agency=team, data={"kind": "authorised"}, reason=REASON)
    team.refresh_from_db()
    assert team.kind == AgencyKind.AUTHORISED and team.entrusted_by is None


def _refused_on_page(client, agency, field, message, **overrides):
    before = database_fingerprint()
    response = _post(client, agency, **overrides)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<p class="field-error" data-field="{field}">{message}</p>' in body
    assert REASON in body  # what was typed is shown again
    assert database_fingerprint() == before


def test_it_refuses_an_entrusted_organisation_without_entrusting_agency(world, team, client_as):
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "受委托组织必须载明委托机关（《行政处罚法》第二十条）。",
        kind="entrusted",
        entrusted_by="",
        entrustment_letter=LETTER,
    )


def test_it_refuses_an_entrusted_organisation_without_the_letter(world, team, client_as):
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrustment_letter",
        "受委托组织的委托书必须公示（《行政处罚法》第二十条）。",
        kind="entrusted",
        entrusted_by=str(world.agency.pk),
        entrustment_letter="",
    )


def test_it_refuses_an_agency_entrusting_itself(world, team, client_as):
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "执法主体不能委托自身（《行政处罚法》第二十条）。",
        kind="entrusted",
        entrusted_by=str(team.pk),
        entrustment_letter=LETTER,
    )


def test_it_refuses_an_entrusted_organisation_as_entrusting_agency(world, team, client_as):
    entrusted = _entrusted(world, "东湖县文化执法队", "12330101MB0000010", world.agency)
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "所选委托机关本身是受委托组织，不得再委托其他组织（《行政处罚法》第二十条）。",
        kind="entrusted",
        entrusted_by=str(entrusted.pk),
        entrustment_letter=LETTER,
    )


def test_it_refuses_a_retired_entrusting_agency(world, team, client_as):
    retired = actions.create_agency(
        actor=None,
        region=world.county,
        reason="测试数据",
        data={"name": "东湖县原工商局", "credit_code": make_uscc("11330101MB0000012"), "kind": "statutory"},
    )
    Agency.objects.filter(pk=retired.pk).update(retired_at=timezone.now())  # no retire action yet
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "所选委托机关已停用。",
        kind="entrusted",
        entrusted_by=str(retired.pk),
        entrustment_letter=LETTER,
    )


def test_it_refuses_an_entrusting_agency_outside_the_actors_regions(world, team, client_as):
    # On the page an agency the administrator cannot see is not a choice at all...
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "委托机关为必填项。",
        kind="entrusted",
        entrusted_by=str(world.other_agency.pk),
        entrustment_letter=LETTER,
    )
    # ...and the action itself refuses it, whoever calls it.
    before = database_fingerprint()
    with pytest.raises(Invalid) as refused:
        actions.update_agency(
            actor=world.user("county_admin"),
            agency=team,
            data={"kind": "entrusted", "entrustment_letter": LETTER},
            reason=REASON,
            entrusted_by=world.other_agency,
        )
    assert refused.value.field == "entrusted_by" and refused.value.code == "entrusting_agency_out_of_scope"
    assert str(refused.value.message) == "委托机关必须位于您管理的行政区划内。"
    assert database_fingerprint() == before


def test_it_refuses_an_entrusting_agency_for_an_agency_that_is_not_entrusted(world, team, client_as):
    _refused_on_page(
        client_as("county_admin"),
        team,
        "entrusted_by",
        "只有受委托组织才载明委托机关。",
        kind="authorised",
        entrusted_by=str(world.agency.pk),
    )


def test_it_refuses_to_make_an_entrusting_agency_an_entrusted_one(world, team, client_as):
    _entrusted(world, "东湖县文化执法队", "12330101MB0000010", world.agency)
    _refused_on_page(
        client_as("county_admin"),
        world.agency,
        "kind",
        "本机关正在委托东湖县文化执法队；受委托组织不得再委托其他组织（《行政处罚法》第二十条）。请先终止这些委托。",
        kind="entrusted",
        entrusted_by=str(team.pk),
        entrustment_letter=LETTER,
    )


def test_creating_an_agency_applies_the_same_rule(world, client_as):
    entrusted = _entrusted(world, "东湖县文化执法队", "12330101MB0000010", world.agency)
    client = client_as("county_admin")
    before = database_fingerprint()
    response = client.post(
        "/manage/agency/new/",
        {
            "region": str(world.county.pk),
            "entrusted_by": str(entrusted.pk),
            "name": "东湖县二级执法队",
            "credit_code": make_uscc("12330101MB0000013"),
            "kind": "entrusted",
            "entrustment_letter": LETTER,
            "reason": REASON,
        },
    )
    assert response.status_code == 400
    assert (
        '<p class="field-error" data-field="entrusted_by">'
        "所选委托机关本身是受委托组织，不得再委托其他组织（《行政处罚法》第二十条）。</p>"
    ) in response.content.decode()
    assert database_fingerprint() == before
