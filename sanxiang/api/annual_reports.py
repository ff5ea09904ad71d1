"""API of the annual statistics of enforcement (年度执法数据统计)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["年度统计 annual reports"])
