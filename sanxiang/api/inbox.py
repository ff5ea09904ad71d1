"""API of the inbox: a signed-in person's messages."""

from __future__ import annotations

from ninja import Router

from sanxiang.api.auth import session_or_token

router = Router(tags=["站内消息 inbox"], auth=session_or_token)
