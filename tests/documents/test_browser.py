"""Through a real browser: the head issues a 行政处罚决定书 from the case page's documents panel,
sees its number, version and SHA-256, and downloads the PDF, whose bytes are the stored ones."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from sanxiang.documents.models import Document, DocumentCounter, DocumentTemplate
from sanxiang.evidence.models import Blob
from tests.cases.conftest import purge_committed_cases
from tests.documents.conftest import flat, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    yield
    Document.objects.update(superseded_by=None)
    for model in (Document, DocumentCounter, DocumentTemplate, Blob):
        model.objects.all().delete()
    purge_committed_cases()


def test_the_head_issues_a_decision_and_downloads_it(
    world, committed, walk, page, login_page, settings, tmp_path
):
    # The server's clock is frozen in March 2026; the browser's is not: sessions end with the browser.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    case = walk("decided")
    login_page("head")
    page.goto(f"/cases/{case.pk}/")
    form = page.locator('details.document-form[data-kind="decision"]')
    form.locator("summary").click()
    # Sent empty first: refused, the form comes back open with the field's message.
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    form = page.locator('details.document-form[data-kind="decision"]')
    assert form.get_attribute("open") is not None
    assert "证据为必填项" in form.locator('.field-error[data-field="new-decision-evidence"]').inner_text()
    form.locator("textarea[name=new-decision-evidence]").fill("1. 现场检查笔录；2. 询问笔录；3. 现场照片6张")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    document = Document.objects.get(case=case)
    row = page.locator(f'tr[data-document="{document.pk}"]')
    assert "东湖县市场监督管理局罚〔2026〕1号" in row.inner_text()
    assert document.pdf.sha256 in row.inner_text()
    with page.expect_download() as info:
        row.locator('a[data-download="pdf"]').click()
    path = info.value.path()
    data = Path(path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.pdf.sha256
    text = flat(pdf_text(data, tmp_path))
    assert "行政处罚决定书" in text and "现场照片6张" in text and "伍仟元整" in text

    # Re-issued with a corrected list of evidence: version 2, and version 1 marked superseded.
    reissue = page.locator(f'details.document-reissue[data-document="{document.pk}"]')
    reissue.locator("summary").click()
    reissue.locator(f"textarea[name=re-{document.pk}-reason]").fill("证据列举不全，更正后重新制发")
    reissue.locator(f"textarea[name=re-{document.pk}-evidence]").fill(
        "1. 现场检查笔录；2. 询问笔录；3. 现场照片12张"
    )
    with page.expect_navigation():
        reissue.locator("button[type=submit]").click()
    newer = Document.objects.get(case=case, version=2)
    old_row = page.locator(f'tr[data-document="{document.pk}"]')
    assert old_row.get_attribute("data-superseded") == "1" and "已被第2版替代" in old_row.inner_text()
    assert newer.number in page.locator(f'tr[data-document="{newer.pk}"]').inner_text()
