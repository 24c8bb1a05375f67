"""Reads of cases that a person triggers; each takes the person and shows only what they may see."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from gaoxin.accounts.models import Role, User
from gaoxin.cases import rules
from gaoxin.cases.models import Case, CaseMaterial, CaseStatus, Task, TaskStatus
from gaoxin.core.errors import NotFound
from gaoxin.core.models import AuditEvent
from gaoxin.workdays.deadlines import SlaState, sla_state

OPEN_TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.RETURNED]


def cases_visible_to(user: User) -> QuerySet[Case]:
    cases = Case.objects.select_related("item", "bundle")
    if rules.sees_all_cases(user):
        return cases
    if user.role == Role.APPROVER:
        in_department = Task.objects.filter(case=OuterRef("pk"), department_id=user.department_id)
        return cases.filter(Exists(in_department))
    return cases.filter(applicant=user)


def case_for(user: User, case_id) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("未找到该办件")
    return case


def tasks_for(user: User, *, include_done: bool = False) -> QuerySet[Task]:
    """The approver's queue: their department's tasks, nearest deadline first."""
    if user.role != Role.APPROVER:
        return Task.objects.none()
    tasks = Task.objects.filter(department_id=user.department_id).select_related("case", "item", "department")
    if not include_done:
        tasks = tasks.filter(status__in=OPEN_TASK_STATUSES)
    return tasks.order_by("deadline", "created_at")


def task_for(user: User, task_id) -> Task:
    task = tasks_for(user, include_done=True).filter(pk=task_id).first()
    if task is None:
        raise NotFound("未找到该任务")
    return task


def case_events(case: Case) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).select_related("actor").order_by("seq")
    )


def case_pauses(case: Case, now: datetime) -> list[tuple[datetime, datetime]]:
    """Pauses as closed intervals; one still running is closed at now."""
    return [(p.started_at, p.ended_at or now) for p in case.pauses.all()]


def case_sla(case: Case, now: datetime | None = None) -> SlaState | None:
    if case.accepted_at is None or case.deadline is None:
        return None
    now = now or timezone.now()
    end = case.decided_at or now
    return sla_state(start=case.accepted_at, deadline=case.deadline, now=end, pauses=case_pauses(case, end))


def task_sla(task: Task, pauses, now: datetime | None = None) -> SlaState:
    end = task.decided_at or now or timezone.now()
    return sla_state(start=task.created_at, deadline=task.deadline, now=end, pauses=pauses)


def open_case_statuses() -> list[str]:
    return [
        CaseStatus.SUBMITTED,
        CaseStatus.CORRECTIONS_REQUESTED,
        CaseStatus.IN_REVIEW,
        CaseStatus.SUPPLEMENT_REQUESTED,
    ]


# --- read models shared by the API and the pages -------------------------------------------------


def sla_fields(state: SlaState | None) -> dict:
    return {"sla": state.value if state else None, "sla_display": state.label if state else None}


def case_summary(case: Case, now) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "status_display": case.get_status_display(),
        "channel": case.channel,
        "applicant_name": case.applicant_name,
        "created_at": case.created_at,
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "decided_at": case.decided_at,
        "deadline": case.deadline,
        "deadline_provisional": case.deadline_provisional,
        **sla_fields(case_sla(case, now)),
    }


def task_out(task: Task, pauses, now) -> dict:
    return {
        "id": task.pk,
        "case_id": task.case_id,
        "case_number": task.case.number,
        "item_code": task.item.code,
        "item_name": task.item.name,
        "department": {"code": task.department.code, "name": task.department.name},
        "stage": task.stage,
        "optional": task.optional,
        "status": task.status,
        "status_display": task.get_status_display(),
        "created_at": task.created_at,
        "deadline": task.deadline,
        "deadline_provisional": task.deadline_provisional,
        **sla_fields(task_sla(task, pauses, now)),
        "decided_at": task.decided_at,
        "decided_by": task.decided_by.name if task.decided_by else None,
        "reason": task.reason,
    }


def material_out(material: CaseMaterial) -> dict:
    return {
        "code": material.material.code,
        "name": material.material.name,
        "required": material.required,
        "needs_correction": material.needs_correction,
        "correction_note": material.correction_note,
        "files": [file_out(f) for f in material.files.all()],
    }


def file_out(stored) -> dict:
    return {
        "id": stored.pk,
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "uploaded_at": stored.uploaded_at,
    }


def case_detail(user: User, case_id) -> dict:
    """Everything a case page or the API shows: status, deadline, SLA, materials, tasks by stage, timeline."""
    case = case_for(user, case_id)
    case = (
        Case.objects.select_related("item", "bundle")
        .prefetch_related(
            "pauses",
            Prefetch("materials", CaseMaterial.objects.select_related("material").prefetch_related("files")),
            Prefetch("tasks", Task.objects.select_related("item", "department", "decided_by", "case")),
        )
        .get(pk=case.pk)
    )
    now = timezone.now()
    pauses = case_pauses(case, now)
    materials = [material_out(m) for m in case.materials.all()]
    tasks = [task_out(t, pauses, now) for t in case.tasks.all()]
    return {
        **case_summary(case, now),
        "item": case.item.code if case.item_id else None,
        "bundle": case.bundle.code if case.bundle_id else None,
        "applicant_kind": case.applicant_kind,
        "applicant_id_number": case.applicant_id_number,
        "applicant_uscc": case.applicant_uscc,
        "contact_phone": case.contact_phone,
        "form": case.form,
        "current_stage": case.current_stage,
        "decision_reason": case.decision_reason,
        "clerk_note": case.clerk_note,
        "materials_asked": len(materials),
        "materials_handed_in": sum(1 for m in materials if m["files"]),
        "materials": materials,
        "tasks": tasks,
        "stages": [
            {"number": n, "tasks": [t for t in tasks if t["stage"] == n]} for n in sorted({t["stage"] for t in tasks})
        ],
        "events": [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor.name if e.actor else None,
                "action": e.action,
                "action_display": rules.EVENT_LABELS.get(e.action, e.action),
                "from_state": e.from_state,
                "to_state": e.to_state,
                "reason": e.reason,
                "data": e.data,
            }
            for e in case_events(case)
        ],
    }
