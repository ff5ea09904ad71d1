from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from sanxiang.accounts.demo_data import DEMO_PASSWORD, ensure_demo
from sanxiang.annual_reports.demo import ensure_demo_annual_report
from sanxiang.casefiles.demo import ensure_demo_case_file
from sanxiang.publication.demo import ensure_demo_publication
from sanxiang.recordlog import actions as recordlog_actions
from sanxiang.recordlog import signing


class Command(BaseCommand):
    help = "Load the generated demo county (idempotent) and print the demo logins for every role."

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        with transaction.atomic():
            created, logins = ensure_demo()
            ensure_demo_publication()
        # The demo's record log gets a signed checkpoint at once, so that `sanxiang recordlog verify`
        # and the public pages have something to check before the periodic job first runs. The key
        # comes first: sealing the case file below signs a checkpoint too.
        missing = not signing.key_path().exists()
        key = signing.ensure_dev_key()
        if missing and key is not None:
            self.stdout.write(f"记录日志签名密钥已生成：{key}")
        # Last: a full case file (documents, photo, audio, video) sealed and archived.
        ensure_demo_case_file()
        ensure_demo_annual_report()
        checkpoint = recordlog_actions.make_checkpoint()
        self.stdout.write("演示数据已创建。" if created else "演示数据已存在，未重复创建。")
        if checkpoint is not None:
            self.stdout.write(f"记录日志检查点：{checkpoint.tree_size} 条记录已签名。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {login.role:<8} {login.where}")
        self.stdout.write(
            "门户: http://127.0.0.1:8000/   工作台: http://127.0.0.1:8000/accounts/   "
            "API 文档: http://127.0.0.1:8000/api/v1/docs"
        )
