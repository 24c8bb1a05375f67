"""The objects the access walk fills path parameters with, made once for the module through the real actions.

Every object belongs to a demo account the table calls its own: the case, its acceptance notice and the license are
`applicant`'s, the demand and its file the company's, the visit and its photo `cadre`'s, the task and the
rectification are the department of `amr`, the extension request on that task is for `amr-head` to decide, the
element request is routed to `amr`'s department, the project is kept by `officer`, the notification is `applicant`'s.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gaoxin.accounts.models import Department
from gaoxin.cases import actions as case_actions
from gaoxin.cases.models import Case, Channel, MaterialFile, Task, TaskStatus
from gaoxin.certificates.models import License
from gaoxin.demands import actions as demand_actions
from gaoxin.demands.defaults import categories_load
from gaoxin.demands.models import Category
from gaoxin.documents.models import Document
from gaoxin.economy.models import Enterprise, IndicatorImport, Park
from gaoxin.notifications.actions import Message, notify, sms_numbers
from gaoxin.notifications.models import Notification
from gaoxin.projects import actions as project_actions
from gaoxin.projects.models import Project, ReportPhoto
from gaoxin.ratings.actions import evaluator_push, rating_appeal, rating_create
from tests.ratings.helpers import approved_case, submitted_case, user
from tests.support.forms import COMPANY_FORM
from tests.support.notices import noticed_case, objection_to

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
# A month whose report is filed with a photo (as of a day inside it: a past month is closed to new reports).
REPORT_YEAR, REPORT_MONTH = 2021, 10
REPORT_FILED_AT = datetime(2021, 10, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def case_in_review() -> Case:
    """applicant's company set-up, accepted: the first stage (registration at amr's department) is open."""
    return case_actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))


def walk_in_draft() -> Case:
    details = case_actions.ApplicantDetails(
        kind="person", name="王建国", id_number="11010519491231002X", form=COMPANY_FORM
    )
    return case_actions.case_create(actor=user("window"), details=details, bundle_code="company-setup")


def extension_of(task_id):
    """amr's approver asks to extend the open registration task; amr's head decides it."""
    return case_actions.task_extension_request(
        task=Task.objects.get(pk=task_id), approver=user("amr"), days=5, reason="需要现场核查经营场所"
    )


def rectification_of(case: Case):
    """A bad rating of the decided case, counted for amr's department, opens a rectification there."""
    return rating_create(
        case=case, actor=case.applicant, level=1, comment="等待太久", department_code="amr"
    ).rectification


def project_kept_by_officer() -> Project:
    return Project.objects.filter(officer__username="officer").order_by("code").first()


def photo_of(project: Project) -> ReportPhoto:
    report = project_actions.report_submit(
        project=project,
        actor=None,
        year=REPORT_YEAR,
        month=REPORT_MONTH,
        invested="1",
        progress="主体施工",
        photos=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
        now=REPORT_FILED_AT,
    )
    return report.photos.get()


def element_request_for_amr(project: Project):
    return project_actions.request_raise(
        project=project,
        actor=None,
        kind="permits",
        description="请协助办理营业执照变更",
        department=Department.objects.get(code="amr"),
        working_days=5,
    )


def demand_of_the_company():
    """The company's demand, its enterprise paired with `cadre` (and `leader`), assigned to amr's department."""
    categories_load(Category, Department)  # a transactional test elsewhere may have emptied the table
    enterprise = Enterprise.objects.get(uscc=user("company").uscc)
    demand_actions.pairing_set(enterprise=enterprise, actor=user("office"), cadre=user("cadre"), leader=user("leader"))
    demand = demand_actions.demand_raise(
        actor=user("company"),
        problem=demand_actions.Problem(Category.objects.get(code="labour"), "招工难", "急需焊工二十名"),
        contact_name="陈志远",
        contact_phone="13800000051",
    )
    return demand_actions.demand_assign(demand=demand, actor=user("office"), unit=Department.objects.get(code="amr"))


def visit_photo_at(enterprise):
    """`cadre`'s visit to the company's enterprise (paired with them), with a photo and no problem found."""
    visit, _demands = demand_actions.visit_record(
        actor=user("cadre"),
        enterprise=enterprise,
        visited_on=timezone.localdate(),
        met="陈志远",
        topics="生产经营情况",
        photos=[SimpleUploadedFile("车间.png", PNG, content_type="image/png")],
    )
    return visit.photos.get()


def notification_for(username: str) -> Notification:
    notify([(user(username), Message(kind="case_warning", subject_key="access-walk", title="办件即将超期"))])
    return Notification.objects.get(recipient__username=username, subject_key="access-walk")


def walk_in_rating_objects() -> dict[str, object]:
    """A decided walk-in case's link and the window clerk's evaluator showing it; an appeal by amr of a bad rating."""
    walk_in = approved_case(by="window")
    evaluator = evaluator_push(clerk=user("window"), case=walk_in)
    return {"link_token": walk_in.rating_link.token, "evaluator_token": evaluator.token}


def notice_objects() -> dict[str, object]:
    """applicant's company deregistration in its public notice (amr's department), and an objection with evidence."""
    case = noticed_case()
    objection = objection_to(case, evidence=SimpleUploadedFile("欠条.png", PNG, content_type="image/png"))
    return {
        "notice_id": objection.task_id,
        "objection_id": objection.pk,
        "token": sms_numbers(["13800000009"])["13800000009"].token,
    }


def build() -> dict[str, object]:
    """Path parameter name → value, for every parameter a route of the table has."""
    case = case_in_review()
    decided = approved_case(bundle="company-setup")
    project = project_kept_by_officer()
    photo = photo_of(project)
    material_file = MaterialFile.objects.filter(case_material__case=case).select_related("case_material__material")
    stored = material_file.first()
    walk_in = walk_in_draft()
    assert walk_in.channel == Channel.WINDOW and walk_in.applicant_id is None
    task_id = case.tasks.get(status=TaskStatus.OPEN, department__code="amr").pk
    rectification = rectification_of(decided)
    appeal = rating_appeal(rating=rectification.rating, actor=user("amr"), reason="申请人误评")
    demand = demand_of_the_company()
    instruction = demand_actions.demand_instruct(demand=demand, actor=user("leader"), text="请加快对接招聘会")
    (attachment,) = demand_actions.demand_attach(
        demand=demand, actor=user("company"), files=[SimpleUploadedFile("营业执照.png", PNG, content_type="image/png")]
    )
    visit_photo = visit_photo_at(demand.enterprise)
    return {
        **walk_in_rating_objects(),
        **notice_objects(),
        "appeal_id": appeal.pk,
        "case": case,
        "decided": decided,
        "walk_in": walk_in,
        "case_id": case.pk,
        "task_id": task_id,
        "extension_id": extension_of(task_id).pk,
        "file_id": stored.pk,
        "material_code": stored.case_material.material.code,
        "license_id": License.objects.get(case=decided).pk,
        "document_id": Document.objects.get(case=case, kind="acceptance").pk,
        "rectification_id": rectification.pk,
        "project_id": project.pk,
        "milestone_id": project.milestones.order_by("pk").first().pk,
        "request_id": element_request_for_amr(project).pk,
        "photo_id": photo.pk,
        "year": REPORT_YEAR,
        "month": REPORT_MONTH,
        "username": "leader",
        "batch_id": IndicatorImport.objects.order_by("imported_at").first().pk,
        "park_code": Park.objects.order_by("code").first().code,
        "uscc": Enterprise.objects.order_by("uscc").first().uscc,
        "notification_id": notification_for("applicant").pk,
        "demand_id": demand.pk,
        "enterprise_id": demand.enterprise_id,
        "instruction_id": instruction.pk,
        "attachment_id": attachment.pk,
        "visit_id": visit_photo.visit_id,
        "visit_photo_id": visit_photo.pk,
    }
