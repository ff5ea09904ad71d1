"""The JSON API under /api/v1/ (django-ninja). One router per domain; each endpoint calls the domain's
queries and actions only. Swagger UI is served from ninja's own static files (no CDN: government
intranets are often offline)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from sanxiang.api import (
    accounts,
    annual_reports,
    casefiles,
    cases,
    catalog,
    documents,
    errors,
    evidence,
    inbox,
    legal_review,
    publication,
    recordlog,
)

DESCRIPTION = """
三项制度平台（sanxiang）对外接口。

* 公开接口（`/catalog/…`）无需登录，只返回门户公示的内容。
* 全过程记录日志（`/recordlog/…`）无需登录：签名检查点（C2SP 格式）、验证公钥、包含证明与一致性证明、
  按 SHA-256 查找记录；哈希值均为 base64，不返回记录内容本身。
* 内部接口（`/internal/…`、`/accounts/…`）使用浏览器会话（修改类请求需 CSRF 令牌），或由管理员签发的
  API 令牌：`Authorization: Bearer sx_…`。令牌代表其执法主体，权限范围为 `catalog:read`、`catalog:write`
  或 `cases:read`。
* 案件（`/cases/…`）：本机关执法人员与负责人通过会话登记案件、办理环节；办理时须携带读取时的 `version`，
  案件已被他人改动返回 409 `case_changed`，当前状态不允许的环节返回 409 `wrong_state`（均附案件当前
  状态），法定条件不满足时返回该条件的错误码与法条依据，拒绝时不作任何改动。令牌凭 `cases:read` 只读
  本机关案件。当事人的身份证号码、住址和电话只向本机关的读者返回，其他有权查看者（执法监督、管理员）
  看到的这些字段为 null。
* 所有错误返回 `{"code", "message", "field", "citation", "errors": [...]}`：400 输入无效，401 未认证，
  403 无权操作，404 不存在或不可见，409 状态不允许，429 请求过于频繁。
"""


class SessionSwagger(Swagger):
    """Swagger UI that sends the CSRF token, so that a signed-in person can try the unsafe methods
    from the docs page (ninja only adds it when the whole API uses cookie auth)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    title="三项制度平台 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=SessionSwagger(settings={"persistAuthorization": False}),
)
errors.install(api)

api.add_router("/catalog", catalog.public)
api.add_router("/internal", catalog.internal)
api.add_router("/accounts", accounts.router)
api.add_router("/recordlog", recordlog.router)
api.add_router("/cases", cases.router)
api.add_router("/evidence", evidence.router)
api.add_router("/documents", documents.router)
api.add_router("/casefiles", casefiles.router)
api.add_router("/review", legal_review.router)
api.add_router("/publication", publication.router)
api.add_router("/annual-reports", annual_reports.router)
api.add_router("/inbox", inbox.router)
