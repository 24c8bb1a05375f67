"""The key-project pages: they render for everyone with a login, the forms go through the actions, refusals are
clear."""

import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.projects import oc4ids
from gaoxin.projects.models import ElementRequest, MonthlyReport, Project
from tests.projects.helpers import make_project, user
from tests.projects.test_actions import png
from tests.projects.test_import_export import project_row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_(username):
        client.force_login(user(username))
        return client

    return as_


def example():
    return Project.objects.get(name="精密轴承保持架技改项目")


PAGES = ["projects-register", "projects-board", "projects-leaders", "projects-requests", "projects-stats"]


@pytest.mark.parametrize("username", ["officer", "leader", "amr", "window", "stats"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_the_zones_people(login, username, name):
    answer = login(username).get(reverse(name))
    assert answer.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_an_applicant_gets_the_404_of_a_page_not_for_them(login, name):
    assert login("applicant").get(reverse(name)).status_code == 404
    assert login("applicant").get(reverse("projects-project", args=[example().pk])).status_code == 404


def test_pages_need_a_login(client):
    assert client.get(reverse("projects-register")).status_code == 302


def test_nav_entry_for_staff_not_for_applicants(login):
    assert "重点项目" in login("officer").get(reverse("projects-register")).content.decode()
    page = login("applicant").get(reverse("catalog")).content.decode()
    assert 'href="/projects/"' not in page.split("<main")[0]


def test_register_filters_and_summarises(login):
    page = login("leader").get(reverse("projects-register"), {"level": "province", "year": 2021}).content.decode()
    assert "共 <b>6</b> 个项目" in page
    assert "洛阳综合保税区二期" in page and "银隆新能源汽车整车制造项目" not in page


def test_project_page_shows_responsibility_milestones_chart_and_reports(login):
    page = (
        login("officer")
        .get(reverse("projects-project", args=[example().pk]), {"year": 2021, "month": 10})
        .content.decode()
    )
    assert "联合分包责任" in page and "赵志刚" in page
    assert 'data-chart="investment"' in page and "echarts-5.6.0.min.js" in page
    assert "97.2%" in page and "83.3%" in page and "+13.8" in page
    assert "填报月报" in page


def test_project_page_for_a_reader_has_no_forms(login):
    page = login("window").get(reverse("projects-project", args=[example().pk])).content.decode()
    assert "填报月报" not in page and "联合分包责任" in page


def test_officer_files_a_monthly_report_through_the_form(login):
    project = example()
    today = timezone.localdate()
    client = login("officer")
    form = client.get(reverse("projects-report", args=[project.pk])).content.decode()
    assert 'name="period"' in form and "本月完成投资（万元）" in form and "形象进度" in form
    answer = client.post(
        reverse("projects-report", args=[project.pk]),
        {
            "period": f"{today.year}-{today.month:02d}",
            "invested": "65.3",
            "progress": "热处理车间设备安装",
            "photos": [png()],
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    report = MonthlyReport.objects.get(project=project, year=today.year, month=today.month)
    assert str(report.invested) == "65.30" and report.photos.count() == 1
    page = client.get(answer["Location"]).content.decode()
    assert "月报已提交" in page and "热处理车间设备安装" in page


def test_report_form_errors_stay_next_to_their_fields(login):
    project = example()
    today = timezone.localdate()
    answer = login("officer").post(
        reverse("projects-report", args=[project.pk]),
        {"period": f"{today.year}-{today.month:02d}", "invested": "-1", "progress": ""},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "请填写形象进度" in page
    closed = login("officer").post(
        reverse("projects-report", args=[project.pk]), {"period": "2021-03", "invested": "1", "progress": "x"}
    )
    assert closed.status_code == 400 and "该月份不能填报" in closed.content.decode()


def test_a_stranger_may_not_open_the_report_form(login):
    answer = login("window").get(reverse("projects-report", args=[example().pk]))
    assert answer.status_code == 403 and "只有本项目的项目专员" in answer.content.decode()


def test_milestone_form_records_the_actual_date(login):
    project = make_project(officer=user("officer"))
    from gaoxin.projects import actions

    milestone = actions.milestone_add(project=project, actor=None, name="封顶", planned_date=timezone.localdate())
    answer = login("officer").post(
        reverse("projects-milestone", args=[project.pk, milestone.pk]), {"actual_date": str(timezone.localdate())}
    )
    assert answer.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_date == timezone.localdate()
    future = login("officer").post(
        reverse("projects-milestone", args=[project.pk, milestone.pk]), {"actual_date": "2999-01-01"}
    )
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()


def test_raise_a_request_and_the_department_resolves_it(login):
    project = example()
    answer = login("officer").post(
        reverse("projects-request-new", args=[project.pk]), {"kind": "land", "description": "扩建用地 12 亩"}
    )
    assert answer.status_code == 302
    request = ElementRequest.objects.get(project=project, description="扩建用地 12 亩")
    assert request.department.code == "nrp"
    assert "扩建用地 12 亩" in login("nrp").get(reverse("projects-requests")).content.decode()
    refused = login("amr").post(reverse("projects-request", args=[request.pk]), {"step": "progress", "note": "x"})
    assert refused.status_code == 403
    done = login("nrp").post(
        reverse("projects-request", args=[request.pk]), {"step": "resolve", "resolution": "已供地"}
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "resolved"


def test_edit_basics(login):
    project = make_project(officer=user("officer"))
    form = login("officer").get(reverse("projects-edit", args=[project.pk]))
    assert form.status_code == 200
    data = {
        "name": project.name,
        "category": project.category,
        "owner": project.owner,
        "park": "",
        "location": "新地址",
        "description": "",
        "total_investment": "15000",
        "build_kind": project.build_kind,
        "stage": "construction",
        "planned_start": "2021-03-01",
        "actual_start": "2021-03-10",
        "planned_completion": "2022-12-31",
        "actual_completion": "",
    }
    answer = login("officer").post(reverse("projects-edit", args=[project.pk]), data)
    assert answer.status_code == 302, answer.content.decode()
    project.refresh_from_db()
    assert project.location == "新地址" and str(project.total_investment) == "15000.00"
    bad = login("officer").post(reverse("projects-edit", args=[project.pk]), {**data, "actual_start": ""})
    assert bad.status_code == 400 and "须填写实际开工日期" in bad.content.decode()


def test_portfolio_shows_the_leaders_projects_and_what_is_late(login):
    page = login("leader").get(reverse("projects-portfolio", args=["leader"])).content.decode()
    assert "赵志刚的分包项目" in page
    assert "万邦国际物流园" in page and "三期冷链仓库主体封顶" in page
    assert "红色预警" in page
    assert login("leader").get(reverse("projects-my-portfolio"))["Location"].endswith("/projects/leaders/leader/")
    assert login("leader").get(reverse("projects-portfolio", args=["nobody"])).status_code == 404


def test_board_lists_by_leader_and_by_unit(login):
    by_leader = login("window").get(reverse("projects-board")).content.decode()
    assert "按责任领导" in by_leader and "赵志刚" in by_leader and "红色预警" in by_leader and "黄色预警" in by_leader
    by_unit = login("window").get(reverse("projects-board"), {"by": "unit"}).content.decode()
    assert "按责任单位" in by_unit and "洛阳高新区发展和改革局" in by_unit
    assert "北航科技园国际贸易基地项目" in by_leader  # flagged


def test_stats_page_shows_the_90_percent(login):
    page = (
        login("leader")
        .get(reverse("projects-stats"), {"year": 2021, "levels": ["province", "city"], "as_of": "2021-05-31"})
        .content.decode()
    )
    assert "90.0%" in page and "计划新开工 <b>10</b> 个" in page and "已开工 <b>9</b> 个" in page
    assert "280.72" in page


def test_import_page_lists_bad_rows_and_imports_nothing(login):
    file = workbook([project_row("PG-001"), project_row("PG-002", 级别="县重点")])
    answer = login("officer").post(reverse("projects-import"), {"file": file})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "“项目”第 3 行" in page and "未导入任何数据" in page
    assert not Project.objects.filter(code__startswith="PG-").exists()
    assert login("window").get(reverse("projects-import")).status_code == 403


def test_import_page_imports_a_good_file(login):
    file = workbook([project_row("PG-101", 责任领导账号=None, 责任单位=None, 责任人=None, 责任人电话=None)])
    answer = login("officer").post(reverse("projects-import"), {"file": file})
    assert answer.status_code == 302, answer.content.decode()
    assert Project.objects.get(code="PG-101").officer.username == "officer"


def test_downloads(login):
    client = login("window")
    template = client.get(reverse("projects-template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = client.get(reverse("projects-export-xlsx"), {"level": "city"})
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(exported.content))["项目"].max_row == 13
    package = json.loads(client.get(reverse("projects-export-oc4ids"), {"park": "gree"}).content)
    assert package["projects"] and all(oc4ids.validation_errors(p) == [] for p in package["projects"])


def test_photo_needs_a_login_and_is_for_the_zones_people(client, login):
    project = example()
    today = timezone.localdate()
    from gaoxin.projects import actions

    report = actions.report_submit(
        project=project, actor=None, year=today.year, month=today.month, invested="1", progress="x", photos=[png()]
    )
    photo = report.photos.get()
    assert client.get(reverse("projects-photo", args=[photo.pk])).status_code == 302
    answer = login("window").get(reverse("projects-photo", args=[photo.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert login("applicant").get(reverse("projects-photo", args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("model", ["project", "monthlyreport", "elementrequest", "leaderprofile"])
def test_admin_lists_key_projects(admin_client, model):
    assert admin_client.get(f"/admin/projects/{model}/").status_code == 200


def test_admin_reads_a_project_but_cannot_change_it(admin_client):
    project = example()
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    assert page.status_code == 200 and "精密轴承保持架技改项目" in page.content.decode()
    assert admin_client.post(f"/admin/projects/project/{project.pk}/change/", {"name": "x"}).status_code == 403
