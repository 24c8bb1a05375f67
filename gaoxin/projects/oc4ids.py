"""Export of the register to OC4IDS 0.9.5 (project level) and its validation against the schema kept in standards/.

Mapping (see docs/decisions/0007-key-projects.md):
- id: "<prefix>-<code>". The zone has no registered OC4IDS prefix yet; settings.GAOXIN["OC4IDS_PREFIX"] sets one.
- status from the stage: 谋划 identification, 签约 preparation, 开工/在建 implementation, 竣工 completion,
  投产/达产 maintenance (the standard's "operation").
- budget.amount: total investment converted from 万元 to CNY (× 10 000, whole yuan).
- sector from the category; parties: the owner (建设单位) as publicAuthority, the responsible unit (责任单位) as
  administrativeEntity with the responsible person as its contact point.
- milestones: met with dateMet; not met and past the planned date notMet; otherwise scheduled.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from jsonschema import Draft4Validator

from gaoxin.projects.models import Category, MilestoneKind, Project, Stage

SCHEMA_PATH = Path(__file__).resolve().parent / "standards" / "oc4ids-0.9.5" / "project-schema.json"
VERSION = "0.9"
DEFAULT_PREFIX = "oc4ids-gaoxin"

STATUS = {
    Stage.PLANNING: "identification",
    Stage.SIGNED: "preparation",
    Stage.STARTED: "implementation",
    Stage.CONSTRUCTION: "implementation",
    Stage.COMPLETED: "completion",
    Stage.PRODUCTION: "maintenance",
}
SECTORS = {
    Category.MANUFACTURING: ["economy"],
    Category.NEW_ENERGY: ["energy"],
    Category.INNOVATION: ["economy"],
    Category.LOGISTICS: ["transport"],
    Category.OPEN_PLATFORM: ["economy"],
    Category.INFRASTRUCTURE: ["transport", "transport.road"],
    Category.LIVELIHOOD: ["education", "health"],
}
MILESTONE_TYPES = {MilestoneKind.APPROVAL: "approval", MilestoneKind.ACCEPTANCE: "approval"}
MILESTONE_CODES = {
    MilestoneKind.APPROVAL: "projectApproval",
    MilestoneKind.COMMENCEMENT: "commencement",
    MilestoneKind.COMPLETION: "completion",
    MilestoneKind.PRODUCTION: "commissioning",
}
TEN_THOUSAND = Decimal(10000)


def prefix() -> str:
    return getattr(settings, "GAOXIN", {}).get("OC4IDS_PREFIX", DEFAULT_PREFIX)


def _datetime(day: date) -> str:
    """A date as the start of that day in China Standard Time (OC4IDS dates are date-times)."""
    return f"{day.isoformat()}T00:00:00+08:00"


def _moment(at: datetime) -> str:
    return timezone.localtime(at).isoformat(timespec="seconds")


def _yuan(amount_wan: Decimal) -> int | float:
    yuan = Decimal(amount_wan) * TEN_THOUSAND
    return int(yuan) if yuan == yuan.to_integral_value() else float(yuan)


def project_to_oc4ids(project: Project, *, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    data: dict = {
        "id": f"{prefix()}-{project.code}",
        "updated": _moment(project.updated_at),
        "language": "zh",
        "identifiers": [{"id": project.code, "scheme": "CN-LYGX-KEYPROJECT"}],
        "title": project.name,
        "status": STATUS[project.stage],
        "sector": SECTORS[project.category],
        "budget": {"amount": {"amount": _yuan(project.total_investment), "currency": "CNY"}},
    }
    if project.description:
        data["description"] = project.description
    period = {}
    if project.planned_start:
        period["startDate"] = _datetime(project.planned_start)
    if project.planned_completion:
        period["endDate"] = _datetime(project.planned_completion)
    if period:
        data["period"] = period
    if project.actual_completion:
        data["completion"] = {"endDate": _datetime(project.actual_completion)}
    if project.location:
        data["locations"] = [
            {
                "id": "1",
                "description": project.location,
                "address": {"locality": "洛阳市", "region": "河南省", "countryName": "中国"},
            }
        ]
    parties = [_owner(project)]
    unit = _unit(project)
    if unit:
        parties.append(unit)
    data["parties"] = parties
    data["publicAuthority"] = {"id": parties[0]["id"], "name": parties[0]["name"]}
    milestones = [_milestone(m, today) for m in project.milestones.all()]
    if milestones:
        data["milestones"] = milestones
    return data


def _owner(project: Project) -> dict:
    return {"id": f"owner-{project.code}", "name": project.owner, "roles": ["publicAuthority"]}


def _unit(project: Project) -> dict | None:
    unit = project.responsible_unit
    if unit is None:
        return None
    party = {"id": f"department-{unit.code}", "name": unit.name, "roles": ["administrativeEntity"]}
    contact = {}
    if project.person_name:
        contact["name"] = project.person_name
    if project.responsible_person_phone:
        contact["telephone"] = project.responsible_person_phone
    if contact:
        party["contactPoint"] = contact
    return party


def _milestone(m, today: date) -> dict:
    if m.actual_date:
        status = "met"
    elif m.planned_date < today:
        status = "notMet"
    else:
        status = "scheduled"
    out = {
        "id": str(m.pk),
        "title": m.name,
        "type": MILESTONE_TYPES.get(m.kind, "delivery"),
        "dueDate": _datetime(m.planned_date),
        "status": status,
        "dateModified": _moment(m.updated_at),
    }
    if m.kind in MILESTONE_CODES:
        out["code"] = MILESTONE_CODES[m.kind]
    if m.note:
        out["description"] = m.note
    if m.actual_date:
        out["dateMet"] = _datetime(m.actual_date)
    return out


def package(projects, *, uri: str, now: datetime | None = None) -> dict:
    """A project package: the publisher, the time and the projects, each valid against the project schema."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    return {
        "uri": uri,
        "publishedDate": _moment(now),
        "version": VERSION,
        "publisher": {"name": "洛阳高新技术产业开发区管理委员会"},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "projects": [project_to_oc4ids(p, today=today) for p in projects],
    }


@lru_cache(maxsize=1)
def validator() -> Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def validation_errors(project_data: dict) -> list[str]:
    """Every way a project's OC4IDS JSON breaks the schema, as "path: message" (empty when valid)."""
    errors = sorted(validator().iter_errors(project_data), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]
