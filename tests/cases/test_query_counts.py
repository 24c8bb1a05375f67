"""The SQL statements of every case API call and every case action, pinned (like NetBox's query_counts.json).

A change that adds a statement to one of these paths fails here and must say why in the new number. Counts are per
call on the demo data; the same on SQLite and PostgreSQL (both use savepoints and row locks through Django).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases import actions
from gaoxin.cases.models import Case, Task
from gaoxin.documents import keys
from gaoxin.documents.actions import seal_for, seal_key_of
from gaoxin.documents.models import DocumentCounter, DocumentKind
from tests.support.files import pdf
from tests.support.forms import COMPANY_FORM, STEP_RESULTS

pytestmark = pytest.mark.usefixtures("calendar_already_read")

APPLICANT = {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"}

# route or action → statements
# Each API call counts its token lookup (1) and, for a case of the person's, the gate's read of it (1); the action's
# own lock reads the row once more, and the answer is built from what the action returns. An answer whose case has
# tasks reads their extensions (延期) in one more statement, however many tasks (GET /api/cases/{id} is measured
# before acceptance: no tasks yet, so no such read; GET /api/tasks reads them for the whole page at once).
# A decision issues its document in the same transaction (gaoxin.documents, decision 0017): the template, the seal in
# force and its key's record are read, the kind's counter taken, the step's task (or the case's items, and the bundle
# for its name) read for the facts, the document inserted; its event rides in the case's one audit insert: 6 or 7.
API_COUNTS = {
    "POST /api/cases": 22,
    # The first material is a form (申请书): the wallet keeps no form, so the upload writes nothing there.
    "POST /api/cases/{id}/materials": 10,
    "POST /api/cases/{id}/submit": 17,
    "GET /api/cases/{id}": 9,
    "GET /api/cases": 4,
    "POST /api/cases/{id}/accept": 28,
    "GET /api/tasks": 4,
    # The registration issues the license: the enterprise, the license and two new audit chains.
    "POST /api/tasks/{id}/approve (registration)": 38,
    # A stage-2 step adds its certificates to the license and signs it again.
    "POST /api/tasks/{id}/approve (stage 2)": 29,
    "POST /api/tasks/{id}/deny": 22,
    "POST /api/tasks/{id}/return": 24,
    "POST /api/cases/{id}/request-corrections": 26,
    "POST /api/cases/{id}/not-accept": 24,
    "POST /api/cases/{id}/withdraw": 19,
}
# The actions alone, as the pages, the API, commands and the bench call them.
ACTION_COUNTS = {
    "case_create": 14,
    "case_upload_material": 8,  # a form: the wallet keeps none
    "case_use_wallet": 9,
    "case_submit": 8,
    "case_accept": 18,
    "task_approve (registration)": 35,
    "task_approve (stage 2)": 26,
    "task_return": 21,
    "task_deny": 19,
    # The last decision ends the case: the steps' outcomes are read once to say 办结, 部分办结 or 不予许可; it issues
    # two documents, the step's 决定书 and the bundle's 办结通知书 (which reads every step for its table).
    "task_approve (last, case ends)": 39,
    "case_request_corrections": 17,
    "case_not_accept": 15,
    "case_withdraw": 9,
}


@pytest.fixture(autouse=True)
def documents_already_set_up(db):
    """A platform in use has its approval seal, the record of the seal's key and this year's counters of every kind of
    document from its first decisions: the counts are of a decision on such a platform, not of its very first."""
    today = timezone.localdate()
    seal = seal_for(None, today)
    seal_key_of(seal, keys.private_key(seal), None)
    DocumentCounter.objects.bulk_create([DocumentCounter(kind=kind, year=today.year) for kind in DocumentKind.values])


def counted(measured: dict, key: str, call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    measured[key] = len(queries)
    return response


def test_case_api_calls_cost_what_is_pinned(api):
    applicant, window, amr, police, tax = api("applicant"), api("window"), api("amr"), api("police"), api("tax")
    for caller in (applicant, window, amr, police, tax):
        # A token's use is recorded at most once a minute (accounts.actions.LAST_USED_PRECISION): one UPDATE on its
        # first call, none on the calls measured here.
        caller.get("/api/auth/me")
    measured: dict[str, int] = {}
    payload = {"bundle": "company-setup", "applicant": APPLICANT, "form": COMPANY_FORM}
    case = counted(measured, "POST /api/cases", lambda: applicant.post("/api/cases", payload)).json()
    case_id = case["id"]
    first, *others = [m["code"] for m in case["materials"]]
    counted(
        measured,
        "POST /api/cases/{id}/materials",
        lambda: applicant.upload(f"/api/cases/{case_id}/materials", first, pdf()),
    )
    for code in others:
        applicant.upload(f"/api/cases/{case_id}/materials", code, pdf())
    counted(measured, "POST /api/cases/{id}/submit", lambda: applicant.post(f"/api/cases/{case_id}/submit"))
    counted(measured, "GET /api/cases/{id}", lambda: applicant.get(f"/api/cases/{case_id}"))
    counted(measured, "GET /api/cases", lambda: applicant.get("/api/cases"))
    counted(measured, "POST /api/cases/{id}/accept", lambda: window.post(f"/api/cases/{case_id}/accept"))
    tasks = counted(measured, "GET /api/tasks", lambda: amr.get("/api/tasks")).json()["items"]
    registration = next(t for t in tasks if t["case_id"] == case_id)
    counted(
        measured,
        "POST /api/tasks/{id}/approve (registration)",
        lambda: amr.post(f"/api/tasks/{registration['id']}/approve"),
    )
    seal = next(t for t in police.get("/api/tasks").json()["items"] if t["case_id"] == case_id)
    counted(
        measured,
        "POST /api/tasks/{id}/approve (stage 2)",
        lambda: police.post(f"/api/tasks/{seal['id']}/approve", {"result": STEP_RESULTS["police"]}),
    )
    tax_task = next(t for t in tax.get("/api/tasks").json()["items"] if t["case_id"] == case_id)
    counted(
        measured,
        "POST /api/tasks/{id}/return",
        lambda: tax.post(f"/api/tasks/{tax_task['id']}/return", {"reason": "请补充办税人授权书"}),
    )
    hrss = api("hrss")
    hrss_task = next(t for t in hrss.get("/api/tasks").json()["items"] if t["case_id"] == case_id)
    counted(
        measured,
        "POST /api/tasks/{id}/deny",
        lambda: hrss.post(f"/api/tasks/{hrss_task['id']}/deny", {"reason": "单位已参保"}),
    )
    counted(
        measured,
        "POST /api/cases/{id}/withdraw",
        lambda: applicant.post(f"/api/cases/{case_id}/withdraw", {"reason": "改日再办"}),
    )

    other = applicant.post("/api/cases", payload).json()
    for material in other["materials"]:
        applicant.upload(f"/api/cases/{other['id']}/materials", material["code"], pdf())
    applicant.post(f"/api/cases/{other['id']}/submit")
    counted(
        measured,
        "POST /api/cases/{id}/request-corrections",
        lambda: window.post(
            f"/api/cases/{other['id']}/request-corrections", {"materials": [{"code": first, "reason": "请提供清晰件"}]}
        ),
    )
    applicant.upload(f"/api/cases/{other['id']}/materials", first, pdf())
    applicant.post(f"/api/cases/{other['id']}/submit")
    counted(
        measured,
        "POST /api/cases/{id}/not-accept",
        lambda: window.post(f"/api/cases/{other['id']}/not-accept", {"reason": "名称不符合规定"}),
    )
    assert measured == API_COUNTS


def user(name: str) -> User:
    return User.objects.get(username=name)


def task(case: Case, department: str) -> Task:
    return Task.objects.get(case=case, department__code=department)


@pytest.mark.django_db
def test_case_actions_cost_what_is_pinned():
    applicant, window = user("applicant"), user("window")
    measured: dict[str, int] = {}
    details = actions.ApplicantDetails(**APPLICANT, form=COMPANY_FORM)
    case = counted(
        measured,
        "case_create",
        lambda: actions.case_create(actor=applicant, details=details, bundle_code="company-setup"),
    )
    # The wallet holds the person's ID paper from an earlier case of the same applicant; the rest are uploaded.
    kept = "legal_rep_id"
    codes = [code for code in case.materials.values_list("material__code", flat=True) if code != kept]
    counted(
        measured,
        "case_upload_material",
        lambda: actions.case_upload_material(case=case, actor=applicant, material_code=codes[0], uploaded=pdf()),
    )
    for code in codes[1:]:
        actions.case_upload_material(case=case, actor=applicant, material_code=code, uploaded=pdf())
    earlier = actions.case_create(actor=applicant, details=details, bundle_code="company-setup")
    actions.case_upload_material(case=earlier, actor=applicant, material_code=kept, uploaded=pdf())
    counted(
        measured, "case_use_wallet", lambda: actions.case_use_wallet(case=case, actor=applicant, material_codes=[kept])
    )
    counted(measured, "case_submit", lambda: actions.case_submit(case=case, actor=applicant))
    counted(measured, "case_accept", lambda: actions.case_accept(case=case, clerk=window))
    counted(
        measured,
        "task_approve (registration)",
        lambda: actions.task_approve(task=task(case, "amr"), approver=user("amr")),
    )
    counted(
        measured,
        "task_approve (stage 2)",
        lambda: actions.task_approve(task=task(case, "police"), approver=user("police"), result=STEP_RESULTS["police"]),
    )
    counted(
        measured,
        "task_return",
        lambda: actions.task_return(task=task(case, "tax"), approver=user("tax"), reason="请补充授权书"),
    )
    counted(
        measured,
        "task_deny",
        lambda: actions.task_deny(task=task(case, "hrss"), approver=user("hrss"), reason="已参保"),
    )
    actions.case_submit(case=case, actor=applicant)
    actions.task_approve(task=task(case, "tax"), approver=user("tax"), result=STEP_RESULTS["tax"])
    counted(
        measured,
        "task_approve (last, case ends)",
        lambda: actions.task_approve(task=task(case, "hpf"), approver=user("hpf"), result=STEP_RESULTS["hpf"]),
    )
    assert Case.objects.get(pk=case.pk).status == "partly_approved"

    actions.case_upload_material(case=earlier, actor=applicant, material_code=codes[0], uploaded=pdf())
    for code in codes[1:]:
        actions.case_upload_material(case=earlier, actor=applicant, material_code=code, uploaded=pdf())
    actions.case_submit(case=earlier, actor=applicant)
    counted(
        measured,
        "case_request_corrections",
        lambda: actions.case_request_corrections(case=earlier, clerk=window, corrections={codes[0]: "请提供清晰件"}),
    )
    actions.case_upload_material(case=earlier, actor=applicant, material_code=codes[0], uploaded=pdf())
    actions.case_submit(case=earlier, actor=applicant)
    counted(
        measured, "case_not_accept", lambda: actions.case_not_accept(case=earlier, clerk=window, reason="名称不规范")
    )
    third = actions.case_create(actor=applicant, details=details, bundle_code="company-setup")
    counted(measured, "case_withdraw", lambda: actions.case_withdraw(case=third, actor=applicant, reason="改日再办"))
    assert measured == ACTION_COUNTS
