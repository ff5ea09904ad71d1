"""Changes to who may act are in the record log, without passwords or token secrets."""

import json

import pytest

from sanxiang.accounts import actions
from sanxiang.core.errors import Invalid
from sanxiang.recordlog.models import Entry


def _kinds():
    return list(
        Entry.objects.filter(kind__regex=r"^(account|token)\.").order_by("seq").values_list("kind", flat=True)
    )


def test_account_and_token_acts_are_logged_without_secrets(world):
    admin = world.user("county_admin")
    before = _kinds()
    user = actions.create_user(
        actor=admin,
        data={"username": "lisi", "display_name": "李四测", "role": "officer"},
        password="Qingxi-pass-2026",
        agency=world.agency,
    )
    actions.reset_password(actor=admin, user=user, password="Another-pass-2026")
    actions.set_user_active(actor=admin, user=user, active=False)
    token, secret = actions.issue_api_token(
        actor=admin, agency=world.agency, name="省平台", scopes=["catalog:read"]
    )
    actions.revoke_api_token(actor=admin, token=token)
    assert _kinds()[len(before) :] == [
        "account.created",
        "account.password_reset",
        "account.deactivated",
        "token.issued",
        "token.revoked",
    ]
    recorded = b"".join(bytes(e.canonical) for e in Entry.objects.all())
    for secret_text in ("Qingxi-pass-2026", "Another-pass-2026", secret, user.password):
        assert secret_text.encode() not in recorded
    created = Entry.objects.get(kind="account.created", subject_id=str(user.pk))
    assert created.actor_id == admin.pk
    assert json.loads(bytes(created.canonical))["payload"]["role"] == "officer"


def test_a_refused_account_act_logs_nothing(world):
    before = _kinds()
    with pytest.raises(Invalid):
        actions.create_user(
            actor=world.user("county_admin"),
            data={"username": "", "display_name": "", "role": "x"},
            password="short",
        )
    assert _kinds() == before
