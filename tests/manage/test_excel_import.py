import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.catalog.models import (
    BenchmarkGrade,
    CatalogChange,
    Certificate,
    DiscretionBenchmark,
    EnforcementItem,
    Officer,
)
from tests.manage import OFFICER_HEADERS, officer_row, officer_sheet_with_two_bad_rows, xlsx_bytes

REASON = "年度执法人员清理"


def _upload(client, agency, kind, content, name="list.xlsx", reason=REASON):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(f"/manage/agency/{agency.pk}/import/{kind}/", {"file": upload, "reason": reason})


def _counts():
    return (Officer.objects.count(), Certificate.objects.count(), CatalogChange.objects.count())


def _pending_files():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


def test_it_reports_bad_rows_by_number_and_column_and_saves_nothing_yet(world, client_as):
    client = client_as("county_admin")
    before = _counts()
    response = _upload(client, world.agency, "officers", officer_sheet_with_two_bad_rows())
    assert response.status_code == 200
    body = response.content.decode()
    assert "共读取 5 行，有效 3 行，有错误 2 行" in body
    assert (
        '<tr data-row="4"><td>第 4 行</td><td>发证日期</td><td>发证日期须为日期，如 2026-09-30。</td></tr>'
        in body
    )
    assert (
        '<tr data-row="6"><td>第 6 行</td><td>执法证号</td><td>IMP-0001 与本文件第 2 行重复。</td></tr>'
        in body
    )
    assert _counts() == before
    assert len(_pending_files()) == 1


def _token(response):
    body = response.content.decode()
    return body.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_valid_rows_only_imports_the_others(world, client_as):
    client = client_as("county_admin")
    report = _upload(client, world.agency, "officers", officer_sheet_with_two_bad_rows())
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": _token(report), "mode": "valid_only"},
    )
    assert response.status_code == 302
    imported = Officer.objects.filter(agency=world.agency, name__endswith="导")
    assert sorted(imported.values_list("name", flat=True)) == ["陈一导", "陈二导", "陈四导"]
    cert = Certificate.objects.get(number="IMP-0001")
    assert cert.officer.name == "陈一导" and cert.expires_on == dt.date(2030, 1, 1)
    assert cert.events.get().reason == REASON
    assert not Officer.objects.filter(name__in=["陈三导", "陈五导"]).exists()
    assert _pending_files() == []
    page = client.get(response["Location"]).content.decode()
    assert "已导入 3 行；跳过有错误的 2 行。" in page and "陈四导" in page


def test_import_nothing_imports_none(world, client_as):
    client = client_as("county_admin")
    before = _counts()
    report = _upload(client, world.agency, "officers", officer_sheet_with_two_bad_rows())
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": _token(report), "mode": "cancel"},
    )
    assert response.status_code == 302
    assert _counts() == before
    assert _pending_files() == []


def test_all_or_nothing_imports_nothing_while_a_row_is_bad(world, client_as):
    client = client_as("county_admin")
    before = _counts()
    report = _upload(client, world.agency, "officers", officer_sheet_with_two_bad_rows())
    token = _token(report)
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": token, "mode": "all_or_nothing"},
    )
    assert response.status_code == 400
    assert "未导入任何数据：有 2 行存在错误。" in response.content.decode()
    assert _counts() == before
    # The choice stays open: the same upload can still be imported row by row.
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/", {"token": token, "mode": "valid_only"}
    )
    assert response.status_code == 302
    assert Officer.objects.count() == before[0] + 3


def test_all_or_nothing_imports_a_clean_sheet(world, client_as):
    client = client_as("county_admin")
    content = xlsx_bytes(
        OFFICER_HEADERS, [officer_row("钱一导", "IMP-0101"), officer_row("钱二导", "IMP-0102")]
    )
    report = _upload(client, world.agency, "officers", content)
    assert "所有行均有效。" in report.content.decode()
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": _token(report), "mode": "all_or_nothing"},
    )
    assert response.status_code == 302
    assert Certificate.objects.filter(number__in=["IMP-0101", "IMP-0102"]).count() == 2


def test_it_reports_a_certificate_number_already_in_the_database(world, client_as):
    content = xlsx_bytes(OFFICER_HEADERS, [officer_row("孙一导", world.certificates[0].number)])
    body = _upload(client_as("county_admin"), world.agency, "officers", content).content.decode()
    assert "<td>第 2 行</td><td>执法证号</td><td>该执法证号已被使用。</td>" in body


def test_it_refuses_a_sheet_without_the_required_columns(world, client_as):
    headers = [h for h in OFFICER_HEADERS if h not in {"执法证号", "发证机关"}]
    content = xlsx_bytes(headers, [["某某"] * len(headers)])
    before = _counts()
    response = _upload(client_as("county_admin"), world.agency, "officers", content)
    assert response.status_code == 400
    body = response.content.decode()
    assert "表格缺少必需的列：执法证号、发证机关。" in body
    assert REASON in body
    assert _counts() == before
    assert _pending_files() == []


def test_it_refuses_a_file_that_is_not_xlsx(world, client_as):
    client = client_as("county_admin")
    response = _upload(client, world.agency, "officers", b"name,number\n", name="list.csv")
    assert response.status_code == 400
    assert "只能导入 Excel 工作簿（.xlsx）。" in response.content.decode()
    response = _upload(client, world.agency, "officers", b"not a zip at all", name="list.xlsx")
    assert response.status_code == 400
    assert "该文件不是 Excel 工作簿（.xlsx）。" in response.content.decode()
    assert _pending_files() == []


def test_it_needs_a_reason_and_a_file(world, client_as):
    response = client_as("county_admin").post(
        f"/manage/agency/{world.agency.pk}/import/officers/", {"reason": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "调整理由为必填项。" in body and "请选择要导入的 Excel 文件。" in body


def test_it_imports_an_item_list_and_updates_by_code(world, client_as):
    headers = ["事项编码", "事项名称", "事项类别", "设定依据"]
    content = xlsx_bytes(
        headers,
        [
            ["ITEM-a", "对经营过期食品的处罚（修订）", "行政处罚", "食品安全法第一百二十四条"],
            ["ITEM-X1", "食品经营许可", "行政许可", "食品安全法第三十五条"],
            ["ITEM-X2", "不存在的类别", "行政魔法", "某法"],
        ],
    )
    client = client_as("head")
    report = _upload(client, world.agency, "items", content, reason="清单年度调整")
    body = report.content.decode()
    assert "<td>第 4 行</td><td>事项类别</td>" in body
    client.post(
        f"/manage/agency/{world.agency.pk}/import/items/confirm/",
        {"token": _token(report), "mode": "valid_only"},
    )
    assert (
        EnforcementItem.objects.get(agency=world.agency, code="ITEM-a").name == "对经营过期食品的处罚（修订）"
    )
    assert EnforcementItem.objects.get(agency=world.agency, code="ITEM-X1").category == "licensing"
    assert not EnforcementItem.objects.filter(code="ITEM-X2").exists()


def test_it_imports_a_benchmark_table_grouping_rows_by_code(world, client_as):
    headers = [
        "基准编码",
        "违法行为",
        "违反条款",
        "处罚依据",
        "事项编码",
        "裁量阶次",
        "适用情形",
        "处罚内容",
        "罚款下限（元）",
        "罚款上限（元）",
        "警告",
    ]
    content = xlsx_bytes(
        headers,
        [
            [
                "BM-N1",
                "未亮照经营",
                "第三十一条",
                "第四十八条",
                "ITEM-a",
                "从轻",
                "首次",
                "警告",
                None,
                None,
                "是",
            ],
            ["BM-N1", "", "", "", "", "一般", "逾期未改", "罚款", 1000, 5000, "否"],
            ["BM-N2", "虚假宣传", "第八条", "第二十条", "", "一般", "一般情节", "罚款", 9000, 100, "否"],
            ["BM-N2", "", "", "", "", "从重", "多次", "罚款", 10000, 20000, "否"],
        ],
    )
    client = client_as("head")
    report = _upload(client, world.agency, "benchmarks", content, reason="基准修订")
    body = report.content.decode()
    assert "共读取 4 行，有效 2 行，有错误 2 行" in body
    assert "<td>第 4 行</td><td>罚款上限(元)</td><td>罚款上限不得低于罚款下限。</td>" in body
    assert "<td>第 5 行</td><td>—</td>" in body
    client.post(
        f"/manage/agency/{world.agency.pk}/import/benchmarks/confirm/",
        {"token": _token(report), "mode": "valid_only"},
    )
    benchmark = DiscretionBenchmark.objects.get(agency=world.agency, code="BM-N1")
    assert benchmark.item == world.items["item_a"]
    assert list(benchmark.grades.values_list("grade", "warning")) == [("lighter", True), ("general", False)]
    assert not DiscretionBenchmark.objects.filter(code="BM-N2").exists()
    assert BenchmarkGrade.objects.filter(benchmark__code="BM-N2").count() == 0


def test_a_confirmation_without_its_upload_is_refused(world, client_as):
    client = client_as("county_admin")
    before = _counts()
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": "0" * 32, "mode": "valid_only"},
    )
    assert response.status_code == 302 and response["Location"].endswith("/import/officers/")
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/",
        {"token": "../../etc/passwd", "mode": "valid_only"},
    )
    assert response.status_code == 302
    assert _counts() == before
