"""Every catalog act appends exactly one record log entry in its own transaction; a refused act
appends none. The signing key is needed for checkpoints only, never for appending."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sanxiang.accounts.models import ApiToken
from sanxiang.catalog import actions
from sanxiang.catalog.actions._common import plain
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.recordlog import queries
from sanxiang.recordlog.models import Entry
from tests.api import bearer, issue_token, patch

KEY = "accounts.lockout_failures"


@pytest.fixture
def no_signing_key(settings, tmp_path):
    """Point the key setting at a file that does not exist: appending must not need it."""
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "absent" / "recordlog.key"
    return settings.RECORDLOG_SIGNING_KEY_FILE


def _new_entries(before: int) -> list[Entry]:
    return list(Entry.objects.filter(seq__gte=before).order_by("seq"))


def test_building_the_world_records_every_act_without_a_signing_key(no_signing_key, db):
    from tests.world import build_world

    world = build_world()
    kinds = [entry.kind for entry in Entry.objects.order_by("seq")]
    assert kinds.count("catalog.region.created") == 4
    assert kinds.count("catalog.agency.created") == 2
    assert kinds.count("catalog.officer.created") == 4
    assert kinds.count("catalog.certificate.issued") == 4
    assert "catalog.certificate.certificate" not in kinds  # one entry per certificate act
    assert not no_signing_key.exists()
    issued = queries.entries_for_subject("catalog.certificate", world.certificates[0].pk).get()
    assert issued.kind == "catalog.certificate.issued"
    assert issued.agency_id == world.agency.pk
    assert issued.actor_label == "system"
    snapshot = issued.payload["snapshot"]
    assert snapshot["number"] == world.certificates[0].number
    assert snapshot["issued_on"] == "2024-01-01"
    assert snapshot["officer"] == world.officers[0].pk


def test_a_list_change_is_one_entry_with_the_row_after_the_change(world, no_signing_key):
    before = queries.tree_size()
    head = world.user("head")
    item = actions.save_item(
        actor=head,
        agency=world.agency,
        item=world.items["item_a"],
        reason="年度清单调整",
        data={"name": "对经营超过保质期食品的处罚"},
    )
    [entry] = _new_entries(before)
    assert entry.kind == "catalog.enforcementitem.changed"
    assert (entry.subject_type, entry.subject_id) == ("catalog.enforcementitem", str(item.pk))
    assert (entry.actor_id, entry.actor_label) == (head.pk, str(head))
    assert entry.agency_id == world.agency.pk
    payload = entry.payload
    assert payload["reason"] == "年度清单调整"
    assert payload["public"] is True
    assert "对经营超过保质期食品的处罚" in payload["summary"]
    assert payload["snapshot"]["name"] == "对经营超过保质期食品的处罚"
    assert payload["snapshot"]["agency"] == world.agency.pk
    assert payload["snapshot"]["created_at"].endswith("Z")
    document = json.loads(bytes(entry.canonical))
    assert document["payload"] == payload
    assert document["kind"] == entry.kind


def test_a_certificate_revocation_is_one_entry(world, no_signing_key):
    before = queries.tree_size()
    admin = world.user("county_admin")
    cert = actions.revoke_certificate(actor=admin, certificate=world.certificates[1], reason="违法违纪")
    [entry] = _new_entries(before)
    assert entry.kind == "catalog.certificate.revoked"
    assert (entry.subject_type, entry.subject_id) == ("catalog.certificate", str(cert.pk))
    assert (entry.actor_id, entry.actor_label) == (admin.pk, str(admin))
    assert entry.payload["reason"] == "违法违纪"
    assert entry.payload["snapshot"]["status"] == "revoked"
    assert entry.payload["event_id"] == cert.events.get(kind="revoked").pk


def test_a_policy_change_and_its_reset_are_one_entry_each(world, no_signing_key):
    admin = world.user("county_admin")
    before = queries.tree_size()
    row = actions.set_policy(actor=admin, key=KEY, target=world.agency, value="4", reason="本局更严格")
    [entry] = _new_entries(before)
    assert entry.kind == "policy.set"
    assert (entry.subject_type, entry.subject_id) == ("core.policyvalue", str(row.pk))
    assert (entry.actor_id, entry.agency_id) == (admin.pk, world.agency.pk)
    assert entry.payload == {
        "key": KEY,
        "scope": f"agency:{world.agency.pk}",
        "value": 4,
        "cleared": False,
        "reason": "本局更严格",
    }
    before = queries.tree_size()
    actions.set_policy(actor=admin, key=KEY, target=world.county, value=None, reason="恢复默认", clear=True)
    [entry] = _new_entries(before)
    assert entry.kind == "policy.cleared"
    assert entry.agency_id is None
    assert entry.payload["scope"] == "region:330101"


@pytest.mark.parametrize(
    "act",
    [
        "invalid_item",
        "not_allowed_item",
        "wrong_state_certificate",
        "invalid_policy",
    ],
)
def test_a_refused_act_appends_nothing(act, world, no_signing_key):
    before = queries.tree_size()
    with pytest.raises((Invalid, NotAllowed, WrongState)):
        if act == "invalid_item":
            actions.save_item(
                actor=world.user("head"),
                agency=world.agency,
                item=world.items["item_a"],
                reason="",
                data={"name": "无理由的修改"},
            )
        elif act == "not_allowed_item":
            actions.save_item(
                actor=world.user("other_head"),
                agency=world.agency,
                item=world.items["item_a"],
                reason="越权修改",
                data={"name": "越权修改"},
            )
        elif act == "wrong_state_certificate":
            actions.reinstate_certificate(
                actor=world.user("county_admin"), certificate=world.certificates[0], reason="未暂扣"
            )
        else:
            actions.set_policy(
                actor=world.user("county_admin"), key=KEY, target=world.agency, value="很多", reason="错误"
            )
    assert queries.tree_size() == before


def test_a_token_change_names_the_token(client, world, no_signing_key):
    secret = issue_token(world, ["catalog:write"])
    before = queries.tree_size()
    response = patch(
        client,
        f"/internal/items/{world.items['item_a'].pk}",
        {"reason": "省平台同步", "name": "经营过期食品的处罚"},
        **bearer(secret),
    )
    assert response.status_code == 200
    [entry] = _new_entries(before)
    assert entry.kind == "catalog.enforcementitem.changed"
    token = ApiToken.objects.get(agency=world.agency, name="省平台")
    assert entry.payload["via"] == f"token:{token.prefix}"
    assert entry.actor_id is None


def test_a_token_change_records_the_token_as_actor_label(client, world, no_signing_key):
    secret = issue_token(world, ["catalog:write"])
    before = queries.tree_size()
    patch(
        client,
        f"/internal/items/{world.items['item_a'].pk}",
        {"reason": "省平台同步", "name": "经营过期食品的处罚"},
        **bearer(secret),
    )
    [entry] = _new_entries(before)
    assert entry.actor_label.startswith("token:")
    assert entry.actor_id is None


def test_plain_values_are_canonical():
    from decimal import Decimal

    from sanxiang.recordlog.canonical import canonical_json

    value = {
        "when": dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        "day": dt.date(2026, 3, 1),
        "amount": Decimal("5000.00"),
        "ratio": 0.05,
        "big": 2**60,
        "nested": [{"at": dt.date(2026, 1, 2)}],
    }
    result = plain(value)
    assert result == {
        "when": "2026-03-01T09:00:00.000000Z",
        "day": "2026-03-01",
        "amount": "5000.00",
        "ratio": "0.05",
        "big": str(2**60),
        "nested": [{"at": "2026-01-02"}],
    }
    canonical_json(result)
