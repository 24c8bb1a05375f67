"""The import of the statistics bureau's tables: all or nothing, every problem listed, re-import replaces and keeps
history, audited; Excel in the bureau's layout and CSV."""

from decimal import Decimal

import pytest

from gaoxin.core.audit import audit_problems
from gaoxin.core.errors import DomainError, Forbidden
from gaoxin.core.models import AuditEvent
from gaoxin.economy import actions
from gaoxin.economy.import_templates import template_csv, template_xlsx
from gaoxin.economy.imports import ImportRejected
from gaoxin.economy.models import IndicatorImport, IndicatorValue, IndicatorValueHistory
from tests.economy.helpers import csv_bytes, import_csv, user, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    ("地区生产总值", "洛阳市", "2018", "4640.8", "7.5"),
    ("地区生产总值", "洛阳高新区", "2018", "220.0", "8.1"),
    ("规模以上工业增加值", "洛阳高新区", "2018", "48.5", "7.2"),
]


def values(period: str) -> dict:
    return {
        (v.indicator.code, v.area.code): (v.level, v.growth)
        for v in IndicatorValue.objects.filter(period=period).select_related("indicator", "area")
    }


def test_a_good_csv_is_imported_with_its_growth_as_published():
    outcome = import_csv(GOOD)
    assert (outcome.written, outcome.replaced, outcome.unchanged) == (3, 0, 0)
    assert values("2018")[("gdp", "gaoxin")] == (Decimal("220.0"), Decimal("8.1"))
    assert outcome.batch.imported_by == user("stats")
    assert outcome.batch.periods == ["2018"]


def test_a_file_with_one_bad_cell_imports_nothing_and_names_the_cell():
    before = IndicatorValue.objects.count()
    rows = [*GOOD, ("固定资产投资", "洛阳高新区", "2018", "98.0", "六点九")]
    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows)
    assert IndicatorValue.objects.count() == before
    assert not IndicatorImport.objects.filter(file_name="figures.csv").exists()
    [problem] = rejected.value.problems
    assert (problem.row, problem.cell, problem.column, problem.value) == (5, "E5", "同比增长（%）", "六点九")
    assert "应为数字" in problem.reason


def test_every_problem_is_listed():
    rows = [
        ("地区生产总值", "洛阳高新区", "2018", "abc", "5"),  # level not a number
        ("地区生产总值", "火星区", "2018", "1", "2"),  # unknown area
        ("生产总值率", "洛阳高新区", "2018", "1", "2"),  # unknown indicator
        ("固定资产投资", "洛阳高新区", "2018M03-05", "1", "2"),  # not cumulative
        ("固定资产投资", "洛阳高新区", "2018", "1.23456", "2"),  # too many decimals
        ("固定资产投资", "洛阳高新区", "2019", "-1", "2"),  # negative level
        ("固定资产投资", "洛阳高新区", "2017", "1", "-120"),  # impossible growth
        ("规模以上工业增加值", "洛阳高新区", "2018", "", ""),  # both empty
        ("地区生产总值", "洛阳市", "2099", "1", "2"),  # not over yet
        ("规模以上工业增加值", "洛阳市", "2018", "1", "2"),
        ("规模以上工业增加值", "洛阳市", "2018", "1", "2"),  # duplicate
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows)
    cells = [(p.cell, p.reason) for p in rejected.value.problems]
    assert [c for c, _r in cells] == ["D2", "B3", "A4", "C5", "D6", "D7", "E8", "", "C10", "D12"]
    reasons = " | ".join(r for _c, r in cells)
    for expected in (
        "火星区",
        "生产总值率",
        "自1月起",
        "最多 4 位小数",
        "不能为负数",
        "-100%",
        "都为空",
        "尚未结束",
        "重复",
    ):
        assert expected in reasons
    assert "第 11 行" in rejected.value.problems[-1].reason


def test_reimporting_a_period_replaces_it_keeps_history_and_is_audited():
    first = import_csv(GOOD)
    second = import_csv(
        [("地区生产总值", "洛阳市", "2018", "4640.8", "7.6"), ("地区生产总值", "洛阳高新区", "2018", "221.3", "8.4")],
        name="revised.csv",
    )
    # GDP of 2018 is replaced for every area; the industry figure (not in the second file) is kept.
    assert (second.written, second.replaced, second.unchanged) == (2, 2, 0)
    assert values("2018") == {
        ("gdp", "luoyang"): (Decimal("4640.8"), Decimal("7.6")),
        ("gdp", "gaoxin"): (Decimal("221.3"), Decimal("8.4")),
        ("industry-va", "gaoxin"): (Decimal("48.5"), Decimal("7.2")),
    }
    history = IndicatorValueHistory.objects.filter(replaced_by=second.batch).select_related("area")
    assert {(h.area.code, h.level, h.growth, h.batch_id) for h in history} == {
        ("luoyang", Decimal("4640.8"), Decimal("7.5"), first.batch.pk),
        ("gaoxin", Decimal("220.0"), Decimal("8.1"), first.batch.pk),
    }
    events = list(AuditEvent.objects.filter(subject_type="indicator_period", subject_id="2018").order_by("seq"))
    assert [(e.action, e.actor_id) for e in events] == [("import", user("stats").pk), ("replace", user("stats").pk)]
    assert events[1].data["indicators"] == ["gdp"]
    assert events[1].data["replaced"] == 2
    assert events[1].data["batch"] == str(second.batch.pk)
    assert not list(audit_problems())


def test_a_slice_missing_an_area_the_store_has_is_replaced_whole():
    import_csv(GOOD)
    outcome = import_csv([("地区生产总值", "洛阳高新区", "2018", "220.0", "8.1")])
    assert (outcome.written, outcome.replaced) == (1, 2)
    assert ("gdp", "luoyang") not in values("2018")
    assert IndicatorValueHistory.objects.filter(period="2018", area__code="luoyang").exists()


def test_importing_the_same_file_again_changes_nothing():
    import_csv(GOOD)
    events = AuditEvent.objects.count()
    again = import_csv(GOOD)
    assert again.batch is None
    assert (again.written, again.replaced, again.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.count() == events
    assert not IndicatorValueHistory.objects.filter(period="2018").exists()


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("applicant", False),
        ("window", False),
        ("amr", False),
        ("leader", False),
        ("officer", False),
        ("stats", True),
        ("admin", True),
    ],
)
def test_only_statisticians_and_administrators_import(username, allowed):
    if allowed:
        assert import_csv(GOOD, actor=username).written == 3
    else:
        with pytest.raises(Forbidden):
            import_csv(GOOD, actor=username)
        assert "2018" not in {v.period for v in IndicatorValue.objects.all()}


def test_an_excel_table_in_the_bureaus_layout():
    content = xlsx_bytes(
        {
            "2018": {
                "areas": ["洛阳高新区", "洛阳市"],
                "rows": [
                    ("地区生产总值", "亿元", [(220.0, 8.1), (4640.8, 7.5)]),
                    ("固定资产投资", "亿元", [(98.7, 10.2), ("—", 8.1)]),
                ],
            },
            "2018Q1": {"areas": ["gaoxin"], "rows": [("gdp", None, [(51.2, 8.3)])]},
        }
    )
    outcome = actions.indicator_import(actor=user("stats"), file_name="2018.xlsx", content=content)
    assert outcome.written == 5
    assert values("2018")[("fai", "luoyang")] == (None, Decimal("8.1"))
    assert values("2018")[("fai", "gaoxin")] == (Decimal("98.7"), Decimal("10.2"))
    assert values("2018Q1") == {("gdp", "gaoxin"): (Decimal("51.2"), Decimal("8.3"))}
    assert outcome.batch.file_format == "xlsx"
    assert outcome.batch.periods == ["2018Q1", "2018"]


def test_a_bad_excel_cell_is_named_by_sheet_and_cell():
    content = xlsx_bytes(
        {
            "2018": {
                "areas": ["洛阳高新区", "洛阳市"],
                "rows": [
                    ("地区生产总值", "亿元", [(220.0, 8.1), (4640.8, "7.5x")]),
                    ("固定资产投资", "万元", [(98.7, 10.2), (3150, 8.1)]),
                ],
            },
            "2019": {"title": "第二张", "areas": ["洛阳高新区"], "rows": [("地区生产总值", "亿元", [(236.2, 7.9)])]},
        }
    )
    with pytest.raises(ImportRejected) as rejected:
        actions.indicator_import(actor=user("stats"), file_name="bad.xlsx", content=content)
    found = {(p.sheet, p.cell) for p in rejected.value.problems}
    assert found == {("2018", "F5"), ("2018", "B6")}
    assert "2018" not in {v.period for v in IndicatorValue.objects.all()}


def test_a_sheet_named_by_its_period_needs_no_period_cell():
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "2018"
    sheet.append(["指标", "洛阳高新区", None])
    sheet.append([None, "总量", "同比增长（%）"])
    sheet.append(["地区生产总值", 220, 8.1])
    out = BytesIO()
    workbook.save(out)
    outcome = actions.indicator_import(actor=user("stats"), file_name="t.xlsx", content=out.getvalue())
    assert values("2018") == {("gdp", "gaoxin"): (Decimal("220"), Decimal("8.1"))}
    assert outcome.written == 1


def test_excel_float_noise_is_ignored():
    content = xlsx_bytes({"2018": {"areas": ["洛阳高新区"], "rows": [("地区生产总值", "亿元", [(0.1 + 0.2, 5.4)])]}})
    actions.indicator_import(actor=user("stats"), file_name="f.xlsx", content=content)
    assert values("2018")[("gdp", "gaoxin")] == (Decimal("0.3"), Decimal("5.4"))


def test_a_csv_saved_by_excel_in_gb18030_is_read():
    content = csv_bytes(GOOD, encoding="gb18030")
    outcome = actions.indicator_import(actor=user("stats"), file_name="gbk.csv", content=content)
    assert outcome.written == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "文件为空"), (b"PK\x03\x04broken", "无法读取"), (b"\xff\xfe\x00\xd8", "编码")],
)
def test_unreadable_files_are_refused_clearly(content, message):
    with pytest.raises(DomainError, match=message):
        actions.indicator_import(actor=user("stats"), file_name="x.csv", content=content)


def test_a_csv_without_its_header_names_the_missing_columns():
    with pytest.raises(ImportRejected) as rejected:
        actions.indicator_import(actor=user("stats"), file_name="x.csv", content="指标,地区\n".encode())
    [problem] = rejected.value.problems
    assert problem.row == 1
    assert "统计期" in problem.reason and "同比增长" in problem.reason


def test_the_templates_can_be_read_back():
    xlsx = template_xlsx(period="2018")
    with pytest.raises(DomainError, match="没有可导入的数据"):
        actions.indicator_import(actor=user("stats"), file_name="template.xlsx", content=xlsx)
    assert template_csv().startswith("\ufeff指标,地区,统计期,总量,同比增长（%）,单位".encode())
