"""Excel import (all or nothing, every bad row listed), the template, the export, the command line with its progress
bar, and the OC4IDS export validated against the schema."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gaoxin.projects import oc4ids, spreadsheets
from gaoxin.projects.management.commands.projects_import import progress_bar
from gaoxin.projects.models import MonthlyReport, Project
from gaoxin.projects.spreadsheets import PROJECT_COLUMNS, REPORT_COLUMNS, ImportRejected, projects_import
from tests.projects.helpers import make_project, user

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in PROJECT_COLUMNS]


def project_row(code: str, **cells) -> list:
    row = {
        "项目编号": code,
        "项目名称": f"导入项目{code}",
        "级别": "区重点",
        "类别": "先进制造业",
        "建设单位": "洛阳导入科技有限公司",
        "所属园区": "丰李电子信息产业园",
        "建设地点": "洛阳高新区丰李片区",
        "总投资（万元）": 23000.5,
        "建设性质": "新开工",
        "建设阶段": "在建",
        "计划开工日期": "2021-03-01",
        "实际开工日期": date(2021, 3, 12),
        "计划竣工日期": "2022/12/31",
        "入库年份": 2021,
        "入库季度": "一季度",
        "责任领导账号": "leader2",
        "责任单位": "发展改革",
        "责任人": "导入责任人",
        "责任人电话": "13912345678",
        "项目专员账号": "officer",
        "计划年度": 2021,
        "年度计划投资（万元）": "8000",
    }
    row.update(cells)
    return [row.get(h) for h in HEADERS]


def workbook(projects=(), reports=(), *, report_sheet=True) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(HEADERS)
    for row in projects:
        sheet.append(row)
    if report_sheet:
        reports_sheet = book.create_sheet("月报")
        reports_sheet.append([c.header for c in REPORT_COLUMNS])
        for row in reports:
            reports_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


def test_a_good_file_imports_projects_plans_and_reports():
    today = timezone.localdate()
    file = workbook(
        [project_row("IMP-001"), project_row("IMP-002", 建设阶段="签约", 实际开工日期=None)],
        [["IMP-001", today.year, today.month, 120.5, "主体施工"]],
    )
    result = projects_import(file=file, actor=None)
    assert (result.created, result.updated, result.plans, result.reports) == (2, 0, 2, 1)
    project = Project.objects.get(code="IMP-001")
    assert project.park.code == "fengli" and project.responsible_unit.code == "drc"
    assert project.intake_quarter == 1 and str(project.total_investment) == "23000.50"
    assert project.year_plans.get(year=2021).planned_investment == 8000
    assert MonthlyReport.objects.get(project=project).invested == 120.5


def test_a_file_with_any_bad_row_imports_nothing_and_lists_every_bad_row():
    today = timezone.localdate()
    file = workbook(
        [
            project_row("IMP-101"),
            project_row("IMP-102", 级别="县重点", **{"总投资（万元）": "abc"}),
            project_row("IMP-103", 实际开工日期=None),
            project_row("IMP-101"),
            project_row("IMP-104", 所属园区="月球园区", 计划开工日期="2021-13-40"),
            project_row("IMP-105", 责任领导账号="window"),
        ],
        [
            ["IMP-101", today.year, today.month, 10, "施工"],
            ["NOPE-1", today.year, today.month, 10, "施工"],
            ["IMP-101", 2021, 3, 10, "关账月份"],
            ["IMP-101", today.year, today.month, -3, ""],
        ],
    )
    with pytest.raises(ImportRejected) as rejected:
        projects_import(file=file, actor=None)
    errors = {(e.sheet, e.row): " ".join(e.reasons) for e in rejected.value.errors}
    assert set(errors) == {
        ("项目", 3),
        ("项目", 4),
        ("项目", 5),
        ("项目", 6),
        ("项目", 7),
        ("月报", 3),
        ("月报", 4),
        ("月报", 5),
    }
    assert "级别" in errors[("项目", 3)] and "总投资（万元）" in errors[("项目", 3)]
    assert "实际开工日期" in errors[("项目", 4)]
    assert "重复" in errors[("项目", 5)]
    assert "园区" in errors[("项目", 6)] and "计划开工日期" in errors[("项目", 6)]
    assert "责任领导" in errors[("项目", 7)]
    assert "NOPE-1" in errors[("月报", 3)]
    assert "关账" in errors[("月报", 4)]
    assert "本月完成投资" in errors[("月报", 5)] and "形象进度" in errors[("月报", 5)]
    assert "未导入任何数据" in rejected.value.message
    assert not Project.objects.filter(code__startswith="IMP-1").exists()


def test_an_import_that_fails_while_applying_rolls_back_whole(monkeypatch):
    from gaoxin.projects import actions

    calls = []
    real = actions.project_set_year_plan

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(actions, "project_set_year_plan", flaky)
    with pytest.raises(RuntimeError):
        projects_import(file=workbook([project_row("IMP-201"), project_row("IMP-202")]), actor=None)
    assert not Project.objects.filter(code__in=["IMP-201", "IMP-202"]).exists()


def test_import_updates_existing_projects_and_keeps_blank_references():
    project = make_project(code="IMP-301")
    file = workbook([project_row("IMP-301", 项目名称="改名后的项目", 所属园区=None, 责任领导账号=None)])
    result = projects_import(file=file, actor=user("leader"))
    assert result.updated == 1
    project.refresh_from_db()
    assert project.name == "改名后的项目"
    assert project.responsible_leader.username == "leader2"  # kept: blank cell


def test_import_respects_permissions():
    make_project(code="IMP-401", officer=user("officer-li"))
    file = workbook([project_row("IMP-401", 项目专员账号="officer-li", 责任领导账号=None)])
    with pytest.raises(ImportRejected) as rejected:
        projects_import(file=file, actor=user("officer"))
    assert "无权修改" in str(rejected.value.errors[0])
    with pytest.raises(spreadsheets.DomainError):
        projects_import(file=workbook([project_row("IMP-402")]), actor=user("applicant"))


def test_not_an_excel_file_is_refused():
    junk = io.BytesIO(b"not a workbook")
    with pytest.raises(spreadsheets.DomainError) as error:
        projects_import(file=junk, actor=None)
    assert error.value.field == "file"


def test_missing_columns_are_reported():
    book = Workbook()
    book.active.title = "项目"
    book.active.append(["项目编号", "项目名称"])
    book.active.append(["IMP-501", "缺列"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportRejected) as rejected:
        projects_import(file=buffer, actor=None)
    assert rejected.value.errors[0].row == 1 and "缺少列" in rejected.value.errors[0].reasons[0]


def test_template_has_the_chinese_headers_and_imports_back_after_filling():
    book = load_workbook(io.BytesIO(spreadsheets.template_workbook()))
    assert book.sheetnames == ["项目", "月报", "说明"]
    assert [c.value for c in book["项目"][1]] == HEADERS
    book["项目"].append(project_row("IMP-601"))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert projects_import(file=buffer, actor=None).created == 1


def test_export_writes_the_register_and_it_imports_back_unchanged():
    projects = Project.objects.filter(level="province")
    data = spreadsheets.export_workbook(projects, year=2021)
    book = load_workbook(io.BytesIO(data))
    rows = list(book["项目"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 6
    assert book["月报记录"].max_row > 1
    before = {p.code: (p.name, p.total_investment, p.updated_at) for p in projects}
    result = projects_import(file=io.BytesIO(data), actor=None)
    assert result.updated == 6
    after = {p.code: (p.name, p.total_investment, p.updated_at) for p in Project.objects.filter(level="province")}
    assert after == before  # nothing changed, nothing saved


FORMULA_LIKE = ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(1)", "\tx", "\rx"]


@pytest.mark.parametrize("typed", FORMULA_LIKE)
def test_an_exported_cell_that_looks_like_a_formula_is_text(typed):
    project = Project.objects.filter(level="province").first()
    Project.objects.filter(pk=project.pk).update(name=typed)
    book = load_workbook(io.BytesIO(spreadsheets.export_workbook(Project.objects.filter(pk=project.pk))))
    name = next(cell for cell in book["项目"][2] if cell.column == HEADERS.index("项目名称") + 1)
    assert (name.value, name.data_type, name.quotePrefix) == (typed, "s", True)


def test_command_line_import_prints_a_progress_bar(tmp_path, capsys):
    path = tmp_path / "projects.xlsx"
    path.write_bytes(workbook([project_row(f"IMP-7{i:02d}") for i in range(5)]).getvalue())
    call_command("projects_import", str(path))
    out = capsys.readouterr().out
    assert "[" + "#" * 30 + "] 100%  5/5" in out
    assert "新增项目 5 个" in out
    assert progress_bar(1, 4) == "[########----------------------]  25%  1/4"


def test_command_line_import_lists_bad_rows_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook([project_row("IMP-801", 级别="县重点")]).getvalue())
    with pytest.raises(CommandError):
        call_command("projects_import", str(path))
    assert "第 2 行" in capsys.readouterr().err
    assert not Project.objects.filter(code="IMP-801").exists()


# --- OC4IDS ---------------------------------------------------------------------------------------


def test_every_demo_project_validates_against_the_oc4ids_schema():
    for project in Project.objects.prefetch_related("milestones").select_related("responsible_unit"):
        data = oc4ids.project_to_oc4ids(project)
        assert oc4ids.validation_errors(data) == [], project.code


def test_oc4ids_mapping_of_the_bonded_zone():
    project = Project.objects.get(name="洛阳综合保税区二期")
    data = oc4ids.project_to_oc4ids(project, today=date(2026, 1, 1))
    assert data["status"] == "implementation"
    assert data["budget"]["amount"] == {"amount": 3_860_000_000, "currency": "CNY"}
    assert data["period"]["startDate"] == "2019-10-01T00:00:00+08:00"
    roles = {p["name"]: p["roles"] for p in data["parties"]}
    assert roles["洛阳综合保税区开发建设有限公司"] == ["publicAuthority"]
    assert roles["洛阳高新区商务局"] == ["administrativeEntity"]
    acceptance = next(m for m in data["milestones"] if m["title"] == "封关验收")
    assert (acceptance["status"], acceptance["type"], acceptance["dateMet"]) == (
        "met",
        "approval",
        "2021-12-17T00:00:00+08:00",
    )


def test_oc4ids_statuses_of_milestones_and_stages():
    project = make_project(stage="production", actual_completion=date(2021, 9, 1), planned_completion=date(2021, 8, 1))
    from gaoxin.projects import actions

    actions.milestone_add(project=project, actor=None, name="未完成", planned_date=date(2021, 1, 1))
    actions.milestone_add(project=project, actor=None, name="计划中", planned_date=date(2099, 1, 1))
    data = oc4ids.project_to_oc4ids(project)
    assert data["status"] == "maintenance"
    assert {m["title"]: m["status"] for m in data["milestones"]} == {"未完成": "notMet", "计划中": "scheduled"}
    assert oc4ids.validation_errors(data) == []


def test_a_broken_document_is_caught_by_the_validator():
    errors = oc4ids.validation_errors({"id": "", "status": "underConstruction", "budget": {"amount": {"amount": "1"}}})
    assert any(e.startswith("id:") for e in errors)
    assert any(e.startswith("status:") for e in errors)
    assert any(e.startswith("budget/amount/amount:") for e in errors)


def test_oc4ids_package_through_the_api(api):
    answer = api("window").get("/api/projects/oc4ids", level="city")
    assert answer.status_code == 200
    package = json.loads(answer.content)
    assert package["version"] == "0.9" and len(package["projects"]) == 12
    assert all(oc4ids.validation_errors(p) == [] for p in package["projects"])
    one = api("window").get(f"/api/projects/{Project.objects.get(name='万邦国际物流园').pk}/oc4ids")
    assert json.loads(one.content)["title"] == "万邦国际物流园"
