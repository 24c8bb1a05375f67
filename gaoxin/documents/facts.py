"""What a decision says in writing: which audit event calls for which document, and the facts it is filled with.

The events are the case's own record of its change (gaoxin.cases.actions), so a document says exactly what was
decided, by whom and why, and nothing is asked of the case engine beyond what it already records. What a document
says is Chinese whatever the language of the person deciding: an instrument of a Chinese authority is written in
Chinese, so its words are not marked for translation."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from gaoxin.accounts.models import Department
from gaoxin.cases import rules as case_rules
from gaoxin.cases.models import Case, Task, TaskStatus
from gaoxin.cases.selectors import result_lines
from gaoxin.catalog.models import PromiseKind, ServiceItem
from gaoxin.core import sql
from gaoxin.core.models import AuditEvent
from gaoxin.documents import rules
from gaoxin.documents.models import DocumentKind, DocumentTemplate, Seal
from gaoxin.documents.rules import written_date

K = DocumentKind

# The case's audit actions that are decisions in writing, and the document each one issues.
CASE_DOCUMENTS = {
    "accept": K.ACCEPTANCE,
    "not_accept": K.REFUSAL,
    "request_corrections": K.CORRECTIONS,
    "complete": K.COMPLETION,
    "complete_partly": K.COMPLETION,
    "deny": K.COMPLETION,
}
TASK_DOCUMENTS = {
    "task_return": K.CORRECTIONS,
    "task_approve": K.GRANT,
    "notice_end": K.GRANT,
    "task_deny": K.DENIAL,
    "objection": K.DENIAL,
    "extension_approve": K.EXTENSION,
}
OUTCOME_WORDS = {
    "complete": "全部准予",
    "complete_partly": "部分准予",
    "deny": "不予许可",
}


@dataclass(frozen=True)
class Trigger:
    kind: str
    event: AuditEvent
    task_id: str | None = None
    department_id: int | None = None


def trigger_of(case: Case, event: AuditEvent) -> Trigger | None:
    """The document this event calls for, if any. A bundle's 办结通知书 only: a single item's decision is its
    决定书 already."""
    data = event.data or {}
    if event.action in TASK_DOCUMENTS and data.get("task"):
        return Trigger(TASK_DOCUMENTS[event.action], event, data["task"], data.get("department"))
    kind = CASE_DOCUMENTS.get(event.action)
    if kind is None or (kind == K.COMPLETION and not case.bundle_id):
        return None
    return Trigger(kind, event)


def _clause(text: str | None) -> str:
    """A reason as part of a sentence: the template adds the full stop."""
    return (text or "").strip().rstrip("。；;.，,")


def document_facts(case: Case, trigger: Trigger, template: DocumentTemplate, seal: Seal, now: datetime) -> dict:
    """The filled-in document: items, paragraphs, the table and the closing, as its payload carries them."""
    task = _task(case, trigger)
    items = [task.item] if task else _items_of(case)
    zone = settings.GAOXIN["ZONE"]
    values = {
        "申请人": case.applicant_name,
        "办件编号": case.number,
        "事项": "、".join(item.name for item in items) if not case.bundle_id or task else case.bundle.name,
        "申请日期": written_date(timezone.localdate(case.submitted_at or case.created_at)),
        "机关": seal.authority,
        "日期": written_date(timezone.localdate(now)),
        "复议机关": zone["review_body"],
        "复议期限": f"{rules.REVIEW_DAYS}日",
        "法院": zone["court"],
        "诉讼期限": f"{rules.LAWSUIT_MONTHS}个月",
    }
    build = FACTS[trigger.kind]
    table = build(case, trigger, task, items, values)
    return {
        "items": [{"code": item.code, "name": item.name} for item in items],
        "body": rules.fill(template.body, values),
        "table": table,
        "closing": rules.fill(template.closing, values),
    }


def _task(case: Case, trigger: Trigger) -> Task | None:
    if trigger.task_id is None:
        return None
    return _tasks_of(case, "id = %s", [sql.db_value(Task, "id", trigger.task_id)])[0]


# What a document says is read by hand: it is written inside every decision (docs/decisions/0012-hot-path-sql.md).


def _tasks_of(case: Case, where: str, params: list) -> list[Task]:
    """The case's tasks that `where` selects, each with its item, and both with their departments."""
    tasks = sql.many(Task, f"FROM cases_task WHERE {where}", params)
    items = _items_by_id({task.item_id for task in tasks})
    _attach_departments([*tasks, *items.values()])
    for task in tasks:
        task.case, task.item = case, items[task.item_id]
    return tasks


def _items_of(case: Case) -> list[ServiceItem]:
    order = [step["item"] for stage in case.plan for step in stage]
    found = _items_by_id(set(order))
    _attach_departments(found.values())
    return [found[pk] for pk in order if pk in found]


def _items_by_id(ids: set[int]) -> dict[int, ServiceItem]:
    if not ids:
        return {}
    items = sql.many(ServiceItem, f"FROM catalog_serviceitem WHERE id IN ({sql.placeholders(ids)})", [*ids])
    return {item.pk: item for item in items}


def _attach_departments(rows) -> None:
    rows = list(rows)
    ids = {row.department_id for row in rows}
    if not ids:
        return
    found = sql.many(Department, f"FROM accounts_department WHERE id IN ({sql.placeholders(ids)})", [*ids])
    departments = {department.pk: department for department in found}
    for row in rows:
        row.department = departments[row.department_id]


def _acceptance(case, trigger, task, items, values) -> dict:
    accepted = timezone.localtime(case.accepted_at or trigger.event.at)
    values.update(
        {
            "受理日期": written_date(accepted.date()),
            # The stages run one after the other and the steps of a stage side by side (decision 0015).
            "法定期限": f"{sum(max(s['days'] for s in stage) for stage in case.plan)}个工作日",
            "承诺期限": _promise(case.promise_kind, case.promise_value),
            "办结期限": written_date(timezone.localtime(case.deadline).date()) if case.deadline else "—",
            "受理说明": trigger.event.reason,
        }
    )
    return {
        "columns": ["事项", "实施部门", "法定时限（工作日）", "承诺时限"],
        "rows": [
            [
                item.name,
                item.department.name,
                str(item.statutory_days),
                _promise(item.promise_kind, item.promise_value),
            ]
            for item in items
        ],
    }


def _promise(kind: str, value: int) -> str:
    if kind == PromiseKind.IMMEDIATE:
        return "即办"
    if kind == PromiseKind.OFFICE_HOURS:
        return f"{value}个工作小时"
    return f"{value}个工作日"


def _refusal(case, trigger, task, items, values) -> None:
    values["理由"] = _clause(trigger.event.reason or case.decision_reason)


def _corrections(case, trigger, task, items, values) -> dict:
    materials = (trigger.event.data or {}).get("materials", [])
    values["补正说明"] = trigger.event.reason.strip()
    values["材料数"] = str(len(materials))
    return {
        "columns": ["材料名称", "需补正的内容和理由"],  # the page numbers the rows itself
        "rows": [[m.get("name", m.get("code", "")), m.get("reason", "")] for m in materials],
    }


def _grant(case, trigger, task, items, values) -> dict | None:
    values.update(_decided(task))
    lines = result_lines(case_rules.planned_step(case, task), task.result or {})
    values["办理结果"] = "；".join(f"{line['label']}：{line['value']}" for line in lines)
    if not lines:
        return None
    return {"columns": ["项目", "内容"], "rows": [[line["label"], line["value"]] for line in lines]}


def _denial(case, trigger, task, items, values) -> None:
    values.update(_decided(task))
    values["理由"] = _clause(task.reason or trigger.event.reason)


def _decided(task: Task) -> dict:
    # The catalog lists the laws with semicolons; in a sentence they are a list: 《公司法》、《市场主体登记管理条例》.
    basis = "、".join(part.strip() for part in task.item.legal_basis.split("；") if part.strip())
    return {"决定事项": task.item.name, "设定依据": basis or "有关法律、法规"}


def _extension(case, trigger, task, items, values) -> None:
    data = trigger.event.data or {}
    values.update(
        {
            "决定事项": task.item.name,
            "原期限": _when(data.get("deadline_before")),
            "新期限": _when(data.get("deadline_after")),
            "延长天数": str(data.get("days", "")),
            # The reason the department gave for needing more time (行政许可法 §42), not the head's note.
            "理由": _clause(task.extensions.filter(pk=data.get("extension")).values_list("reason", flat=True).first()),
        }
    )


def _when(moment: str | None) -> str:
    if not moment:
        return "—"
    return written_date(timezone.localtime(datetime.fromisoformat(moment)).date())


def _completion(case, trigger, task, items, values) -> dict:
    values["办结结果"] = str(OUTCOME_WORDS[trigger.event.action])
    values["办结日期"] = written_date(timezone.localdate(trigger.event.at))
    tasks = _tasks_of(case, "case_id = %s", [sql.db_value(Case, "id", case.pk)])
    tasks.sort(key=case_rules.in_plan_order(case))
    return {
        "columns": ["事项", "实施部门", "办理结果", "结果信息或理由"],
        "rows": [[t.item.name, t.department.name, t.get_status_display(), _outcome_detail(case, t)] for t in tasks],
    }


def _outcome_detail(case: Case, task: Task) -> str:
    if task.status != TaskStatus.APPROVED:
        return task.reason
    lines = result_lines(case_rules.planned_step(case, task), task.result or {})
    return "；".join(f"{line['label']}：{line['value']}" for line in lines) or "已办结"


FACTS = {
    K.ACCEPTANCE: _acceptance,
    K.REFUSAL: _refusal,
    K.CORRECTIONS: _corrections,
    K.GRANT: _grant,
    K.DENIAL: _denial,
    K.EXTENSION: _extension,
    K.COMPLETION: _completion,
}
