"""Column definitions of the catalog's Excel sheets: Chinese header → field name of the action that
takes the value. The headers are a file contract shared with the agencies' own spreadsheets (and
with other provinces' templates), so they are fixed Chinese text, not translated UI strings.

Export and import use the same columns, so an exported sheet can be edited and imported again."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db import models

from sanxiang.catalog.enums import ItemCategory, SeverityGrade


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False  # the header must be present in an imported sheet
    choices: type[models.TextChoices] | None = None  # exported as the label; label or value accepted
    kind: str = "text"  # text, date, decimal, bool
    width: int = 18
    export_only: bool = False


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]
    importable: bool = True

    def column_for(self, field: str) -> Column | None:
        for column in self.columns:
            if column.field == field:
                return column
        return None

    def header_for(self, field: str | None) -> str:
        """The header a field error is reported under; grade errors (``grades[2].fine_max``) under
        the grade's column."""
        if not field:
            return "—"
        name = field.rsplit(".", 1)[-1] if field.startswith("grades[") else field
        column = self.column_for(name)
        return column.header if column else "—"

    @property
    def import_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.export_only)


def normalise_header(text: object) -> str:
    """Headers typed by people: ignore width (（元） vs (元)), spaces and a required-marker ``*``."""
    return unicodedata.normalize("NFKC", str(text or "")).replace("*", "").replace(" ", "").strip()


OFFICERS = Sheet(
    "officers",
    "执法人员",
    (
        Column("姓名", "name", required=True, width=12),
        Column("职务", "post", width=12),
        Column("所在部门", "unit"),
        Column("内部电话", "phone", width=16),
        Column("执法证号", "number", required=True, width=20),
        Column("执法类别", "categories", required=True),
        Column("执法区域", "areas"),
        Column("发证机关", "issuing_authority", required=True, width=22),
        Column("发证日期", "issued_on", required=True, kind="date", width=12),
        Column("有效期至", "expires_on", required=True, kind="date", width=12),
        Column("证件状态", "status", export_only=True, width=10),
    ),
)

ITEMS = Sheet(
    "items",
    "执法事项清单",
    (
        Column("事项编码", "code", required=True, width=16),
        Column("事项名称", "name", required=True, width=30),
        Column("事项类别", "category", required=True, choices=ItemCategory, width=14),
        Column("设定依据", "basis_text", required=True, width=40),
        Column("责任单位", "responsible_unit"),
        Column("办理流程", "procedure", width=30),
        Column("办理时限", "time_limit"),
        Column("救济途径", "remedies", width=30),
        Column("受理机构", "accepting_body"),
        Column("决定机构", "approving_body"),
        Column("受理条件", "conditions", width=30),
        Column("申请材料", "materials", width=30),
        Column("收费标准", "fees"),
        Column("咨询投诉", "consultation"),
        Column("办公时间、地址和电话", "office_info", width=30),
    ),
)

# One row per grade; rows with the same benchmark code form one benchmark.
BENCHMARKS = Sheet(
    "benchmarks",
    "裁量基准",
    (
        Column("基准编码", "code", required=True, width=14),
        Column("违法行为", "violation", required=True, width=30),
        Column("违反条款", "violated_provision", required=True, width=30),
        Column("处罚依据", "penalty_provision", required=True, width=30),
        Column("事项编码", "item_code", width=14),
        Column("裁量阶次", "grade", required=True, choices=SeverityGrade, width=12),
        Column("适用情形", "circumstances", required=True, width=30),
        Column("处罚内容", "penalty", required=True, width=30),
        Column("罚款下限(元)", "fine_min", kind="decimal", width=12),
        Column("罚款上限(元)", "fine_max", kind="decimal", width=12),
        Column("警告", "warning", kind="bool", width=8),
        Column("没收违法所得", "confiscation", kind="bool", width=10),
    ),
)

INSPECTIONS = Sheet(
    "inspections",
    "随机抽查事项清单",
    (
        Column("事项编码", "code", required=True, width=16),
        Column("抽查事项", "name", required=True, width=30),
        Column("抽查依据", "basis", required=True, width=40),
        Column("抽查主体", "inspecting_body", required=True),
        Column("抽查对象", "object_type", required=True),
        Column("抽查内容", "content", required=True, width=30),
        Column("抽查方式", "method", required=True),
        Column("抽查比例", "ratio", width=10),
        Column("抽查频次", "frequency", width=10),
    ),
)

SHEETS: dict[str, Sheet] = {sheet.key: sheet for sheet in (OFFICERS, ITEMS, BENCHMARKS, INSPECTIONS)}
