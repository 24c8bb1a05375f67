"""The staff pages: the window desk, the department desk and the leader's overview, driven through the browser forms."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases import actions, selectors
from gaoxin.cases.models import Case, CaseStatus, Channel, Task, TaskStatus
from tests.support.files import pdf
from tests.support.forms import STEP_RESULTS, application_form, form_post_data

pytestmark = pytest.mark.django_db


def user(username: str) -> User:
    return User.objects.get(username=username)


def submitted_case(bundle: str = "company-setup", name: str = "张晓明", form: dict | None = None) -> Case:
    applicant = user("applicant")
    details = actions.ApplicantDetails(
        kind="person",
        name=name,
        id_number="11010519491231002X",
        phone="13800000001",
        form=application_form(bundle) if form is None else form,
    )
    case = actions.case_create(actor=applicant, details=details, bundle_code=bundle)
    for material in case.materials.select_related("material"):
        actions.case_upload_material(case=case, actor=applicant, material_code=material.material.code, uploaded=pdf())
    return actions.case_submit(case=case, actor=applicant)


def accepted_case(name: str = "张晓明") -> Case:
    case = submitted_case(name=name)
    return actions.case_accept(case=case, clerk=user("window"))


def amr_task(case: Case) -> Task:
    return Task.objects.get(case=case, department__code="amr")


def logged_in(client, username: str):
    client.force_login(user(username))
    return client


def material_codes(case: Case) -> list[str]:
    return list(case.materials.order_by("id").values_list("material__code", flat=True))


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/window/", "/desk/", "/leader/", "/window/walk-in/"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "username, path",
    [
        ("applicant", "/window/"),
        ("amr", "/window/"),
        ("leader", "/window/walk-in/"),
        ("applicant", "/desk/"),
        ("window", "/desk/"),
        ("leader", "/desk/"),
        ("applicant", "/leader/"),
        ("window", "/leader/"),
        ("amr", "/leader/"),
    ],
)
def test_the_wrong_role_gets_404(client, username, path):
    assert logged_in(client, username).get(path).status_code == 404


def test_each_desk_appears_in_the_navigation_of_its_role_only_with_what_waits(client):
    case = submitted_case()
    window_page = logged_in(client, "window").get("/window/").content.decode()
    assert 'href="/window/"' in window_page and "待受理 1" in window_page
    assert 'href="/desk/"' not in window_page and 'href="/leader/"' not in window_page

    actions.case_accept(case=case, clerk=user("window"))
    desk_page = logged_in(client, "amr").get("/desk/").content.decode()
    assert 'href="/desk/"' in desk_page and "待办 1" in desk_page and 'href="/window/"' not in desk_page

    leader_page = logged_in(client, "leader").get("/leader/").content.decode()
    assert 'href="/leader/"' in leader_page and 'href="/desk/"' not in leader_page

    home = logged_in(client, "applicant").get("/").content.decode()
    assert 'href="/window/"' not in home and 'href="/desk/"' not in home and 'href="/leader/"' not in home


# --- the window -----------------------------------------------------------------------------------


def test_window_queue_lists_submitted_cases_oldest_first_with_their_waiting_time(client):
    newer, older = submitted_case(name="陈丽华"), submitted_case(name="刘建国")
    Case.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(hours=3))
    page = logged_in(client, "window").get("/window/").content.decode()
    assert page.index(older.number) < page.index(newer.number)
    assert "已等待 3" in page, "a case without a deadline shows how long it has waited, in words"
    assert f'href="/window/cases/{older.pk}/"' in page


def test_window_tabs_separate_corrections_and_all_cases(client):
    waiting, corrected = submitted_case(name="刘建国"), submitted_case(name="周敏")
    first = material_codes(corrected)[0]
    actions.case_request_corrections(case=corrected, clerk=user("window"), corrections={first: "请提供清晰件"})
    client = logged_in(client, "window")
    assert corrected.number not in client.get("/window/").content.decode()
    corrections = client.get("/window/?tab=corrections").content.decode()
    assert corrected.number in corrections and waiting.number not in corrections
    everything = client.get("/window/?tab=all").content.decode()
    assert corrected.number in everything and waiting.number in everything
    assert waiting.number in client.get("/window/?tab=all&q=刘建国").content.decode()
    assert corrected.number not in client.get("/window/?tab=all&q=刘建国").content.decode()


def test_window_case_page_shows_applicant_form_materials_and_the_decision_form(client):
    case = submitted_case()
    page = logged_in(client, "window").get(f"/window/cases/{case.pk}/").content.decode()
    assert "张晓明" in page and "洛阳示例智能科技有限公司" in page and "企业名称" in page
    stored = case.materials.first().files.first()
    assert f"/cases/{case.pk}/files/{stored.pk}/" in page, "every material is viewable"
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="accept"' in page and 'value="corrections"' in page and 'value="not_accept"' in page
    assert "受理并当场办结" not in page
    assert "{#" not in page and "{%" not in page, "no template syntax leaks into the page"


def test_accepting_through_the_page_opens_the_amr_task(client):
    case = submitted_case()
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": "accept", "note": "材料齐全", "version": selectors.case_version(case)}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.clerk_note == "材料齐全"
    assert list(case.tasks.values_list("department__code", flat=True)) == ["amr"]
    assert "已受理" in client.get(response["Location"]).content.decode()


def test_corrections_with_nothing_ticked_shows_the_error_and_keeps_the_note(client):
    case = submitted_case()
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": "corrections", "note": "请提供清晰的身份证复印件"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请勾选需要补正的全部材料" in page
    assert re.search(r"<textarea[^>]*aria-invalid=\"true\"|>请提供清晰的身份证复印件</textarea>", page)
    assert ">请提供清晰的身份证复印件</textarea>" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_corrections_name_every_ticked_material_at_once_each_with_its_reason(client):
    case = submitted_case()
    asked = material_codes(case)[:2]
    reasons = {f"reason-{asked[0]}": "请提供清晰件", f"reason-{asked[1]}": "须加盖公章"}
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": "corrections", "materials": asked, **reasons, "note": "其余齐全"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CORRECTIONS_REQUESTED and case.clerk_note == "其余齐全"
    flagged = case.materials.filter(needs_correction=True).values_list("material__code", "correction_note")
    assert list(flagged) == [(asked[0], "请提供清晰件"), (asked[1], "须加盖公章")]


def test_not_accepting_needs_a_reason(client):
    case = submitted_case()
    client = logged_in(client, "window")
    refused = client.post(f"/window/cases/{case.pk}/", {"decision": "not_accept", "note": "  "})
    assert refused.status_code == 400 and "不予受理必须说明理由" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED

    done = client.post(f"/window/cases/{case.pk}/", {"decision": "not_accept", "note": "不属于本中心受理范围"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_ACCEPTED and case.decision_reason == "不属于本中心受理范围"


def test_accepting_with_materials_ticked_is_refused_as_a_wrong_combination(client):
    case = submitted_case()
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": "accept", "materials": material_codes(case)[:1], "note": "齐全"}
    )
    assert response.status_code == 400 and "勾选的材料只用于一次性告知补正" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


@pytest.mark.parametrize("decision", ["", "approve"])
def test_a_form_sent_without_a_decision_button_decides_nothing(client, decision):
    case = submitted_case()
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": decision, "materials": material_codes(case)[:1], "note": "x"}
    )
    assert response.status_code == 400 and "请选择受理、补正或不予受理" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_clerk_who_acts_second_gets_a_clear_conflict_message(client):
    case = submitted_case()
    seen = selectors.case_version(case)
    actions.case_accept(case=case, clerk=user("window"))  # another clerk, first
    response = logged_in(client, "window").post(
        f"/window/cases/{case.pk}/", {"decision": "not_accept", "note": "材料不全", "version": seen}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "您的操作没有执行" in page and "已被他人处理" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW


def test_a_decision_on_a_case_already_decided_is_a_conflict_even_without_a_version(client):
    case = submitted_case()
    actions.case_not_accept(case=case, clerk=user("window"), reason="重复申请")
    response = logged_in(client, "window").post(f"/window/cases/{case.pk}/", {"decision": "accept"})
    assert response.status_code == 409 and "不能受理" in response.content.decode()


def test_an_immediate_case_says_acceptance_decides_it_on_the_spot(client):
    case = submitted_case(bundle="hpf-withdrawal")
    page = logged_in(client, "window").get(f"/window/cases/{case.pk}/").content.decode()
    assert "受理并当场办结（即办）" in page


def test_a_walk_in_provident_fund_withdrawal_is_decided_at_the_window_in_one_visit(client):
    client = logged_in(client, "window")
    assert "住房公积金提取" in client.get("/window/walk-in/").content.decode()
    form_page = client.get("/window/walk-in/new/?bundle=hpf-withdrawal")
    assert form_page.status_code == 200 and "所购住房坐落" in form_page.content.decode()

    bad = client.post(
        "/window/walk-in/new/?bundle=hpf-withdrawal",
        {"kind": "person", "name": "董女士", "id_number": "123", "phone": "13800000009"},
    )
    assert bad.status_code == 400 and "董女士" in bad.content.decode(), "errors keep what was typed"

    created = client.post(
        "/window/walk-in/new/?bundle=hpf-withdrawal",
        {
            "kind": "person",
            "name": "董女士",
            "id_number": "11010519491231002X",
            "phone": "13800000009",
            "house_address": "洛阳高新区滨河北路 88 号",
            "amount": "120000",
            "bank_account": "6222020000000000",
        },
    )
    assert created.status_code == 302, created.content.decode()
    case = Case.objects.get(applicant_name="董女士")
    assert case.channel == Channel.WINDOW and case.applicant is None and case.created_by == user("window")
    assert created["Location"] == f"/window/walk-in/{case.pk}/materials/"

    early = client.post(created["Location"], {"step": "submit"})
    assert early.status_code == 400 and "尚未提交" in early.content.decode()

    files = {f"file-{code}": pdf(f"{code}.pdf") for code in material_codes(case)}
    uploaded = client.post(created["Location"], {"step": "upload", **files})
    assert uploaded.status_code == 302
    submitted = client.post(created["Location"], {"step": "submit"})
    assert submitted.status_code == 302 and submitted["Location"] == f"/window/cases/{case.pk}/"
    assert "受理并当场办结（即办）" in client.get(submitted["Location"]).content.decode()

    decided = client.post(submitted["Location"], {"decision": "accept", "version": selectors.case_version(case)})
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.decided_at is not None
    assert list(case.tasks.values_list("status", flat=True)) == [TaskStatus.APPROVED]
    assert "当场办结" in client.get(decided["Location"]).content.decode()


def test_a_walk_in_for_a_single_item_is_found_in_the_catalog_and_registered(client):
    client = logged_in(client, "window")
    found = client.get("/window/walk-in/?q=食品经营许可").content.decode()
    assert "/window/walk-in/new/?item=" in found
    code = re.search(r"/window/walk-in/new/\?item=([\w-]+)", found).group(1)
    response = client.post(
        f"/window/walk-in/new/?item={code}",
        {"kind": "person", "name": "王小明", "id_number": "11010519491231002X", "phone": "13800000009"},
    )
    assert response.status_code == 302
    case = Case.objects.get(applicant_name="王小明")
    assert case.item.code == code and case.bundle is None and case.channel == Channel.WINDOW
    drafts = client.get("/window/?tab=drafts").content.decode()
    assert case.number in drafts and f"/window/walk-in/{case.pk}/materials/" in drafts
    assert client.get("/window/walk-in/new/?item=NO-SUCH-ITEM").status_code == 404


def test_a_refused_upload_is_reported_next_to_its_material(client):
    client = logged_in(client, "window")
    client.post(
        "/window/walk-in/new/?bundle=hpf-withdrawal",
        {"kind": "person", "name": "董女士", "id_number": "11010519491231002X", "phone": "13800000009"}
        | {"house_address": "高新区 1 号", "amount": "100", "bank_account": "6222"},
    )
    case = Case.objects.get(applicant_name="董女士")
    code = material_codes(case)[0]
    from tests.support.files import text_file

    response = client.post(f"/window/walk-in/{case.pk}/materials/", {"step": "upload", f"file-{code}": text_file()})
    assert response.status_code == 400
    assert f'id="file-{code}-error"' in response.content.decode()


# --- the department desk --------------------------------------------------------------------------


def test_the_desk_lists_the_departments_tasks_by_deadline_with_counts(client):
    later, sooner = accepted_case(name="吴强"), accepted_case(name="郑洁")
    Task.objects.filter(case=sooner).update(deadline=timezone.now() - timedelta(hours=1))
    page = logged_in(client, "amr").get("/desk/").content.decode()
    assert page.index(sooner.number) < page.index(later.number)
    assert "超期" in page and 'class="sla-bar overdue"' in page
    stats = re.sub(r"\s+", " ", page[page.index("desk-stats") : page.index("</h2>", page.index("desk-stats"))])
    assert "<b>2</b>待办" in stats and "<b>1</b>超期" in stats
    assert logged_in(client, "tax").get("/desk/").content.decode().count(later.number) == 0


def test_approving_through_the_task_page_moves_the_case_on(client):
    case = accepted_case()
    task = amr_task(case)
    client = logged_in(client, "amr")
    page = client.get(f"/desk/tasks/{task.pk}/").content.decode()
    assert 'id="progress-h"' in page and 'id="timeline-h"' in page and "/files/" in page
    assert "{#" not in page and "{%" not in page, "no template syntax leaks into the page"
    response = client.post(
        f"/desk/tasks/{task.pk}/", {"decision": "approve", "note": "准予", "version": selectors.case_version(case)}
    )
    assert response.status_code == 302 and response["Location"] == "/desk/"
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED
    assert set(case.tasks.filter(stage=2).values_list("department__code", flat=True)) == {
        "police",
        "tax",
        "hrss",
        "hpf",
    }


def test_denying_needs_a_reason_and_a_denied_registration_ends_the_case(client):
    case = accepted_case()
    task = amr_task(case)
    client = logged_in(client, "amr")
    refused = client.post(f"/desk/tasks/{task.pk}/", {"decision": "deny", "note": ""})
    assert refused.status_code == 400 and "不予许可必须说明理由" in refused.content.decode()
    assert client.post(f"/desk/tasks/{task.pk}/", {"decision": "deny", "note": "名称重复"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DENIED, "no step granted"
    stage_two = case.tasks.filter(stage=2).select_related("item")
    assert {t.status for t in stage_two} == {TaskStatus.TERMINATED}, "the steps that need the registration end"
    lines = case.decision_reason.splitlines()
    assert lines[0] == "企业设立登记：不予许可（名称重复）"
    assert sorted(lines[1:]) == sorted(
        f"{t.item.name}：终止（前置事项“企业设立登记”不予许可，本事项终止）" for t in stage_two
    )
    page = logged_in(client, "applicant").get(f"/portal/cases/{case.pk}/").content.decode()
    assert "未获准予的事项" in page and "终止" in page


def test_a_stage_two_step_is_approved_with_its_result_typed_into_the_task_page(client):
    case = accepted_case()
    actions.task_approve(task=amr_task(case), approver=user("amr"))
    task = Task.objects.get(case=case, department__code="police")
    client = logged_in(client, "police")
    page = client.get(f"/desk/tasks/{task.pk}/").content.decode()
    assert 'name="result-seals-0-kind"' in page and 'name="result-seals-0-number"' in page
    assert "前序事项办理结果" in page and amr_task(case).result["uscc"] in page, "the registration's USCC is shown"
    decision = {"decision": "approve", "note": "准予备案", "version": selectors.case_version(case)}
    missing = client.post(f"/desk/tasks/{task.pk}/", decision)
    assert missing.status_code == 400 and "备案印章至少填写 1 行" in missing.content.decode()
    wrong = {**decision, **form_post_data({"seals": [{"kind": "公章", "number": "123"}]}, prefix="result-")}
    refused = client.post(f"/desk/tasks/{task.pk}/", wrong)
    assert refused.status_code == 400 and "印章编码为 13 位数字" in refused.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    right = {**decision, **form_post_data(STEP_RESULTS["police"], prefix="result-")}
    assert client.post(f"/desk/tasks/{task.pk}/", right).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED and task.result == STEP_RESULTS["police"]


def test_returning_for_supplement_needs_a_reason_and_may_name_materials_each_with_its_reason(client):
    case = accepted_case()
    task = amr_task(case)
    client = logged_in(client, "amr")
    refused = client.post(f"/desk/tasks/{task.pk}/", {"decision": "return", "note": "", "materials": []})
    assert refused.status_code == 400 and "退回补充必须说明需要补充的内容" in refused.content.decode()
    code = material_codes(case)[0]
    returned = {"decision": "return", "note": "章程需签字", "materials": [code], f"reason-{code}": "须全体股东签字"}
    response = client.post(f"/desk/tasks/{task.pk}/", returned)
    assert response.status_code == 302
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.status == TaskStatus.RETURNED and case.status == CaseStatus.SUPPLEMENT_REQUESTED
    assert task.reason == "章程需签字"
    flagged = case.materials.filter(needs_correction=True).values_list("material__code", "correction_note")
    assert list(flagged) == [(code, "须全体股东签字")]
    returned = client.get("/desk/?view=returned").content.decode()
    assert case.number in returned and "计时暂停" in returned
    assert client.post(f"/desk/tasks/{task.pk}/", {"decision": "approve"}).status_code == 409


def test_an_approver_who_acts_second_gets_a_conflict(client):
    case = accepted_case()
    task = amr_task(case)
    seen = selectors.case_version(case)
    actions.task_approve(task=task, approver=user("amr"))
    response = logged_in(client, "amr").post(
        f"/desk/tasks/{task.pk}/", {"decision": "deny", "note": "不符合", "version": seen}
    )
    assert response.status_code == 409 and "您的操作没有执行" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.APPROVED


def test_another_department_opening_a_task_gets_404(client):
    task = amr_task(accepted_case())
    assert logged_in(client, "tax").get(f"/desk/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/desk/tasks/{task.pk}/", {"decision": "approve"}).status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert logged_in(client, "window").get(f"/desk/tasks/{task.pk}/").status_code == 404


# --- the leader -----------------------------------------------------------------------------------


def figure(page: str, label: str) -> str:
    match = re.search(r"<b>([^<]*)</b>" + re.escape(label), page)
    assert match, label
    return match.group(1)


def test_leader_counts_today_and_the_on_time_rate(client):
    submitted_case(name="刘建国")  # waits at the window: no clock yet
    approved = submitted_case(bundle="hpf-withdrawal", name="董女士")
    actions.case_accept(case=approved, clerk=user("window"))  # decided on the spot: on time
    late = accepted_case(name="蒋涛")
    actions.task_deny(task=amr_task(late), approver=user("amr"), reason="名称重复")
    Case.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(minutes=5))  # decided after it
    overdue = accepted_case(name="郑洁")
    Case.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(hours=1))
    accepted_case(name="吴强")  # open and not yet due: counted nowhere in the rate

    page = logged_in(client, "leader").get("/leader/").content.decode()
    assert figure(page, "今日新提交") == "5"
    assert figure(page, "今日办结") == "2"
    # One on time ÷ (two decided + one open past its deadline); counting decided cases alone would say 50.0%.
    assert figure(page, "按时办结率") == "33.3%"
    stat = re.search(r'<div class="stat" data-figure="on_time_rate">.*?</div>', page, flags=re.S).group(0)
    assert "近 30 天办结 2 件（按时 1 件），在办已超期 1 件" in stat
    assert "按时办结率 = 按时办结 ÷（已办结 + 在办已超期）" in stat, "the definition beside the figure"
    assert figure(page, "超期") == "1"
    overdue_group = page[page.index('id="g-overdue"') : page.index('id="g-warning"')]
    assert overdue.number in overdue_group and amr_task(overdue).department.name in overdue_group
    assert 'aria-label="超期 1"' in page, "the navigation counts overdue open cases"


def test_leader_filters_by_department_bundle_and_sla_state(client):
    at_amr = accepted_case(name="吴强")
    waiting = submitted_case(name="刘建国")
    client = logged_in(client, "leader")
    by_department = client.get("/leader/?department=amr").content.decode()
    assert at_amr.number in by_department and waiting.number not in by_department
    assert at_amr.number not in client.get("/leader/?department=tax").content.decode()
    assert waiting.number in client.get("/leader/?bundle=company-setup").content.decode()
    assert waiting.number not in client.get("/leader/?bundle=hpf-withdrawal").content.decode()
    only_overdue = client.get("/leader/?sla=overdue").content.decode()
    assert at_amr.number not in only_overdue and waiting.number not in only_overdue
    case_page = client.get(f"/leader/cases/{at_amr.pk}/")
    assert case_page.status_code == 200 and 'id="progress-h"' in case_page.content.decode()


def test_leader_page_costs_the_same_queries_whatever_the_number_of_cases(client):
    client = logged_in(client, "leader")
    accepted_case(name="一")
    client.get("/leader/")  # warm the working-day calendar cache
    with CaptureQueriesContext(connection) as few:
        client.get("/leader/")
    for name in ("二", "三", "四"):
        accepted_case(name=name)
        submitted_case(name=name)
    with CaptureQueriesContext(connection) as many:
        client.get("/leader/")
    assert len(many) == len(few)


@pytest.mark.parametrize("username, path", [("amr", "/desk/"), ("window", "/window/?tab=all")])
def test_desk_and_window_queues_cost_the_same_queries_whatever_their_length(client, username, path):
    accepted_case(name="一")
    client = logged_in(client, username)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for name in ("二", "三", "四"):
        accepted_case(name=name)
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
