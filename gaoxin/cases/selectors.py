"""Reads of cases that a person triggers; each takes the person and shows only what they may see."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gaoxin.accounts.models import Role, User
from gaoxin.cases import hooks, rules
from gaoxin.cases.models import (
    DECIDED_STATUSES,
    Case,
    CaseMaterial,
    CaseStatus,
    Channel,
    ExtensionStatus,
    Objection,
    ObjectionStatus,
    Task,
    TaskExtension,
    TaskStatus,
)
from gaoxin.catalog.fields import answer_lines, application_fields, masked_answers
from gaoxin.catalog.models import MaxVisits
from gaoxin.catalog.usage import Uses
from gaoxin.core import personal
from gaoxin.core.errors import Conflict, NotFound
from gaoxin.core.models import AuditEvent, AuditHead
from gaoxin.core.numbers import percent
from gaoxin.identity.validators import check_resident_id, normalize_phone
from gaoxin.wallet.selectors import wallet_offers
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
        raise NotFound(_("未找到该办件"))
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
        raise NotFound(_("未找到该任务"))
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
    if case.decided_at:
        return final_sla(case.decided_at, case.deadline)
    now = now or timezone.now()
    return sla_state(start=case.accepted_at, deadline=case.deadline, now=now, pauses=case_pauses(case, now))


def task_sla(task: Task, pauses, now: datetime | None = None) -> SlaState:
    if task.decided_at:
        return final_sla(task.decided_at, task.deadline)
    return sla_state(start=task.created_at, deadline=task.deadline, now=now or timezone.now(), pauses=pauses)


def final_sla(decided_at: datetime, deadline: datetime) -> SlaState:
    """A decided case or task was either on time or late; the warning band only means something while it runs."""
    return SlaState.OVERDUE if decided_at > deadline else SlaState.ON_TIME


def open_case_statuses() -> list[str]:
    return [
        CaseStatus.SUBMITTED,
        CaseStatus.CORRECTIONS_REQUESTED,
        CaseStatus.IN_REVIEW,
        CaseStatus.SUPPLEMENT_REQUESTED,
    ]


# --- read models shared by the API and the pages -------------------------------------------------


def sla_fields(state: SlaState | None) -> dict:
    return {"sla": state.value if state else None, "sla_display": str(state.label) if state else None}


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


def result_lines(step: dict, result: dict) -> list[dict]:
    """A step's result as a person reads it: its own fields, then what the apps above added (the license's USCC)."""
    spec = step.get("result_fields", [])
    own = {f["key"] for f in spec}
    labels = hooks.result_labels()
    lines = answer_lines(spec, {k: v for k, v in result.items() if k in own})
    lines += [(str(labels[k]), str(v)) for k, v in result.items() if k in labels and k not in own]
    return [{"label": label, "value": value} for label, value in lines]


def task_out(task: Task, pauses, now) -> dict:
    step = rules.planned_step(task.case, task)
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
        "waits_until": task.waits_until,
        **sla_fields(task_sla(task, pauses, now)),
        "decided_at": task.decided_at,
        "decided_by": task.decided_by.name if task.decided_by else None,
        "reason": task.reason,
        "requires": step.get("requires", []),
        "result_fields": step.get("result_fields", []),
        "result": task.result,
        "result_lines": result_lines(step, task.result),
        "extension_days": task.extension_days,
        "extension": extension_brief(latest_extension(task)),
    }


def material_out(material: CaseMaterial) -> dict:
    files = material.files.all()
    return {
        "code": material.material.code,
        "name": material.material.name,
        "required": material.required,
        "needs_correction": material.needs_correction,
        "correction_note": material.correction_note,
        "certificate": material.certificate.number if material.certificate_id else None,
        # The platform's own license stands in for the paper (由本平台电子证照证明): nothing is handed in for it.
        "proved": material.certificate_id is not None,
        "files": [file_out(f) for f in files],
        "missing": rules.material_missing(
            required=material.required,
            needs_correction=material.needs_correction,
            has_file=bool(files),
            proved=material.certificate_id is not None,
        ),
    }


def wallet_offers_for(user: User, case: Case) -> list[dict]:
    """What the applicant's wallet holds that fits this case (wallet.rules.fits), for each material still open, in the
    case's order: each with its file, the date it was kept and the case it came from, to take or leave one by one."""
    if not rules.is_owner(user, case) or case.status not in rules.UPLOAD_STATUSES:
        return []
    open_materials = list(
        case.materials.filter(files__isnull=True, certificate__isnull=True, needs_correction=False).select_related(
            "material"
        )
    )
    offers = wallet_offers(
        user, [m.material_id for m in open_materials], rules.case_subjects(case), timezone.localdate()
    )
    return [
        {
            "material": m.material.code,
            "material_name": m.material.name,
            "name": offers[m.material_id].original_name,
            "size": offers[m.material_id].size,
            "kept_at": offers[m.material_id].kept_at,
            "source_case_number": offers[m.material_id].source_case_number,
            "valid_until": offers[m.material_id].valid_until,
        }
        for m in open_materials
        if m.material_id in offers
    ]


def case_materials(case: Case) -> list[dict]:
    """The case's materials as its pages show them, for a decision form that lists them (read without the rest)."""
    return [material_out(m) for m in case.materials.select_related("material", "certificate").prefetch_related("files")]


def file_out(stored) -> dict:
    return {
        "id": stored.pk,
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "uploaded_at": stored.uploaded_at,
        "from_wallet": stored.from_wallet,
    }


def _detail_prefetch() -> tuple:
    return (
        "pauses",
        Prefetch("materials", CaseMaterial.objects.select_related("material", "certificate").prefetch_related("files")),
        Prefetch(
            "tasks",
            Task.objects.select_related("item", "department", "decided_by", "case").prefetch_related(with_extensions()),
        ),
    )


def case_detail(user: User, case_id) -> dict:
    """Everything a case page or the API shows: status, deadline, SLA, materials, tasks by stage, timeline."""
    case = cases_visible_to(user).prefetch_related(*_detail_prefetch()).filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("未找到该办件"))
    return _detail(case, viewer=user)


def case_for_personal_data(user: User, case_id) -> Case:
    """The case whose applicant's numbers the person asks to see in full, with the tasks the rule reads."""
    case = case_for(user, case_id)
    prefetch_related_objects([case], "tasks")
    return case


def case_detail_of(case: Case) -> dict:
    """The detail of a case an action has just returned (the person could see it before acting on it)."""
    prefetch_related_objects([case], *_detail_prefetch())
    return _detail(case)


def _detail(case: Case, *, viewer: User | None = None) -> dict:
    now = timezone.now()
    handles = viewer is not None and rules.handles_personal_data(viewer, case)
    fields = application_fields(case.bundle)
    # The form's ID numbers and phones are the step's working papers for who handles the case; masked for the rest.
    form = case.form if handles else masked_answers(fields, case.form)
    pauses = case_pauses(case, now)
    materials = [material_out(m) for m in case.materials.all()]
    tasks = [task_out(t, pauses, now) for t in sorted(case.tasks.all(), key=rules.in_plan_order(case))]
    events = list(case_events(case))
    departments = {t.department_id: t.department.name for t in case.tasks.all()}
    return {
        **case_summary(case, now),
        "item": case.item.code if case.item_id else None,
        "bundle": case.bundle.code if case.bundle_id else None,
        "applicant_kind": case.applicant_kind,
        # Masked for everyone; who handles the case may ask for them in full (case_personal_data, audited).
        "applicant_id_number": personal.mask_id_number(case.applicant_id_number),
        "applicant_uscc": case.applicant_uscc,
        "contact_phone": personal.mask_phone(case.contact_phone),
        "may_show_personal_data": handles,
        "form": form,
        "form_lines": answer_lines(fields, form),
        "current_stage": case.current_stage,
        "is_final": case.is_final,
        # A granted step issued a license (the registration of 企业开办): the page links it from then on.
        "issued_license": any("license_id" in t["result"] for t in tasks),
        "decision_reason": case.decision_reason,
        "clerk_note": case.clerk_note,
        "visits": case.visits,
        "visits_allowed": case.visits_allowed,
        "visits_allowed_display": str(MaxVisits(case.visits_allowed).label),
        "materials_asked": len(materials),
        # 材料少: what the applicant actually handed in with this case, not what the wallet or a certificate gave.
        "materials_handed_in": sum(1 for m in materials if any(not f["from_wallet"] for f in m["files"])),
        "materials_from_wallet": sum(1 for m in materials if m["files"] and all(f["from_wallet"] for f in m["files"])),
        "materials_by_certificate": sum(1 for m in materials if m["certificate"]),
        "materials": materials,
        "tasks": tasks,
        "stages": [
            {"number": n, "tasks": [t for t in tasks if t["stage"] == n]} for n in sorted({t["stage"] for t in tasks})
        ],
        **hooks.case_sections(case),
        "version": events[-1].seq if events else 0,
        "events": [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor.name if e.actor else None,
                "action": e.action,
                "action_display": str(rules.EVENT_LABELS.get(e.action) or hooks.event_labels().get(e.action, e.action)),
                "department": departments.get(e.data.get("department")),
                "from_state": e.from_state,
                "to_state": e.to_state,
                "reason": e.reason,
                "data": e.data,
                # An approved extension's new deadline, for the timeline to show.
                "moved_to": parse_datetime(e.data["deadline_after"]) if "deadline_after" in e.data else None,
            }
            for e in events
        ],
    }


# --- the desks' queues and the leader's overview (pages) -----------------------------------------

WINDOW_TABS = ("submitted", "corrections", "drafts", "all")


def case_version(case: Case) -> int:
    """The number of the case's newest audit event: a page sends it back so a stale decision is caught."""
    head = AuditHead.objects.filter(subject_type="case", subject_id=str(case.pk)).values_list("seq", flat=True).first()
    return head or 0


def window_counts(user: User) -> dict[str, int]:
    """How many cases wait at the window, per queue tab, in one query."""
    if not rules.may_act_as_window(user):
        return dict.fromkeys(WINDOW_TABS, 0)
    return Case.objects.aggregate(
        submitted=Count("pk", filter=Q(status=CaseStatus.SUBMITTED)),
        corrections=Count("pk", filter=Q(status=CaseStatus.CORRECTIONS_REQUESTED)),
        drafts=Count("pk", filter=Q(status=CaseStatus.DRAFT, channel=Channel.WINDOW)),
        all=Count("pk", filter=~Q(status=CaseStatus.DRAFT)),
    )


def window_queue(user: User, *, tab: str = "submitted", q: str = "") -> QuerySet[Case]:
    """The window's queue: submitted cases oldest first; cases waiting for corrections; walk-in drafts; all."""
    if not rules.may_act_as_window(user):
        return Case.objects.none()
    cases = cases_visible_to(user).prefetch_related("pauses")
    if tab == "corrections":
        cases = cases.filter(status=CaseStatus.CORRECTIONS_REQUESTED).annotate(
            flagged=Count("materials", filter=Q(materials__needs_correction=True))
        )
        cases = cases.order_by("submitted_at", "created_at")
    elif tab == "drafts":
        cases = cases.filter(status=CaseStatus.DRAFT, channel=Channel.WINDOW).order_by("-created_at")
    elif tab == "all":
        cases = cases.exclude(status=CaseStatus.DRAFT).order_by(F("submitted_at").desc(nulls_last=True), "-created_at")
    else:
        cases = cases.filter(status=CaseStatus.SUBMITTED).order_by("submitted_at", "created_at")
    q = q.strip()
    if q:
        cases = cases.filter(
            by_personal_number(q)
            or Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(applicant_uscc__icontains=q)
        )
    return cases


def by_personal_number(q: str) -> Q | None:
    """A resident ID number or a phone typed into a search, found by its indexed digest alone (the numbers
    themselves are encrypted, so only a whole number finds a case: docs/decisions/0029); None for any other text."""
    compact = personal.normalized(q)
    if check_resident_id(compact).valid:
        return personal.matching("applicant_id_number", compact)
    if phone := normalize_phone(q):
        return personal.matching("contact_phone", phone)
    return None


def department_open_count(user: User) -> int:
    """Tasks of the approver's department that wait for a decision (not those waiting for the applicant)."""
    return tasks_for(user).filter(status=TaskStatus.OPEN).count()


def desk_overview(user: User, *, view: str = "open", now: datetime | None = None, limit: int = 100) -> dict:
    """The department desk: counts (waiting, warning, overdue, waiting for the applicant) and the rows of one view.

    Every row carries its SLA state; the whole page costs a fixed number of queries whatever the queue's length.
    """
    now = now or timezone.now()
    pending = list(
        tasks_for(user)
        .select_related("case__bundle", "case__item")
        .prefetch_related("case__pauses")
        .annotate(objections_pending=Count("objections", filter=Q(objections__status=ObjectionStatus.PENDING)))
    )

    def row(task: Task) -> dict:
        pauses = case_pauses(task.case, now)
        return {"task": task, "sla": task_sla(task, pauses, now), "case_sla": case_sla(task.case, now)}

    open_rows = [row(t) for t in pending if t.status == TaskStatus.OPEN]
    returned_rows = [row(t) for t in pending if t.status == TaskStatus.RETURNED]
    counts = {
        "open": len(open_rows),
        "warning": sum(1 for r in open_rows if r["sla"] == SlaState.WARNING),
        "overdue": sum(1 for r in open_rows if r["sla"] == SlaState.OVERDUE),
        "returned": len(returned_rows),
    }
    if view == "returned":
        rows = returned_rows
    elif view == "done":
        done = (
            tasks_for(user, include_done=True)
            .filter(status__in=[TaskStatus.APPROVED, TaskStatus.DENIED, TaskStatus.CLOSED])
            .select_related("decided_by", "case__bundle", "case__item")
            .prefetch_related("case__pauses")
            .order_by("-decided_at")[:limit]
        )
        rows = [row(t) for t in done]
    else:
        rows = open_rows
    return {"counts": counts, "rows": rows}


def _local_midnight(now: datetime) -> datetime:
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.combine(today, datetime.min.time()))


def sees_overview(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.LEADER, Role.ADMIN)


def open_overdue_filter(now: datetime) -> Q:
    """Past its promised deadline, over open cases: overdue means past the deadline, paused or not."""
    return Q(deadline__lt=now)


def open_overdue_cases(now: datetime) -> QuerySet[Case]:
    """Open and past the deadline: one range of the index case_status_deadline (status, deadline) per open status."""
    return Case.objects.filter(open_overdue_filter(now), status__in=open_case_statuses())


def overdue_open_count(user: User, now: datetime | None = None) -> int:
    """Open cases past their promised deadline (the header's badge and the on-time rate's open overdue)."""
    if not sees_overview(user):
        return 0
    return open_overdue_cases(now or timezone.now()).count()


# --- the on-time rate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OnTimeRate:
    """The on-time rate (按时办结率) and the counts it is made of, so that a reader can recompute it. Stated here once;
    /leader/, the cockpit and GET /api/cockpit/summary all show this one:

        rate = on_time / (decided + open_overdue), in percent to one decimal (half up); None when nothing counts

    - decided:      approved or denied within the window (the last `days` days), with a deadline;
    - on_time:      of those, decided at or before the deadline;
    - open_overdue: open now (open_case_statuses()) and already past the deadline, whenever it was accepted.

    A case still open past its deadline can only end late. Counting it only once it is decided would flatter a
    department that sits on its late cases over one that finishes them. An open case not yet due counts nowhere: it
    may still end on time.
    """

    decided: int
    on_time: int
    open_overdue: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.on_time, self.decided + self.open_overdue)


def decisions_counted(*, now: datetime, window_start: datetime) -> dict[str, int]:
    """One query over the approved and denied cases since the earlier of local midnight and window_start (a seek of
    the index case_status_decided (status, decided_at, deadline) per status): decided `today`, and the rate's
    `decided` and `on_time` within the window. Counting `status`, a column of the index, lets the index alone answer."""
    midnight = _local_midnight(now)
    in_window = Q(decided_at__gte=window_start)
    return Case.objects.filter(status__in=DECIDED_STATUSES, decided_at__gte=min(window_start, midnight)).aggregate(
        today=Count("status", filter=Q(decided_at__gte=midnight)),
        decided=Count("status", filter=in_window & Q(deadline__isnull=False)),
        on_time=Count("status", filter=in_window & Q(decided_at__lte=F("deadline"))),
    )


def leader_figures(user: User, *, now: datetime | None = None, days: int = 30) -> dict:
    """Today's submissions and completions, the on-time rate (OnTimeRate) and the visits kept within the promise over
    the last `days` days. Four queries whatever the number of cases."""
    if not sees_overview(user):
        raise NotFound(_("未找到该页面"))
    now = now or timezone.now()
    midnight = _local_midnight(now)
    window_start = now - timedelta(days=days)
    # A first submission is an audit event from draft; resubmissions after corrections are not counted again.
    submitted_today = AuditEvent.objects.filter(
        subject_type="case", action="submit", from_state=CaseStatus.DRAFT, at__gte=midnight
    ).count()
    decided = decisions_counted(now=now, window_start=window_start)
    on_time = OnTimeRate(
        decided=decided["decided"], on_time=decided["on_time"], open_overdue=open_overdue_cases(now).count()
    )
    return {
        "submitted_today": submitted_today,
        "completed_today": decided["today"],
        "decided_in_window": on_time.decided,
        "on_time_in_window": on_time.on_time,
        "open_overdue": on_time.open_overdue,
        "on_time_rate": on_time.rate,
        **visits_counted(window_start),
        "window_days": days,
        "window_start": window_start,
    }


def visits_counted(window_start: datetime) -> dict:
    """少跑腿 over the cases decided since window_start: how many came to the hall no more often than their item or
    bundle promised (最多跑一次 / 零跑动), and how many not at all. A query of its own, so that the on-time figures'
    index-only count stays so."""
    counted = Case.objects.filter(status__in=DECIDED_STATUSES, decided_at__gte=window_start).aggregate(
        decided=Count("pk"),
        within=Count("pk", filter=Q(visits__lte=F("visits_allowed"))),
        none=Count("pk", filter=Q(visits=0)),
    )
    return {
        "visits_within_rate": percent(counted["within"], counted["decided"]),
        "visits_within": counted["within"],
        "visits_none": counted["none"],
    }


OVERVIEW_GROUPS = ("overdue", "warning", "on_time", "not_started")


def open_cases_overview(
    user: User, *, department: str = "", bundle: str = "", sla: str = "", now: datetime | None = None
) -> dict:
    """Every open case with its SLA state, grouped: overdue, warning, on time, and not accepted yet (no clock).

    `department` keeps the cases that one department is handling now (an open or returned task);
    `bundle` is a bundle code, or "item" for single-item cases. Three queries whatever the number of cases.
    """
    if not sees_overview(user):
        raise NotFound(_("未找到该页面"))
    now = now or timezone.now()
    current_tasks = Task.objects.filter(status__in=OPEN_TASK_STATUSES).select_related("department")
    cases = (
        Case.objects.filter(status__in=open_case_statuses())
        .select_related("item", "bundle")
        .prefetch_related("pauses", Prefetch("tasks", current_tasks, to_attr="current_tasks"))
        .order_by(F("deadline").asc(nulls_last=True), "submitted_at")
    )
    if department:
        cases = cases.filter(
            Exists(current_tasks.filter(case=OuterRef("pk"), department__code=department).values("pk"))
        )
    if bundle == "item":
        cases = cases.filter(bundle__isnull=True)
    elif bundle:
        cases = cases.filter(bundle__code=bundle)
    groups: dict[str, list[dict]] = {name: [] for name in OVERVIEW_GROUPS}
    for case in cases:
        state = case_sla(case, now)
        groups[state.value if state else "not_started"].append({"case": case, "sla": state})
    counts = {name: len(rows) for name, rows in groups.items()}
    if sla in groups:
        groups = {sla: groups[sla]}
    return {"groups": groups, "counts": counts, "total": sum(counts.values())}


# --- extensions (延期, 行政许可法 §42) ---------------------------------------------------------------


def with_extensions() -> Prefetch:
    """Prefetch for a task query: each task's extension requests with their people (task_out shows the latest)."""
    return Prefetch("extensions", TaskExtension.objects.select_related("requested_by", "decided_by"))


def latest_extension(task: Task) -> TaskExtension | None:
    return max(task.extensions.all(), key=lambda e: e.requested_at, default=None)


def extension_brief(extension: TaskExtension | None) -> dict | None:
    """An extension as a task shows it."""
    if extension is None:
        return None
    return {
        "id": extension.pk,
        "days": extension.days,
        "reason": extension.reason,
        "status": extension.status,
        "status_display": extension.get_status_display(),
        "requested_by": extension.requested_by.name,
        "requested_at": extension.requested_at,
        "decided_by": extension.decided_by.name if extension.decided_by else None,
        "decided_at": extension.decided_at,
        "note": extension.note,
        "deadline_before": extension.deadline_before,
        "deadline_after": extension.deadline_after,
    }


def extensions_visible_to(user: User) -> QuerySet[TaskExtension]:
    """A department's extension requests, for its head and its approvers; nobody else has any."""
    if not user.is_authenticated or not rules.sees_extensions_of(user, user.department_id) or not user.department_id:
        return TaskExtension.objects.none()
    return TaskExtension.objects.filter(task__department_id=user.department_id).select_related(
        "task__case__item", "task__case__bundle", "task__item", "task__department", "requested_by", "decided_by"
    )


def extension_for(user: User, extension_id) -> TaskExtension:
    extension = extensions_visible_to(user).filter(pk=extension_id).first()
    if extension is None:
        raise NotFound(_("未找到该延期申请"))
    return extension


def pending_extensions_count(user: User) -> int:
    """Requests waiting for this head's decision (none for anyone who may not decide them)."""
    if user.role != Role.DEPT_HEAD:
        return 0
    return extensions_visible_to(user).filter(status=ExtensionStatus.REQUESTED).count()


def extension_out(extension: TaskExtension) -> dict:
    """A request as its head reads it: the case, the task, its deadline now and the one approval would give."""
    task = extension.task
    case = task.case
    requested = extension.status == ExtensionStatus.REQUESTED
    return {
        **extension_brief(extension),
        "task_id": task.pk,
        "task_status": task.status,
        "task_status_display": task.get_status_display(),
        "case_id": case.pk,
        "case_number": case.number,
        "case_title": case.title,
        "applicant_name": case.applicant_name,
        "item_name": task.item.name,
        "department": {"code": task.department.code, "name": task.department.name},
        "task_started_at": task.created_at,
        "statutory_days": rules.planned_step(case, task)["days"],
        "deadline": task.deadline,
        "deadline_if_approved": _deadline_if_approved(case, task, extension) if requested else extension.deadline_after,
        "approvable": requested and _approvable(task),
    }


def _deadline_if_approved(case: Case, task: Task, extension: TaskExtension) -> datetime:
    """What the action would compute now: the rule with the request's days and the case's ended pauses."""
    pauses = [(p.started_at, p.ended_at) for p in case.pauses.all() if p.ended_at] if case.clock_was_paused else []
    return rules.running_deadline(case, task, pauses, extension_days=extension.days).at


def _approvable(task: Task) -> bool:
    """Approval is still possible: the task runs (or waits for the applicant) and its limit has not passed."""
    if task.status == TaskStatus.RETURNED:
        return True
    return task.status == TaskStatus.OPEN and timezone.now() <= task.deadline


EXTENSION_VIEWS = ("pending", "decided")


def extensions_page(user: User, *, view: str = "pending", limit: int = 100) -> dict:
    """The head's desk: the pending requests, the task with the nearest deadline first; or the latest decided."""
    visible = extensions_visible_to(user).prefetch_related("task__case__pauses")
    pending = visible.filter(status=ExtensionStatus.REQUESTED)
    counts = {"pending": pending.count()}
    if view == "decided":
        rows = visible.exclude(status=ExtensionStatus.REQUESTED).order_by("-decided_at")[:limit]
    else:
        rows = pending.order_by("task__deadline", "requested_at")
    return {"counts": counts, "rows": [extension_out(e) for e in rows]}


def applications_since(since: datetime) -> Uses:
    """Cases submitted since the moment, per item and per bundle (drafts never submitted are no application), for
    the catalog's 热门 and its search ranking (gaoxin.catalog.usage)."""
    uses = Uses()
    rows = Case.objects.filter(submitted_at__gte=since).values_list("item_id", "bundle_id").annotate(n=Count("id"))
    for item_id, bundle_id, n in rows.order_by():
        if bundle_id:
            uses.bundles[bundle_id] += n
        else:
            uses.items[item_id] += n
    return uses


# --- public notices (公示) and their objections -----------------------------------------------------------------

# A notice stays on the public list this long after its end, so a creditor who looks late still finds what happened.
NOTICE_RECENT_DAYS = 30


def public_notices(now: datetime | None = None) -> list[dict]:
    """The public notices running and those ended in the last NOTICE_RECENT_DAYS, running first, nearest end first.
    Public by law (公示): anybody reads them, logged in or not; nothing of the objections is shown."""
    now = now or timezone.now()
    tasks = (
        _notice_tasks()
        .filter(waits_until__gte=now - timedelta(days=NOTICE_RECENT_DAYS))
        .annotate(pending=Count("objections", filter=Q(objections__status=ObjectionStatus.PENDING)))
    )
    notices = [_notice_out(task, now) for task in tasks]
    running = sorted((n for n in notices if n["may_object"]), key=lambda n: n["end"])
    ended = sorted((n for n in notices if not n["may_object"]), key=lambda n: n["end"], reverse=True)
    return running + ended


def public_notice(notice_id, now: datetime | None = None) -> dict:
    task = _notice_tasks().filter(pk=notice_id).first()
    if task is None:
        raise NotFound(_("未查到该公示"))
    task.pending = task.objections.filter(status=ObjectionStatus.PENDING).count()
    return _notice_out(task, now or timezone.now())


def notice_task(notice_id) -> Task:
    """The notice an objection is lodged against (the action checks whether it still runs)."""
    task = _notice_tasks().filter(pk=notice_id).first()
    if task is None:
        raise NotFound(_("未查到该公示"))
    return task


def open_notice_of(case: Case) -> Task:
    """The case's notice still open, for an objection the window registers; a conflict when there is none."""
    task = case.tasks.filter(status=TaskStatus.OPEN, waits_until__isnull=False).first()
    if task is None:
        raise Conflict(_("本办件没有正在公示的事项，不能登记异议"), field="status")
    return task


def _notice_tasks() -> QuerySet[Task]:
    # A notice of a withdrawn case (its step closed) was never published to its end: it leaves the list.
    return (
        Task.objects.filter(waits_until__isnull=False)
        .exclude(status=TaskStatus.CLOSED)
        .select_related("case", "item", "case__bundle", "case__item")
    )


NOTICE_STATES = {
    "running": gettext_lazy("公示中"),
    "checking": gettext_lazy("公示期满，异议核查中"),
    "passed": gettext_lazy("公示期满"),
    "stopped": gettext_lazy("因异议终止"),
    "ended": gettext_lazy("已终止"),
}


def _notice_state(task: Task, now: datetime) -> str:
    if task.status == TaskStatus.OPEN:
        return "running" if now < task.waits_until else "checking"
    if task.status == TaskStatus.APPROVED:
        return "passed"
    return "stopped" if task.status == TaskStatus.DENIED else "ended"


def _notice_out(task: Task, now: datetime) -> dict:
    case = task.case
    state = _notice_state(task, now)
    return {
        "id": task.pk,
        "company": case.applicant_name,
        "uscc": case.applicant_uscc,
        "item": task.item.name,
        "title": case.title,
        "start": task.created_at,
        "end": task.waits_until,
        "days": rules.planned_step(case, task).get("notice_days") or (task.waits_until - task.created_at).days,
        "days_left": rules.notice_days_left(task.waits_until, now) if state == "running" else 0,
        "state": state,
        "state_display": str(NOTICE_STATES[state]),
        "may_object": rules.may_register_objection(task, case, now),
        "objections_pending": getattr(task, "pending", 0),
    }


def objection_receipt(objection_id) -> Objection:
    """The objector's confirmation: by the objection's unguessable id, with only what the objector already knows."""
    objection = Objection.objects.select_related("case", "task__item").filter(pk=objection_id).first()
    if objection is None:
        raise NotFound(_("未查到该异议"))
    return objection


def objections_of(task: Task) -> list[Objection]:
    return list(task.objections.select_related("resolved_by").order_by("lodged_at", "id"))


def objection_for_handler(user: User, objection_id) -> Objection:
    """An objection for the approvers of its notice's department, who look into it; nobody else (404)."""
    objection = Objection.objects.select_related("task", "case").filter(pk=objection_id).first()
    if objection is None or not rules.may_resolve_objection(user, objection.task):
        raise NotFound(_("未查到该异议"))
    return objection
