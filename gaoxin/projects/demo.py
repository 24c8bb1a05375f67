"""Demo key projects: the 2021 register of the seed (data/*.csv, made by data/make_projects.py) and a small live
layer dated from the day of loading, so that the warning board and escalations show on any day.

load_demo_projects() is idempotent: rows are found by their codes (projects by code, milestones by project and name,
reports by project and month, requests by project, kind and text) and updated in place; nothing is duplicated and
what a person recorded since (a milestone's actual date, a request's progress) is kept. Loads after the demo
catalog (whose departments are the responsible units) and accounts. Fictional people only.
"""

import csv
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.models import Department, Role, User
from gaoxin.core.audit import AuditBatch
from gaoxin.economy.demo import load_demo_parks
from gaoxin.economy.models import Park
from gaoxin.projects.actions import requests_escalate
from gaoxin.projects.models import (
    ElementRequest,
    LeaderProfile,
    LeaderRank,
    Milestone,
    MonthlyReport,
    Project,
    RequestStatus,
    YearPlan,
)
from gaoxin.workdays.calendar import current_calendar
from gaoxin.workdays.deadlines import add_working_days

DATA_DIR = Path(__file__).resolve().parent / "data"
PLAN_YEAR = 2021

# username, display name, title, rank. leader and leader2 are demo accounts (gaoxin.accounts.demo); the others are
# responsible leaders without a password of their own.
LEADERS = [
    ("leader", "赵志刚", "党工委副书记、管委会常务副主任", LeaderRank.COUNTY),
    ("leader2", "钱文博", "党工委委员、管委会副主任", LeaderRank.DEPUTY_COUNTY),
    ("lead-sun", "孙建华", "管委会副主任", LeaderRank.DEPUTY_COUNTY),
    ("lead-zhou", "周立平", "党工委委员、管委会副主任", LeaderRank.DEPUTY_COUNTY),
    ("lead-wu", "吴海涛", "党工委委员、纪工委书记", LeaderRank.DEPUTY_COUNTY),
    ("lead-zheng", "郑思远", "党工委委员、组织人事部部长", LeaderRank.DEPUTY_COUNTY),
]
OFFICERS = [("officer-li", "李静", "13800000012"), ("officer-wang", "王磊", "13800000013")]

# The live layer: (project code, milestone, kind, planned date as working days from the day of loading).
LIVE_MILESTONES = [
    ("LYGX-2021-002", "三期冷链仓库主体封顶", "general", -7),
    ("LYGX-2021-002", "分拨中心设备安装", "general", 4),
    ("LYGX-2021-003", "新增产线设备进场", "general", -3),
    ("LYGX-2021-003", "产线联调联试", "general", 8),
    ("LYGX-2021-003", "技改扩能竣工验收", "completion", 40),
    ("LYGX-2021-006", "重型装备车间钢结构吊装", "general", -12),
    ("LYGX-2021-006", "二期厂房主体结构封顶", "general", 2),
    ("LYGX-2021-050", "热处理生产线安装", "general", 6),
    ("LYGX-2021-050", "设备调试", "general", 25),
    ("LYGX-2021-007", "一期厂房竣工验收", "completion", -5),
    ("LYGX-2021-010", "厂房主体封顶", "general", 3),
    ("LYGX-2021-011", "实验楼装修完成", "general", 9),
    ("LYGX-2021-015", "园区综合管网完工", "general", -2),
    ("LYGX-2021-030", "设备安装完成", "general", 1),
    ("LYGX-2021-040", "主体工程完工", "general", -20),
    ("LYGX-2021-060", "竣工验收", "completion", 15),
]
# (project code, kind, text, department code, working days, raised so many working days ago, status, note)
LIVE_REQUESTS = [
    (
        "LYGX-2021-002",
        "land",
        "三期仓储用地 86 亩土地组卷报批，需加快用地审批。",
        "nrp",
        10,
        14,
        "in_progress",
        "已完成土地勘测定界，正在组卷。",
    ),
    ("LYGX-2021-003", "power", "新增 2 台 110 千伏专用变压器接入，需协调供电部门尽快送电。", "drc", 5, 3, "open", ""),
    ("LYGX-2021-006", "permits", "二期厂房施工许可证办理，图审意见已回复。", "xzsp", 5, 9, "open", ""),
    ("LYGX-2021-050", "labour", "新产线投产需招聘 120 名技术工人。", "hrss", 5, 1, "open", ""),
    ("LYGX-2021-010", "gas", "标准化厂房天然气管道接入。", "urban", 5, 12, "resolved", "管道已接通并验收。"),
    (
        "LYGX-2021-008",
        "financing",
        "申请 2 亿元项目贷款，需协调合作银行对接。",
        "drc",
        10,
        4,
        "in_progress",
        "已组织三家银行对接。",
    ),
    ("LYGX-2021-015", "water", "园区新增日用水量 800 吨，需协调供水管网扩容。", "urban", 5, 2, "open", ""),
    ("LYGX-2021-030", "land", "配套仓储用地 20 亩规划条件核定。", "nrp", 10, 5, "open", ""),
]


def _rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def working_day(offset: int, today: date) -> date:
    """The working day `offset` working days after today (before it when negative); 0 is today."""
    calendar = current_calendar()
    day, step, left = today, (1 if offset > 0 else -1), abs(offset)
    while left:
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            left -= 1
    return day


def _people() -> dict[str, User]:
    users = {}
    for username, name, title, rank in LEADERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "role": Role.LEADER}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        LeaderProfile.objects.update_or_create(user=user, defaults={"title": title, "rank": rank})
        users[username] = user
    for username, name, phone in OFFICERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "role": Role.OFFICER, "phone": phone}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[username] = user
    officer = User.objects.filter(username="officer").first()
    if officer is not None:
        users["officer"] = officer
    return users


def _projects(users: dict[str, User]) -> dict[str, Project]:
    parks = {p.code: p for p in Park.objects.all()}
    units = {d.code: d for d in Department.objects.all()}
    projects = {}
    for row in _rows("projects.csv"):
        fields = {
            "name": row["name"],
            "level": row["level"],
            "category": row["category"],
            "owner": row["owner"],
            "park": parks[row["park"]] if row["park"] else None,
            "location": row["location"],
            "description": row["description"],
            "total_investment": Decimal(row["total_investment"]),
            "build_kind": row["build_kind"],
            "stage": row["stage"],
            "planned_start": _date(row["planned_start"]),
            "actual_start": _date(row["actual_start"]),
            "planned_completion": _date(row["planned_completion"]),
            "actual_completion": _date(row["actual_completion"]),
            "intake_year": int(row["intake_year"]) if row["intake_year"] else None,
            "intake_quarter": int(row["intake_quarter"]) if row["intake_quarter"] else None,
            "responsible_leader": users.get(row["leader"]),
            "responsible_unit": units.get(row["unit"]),
            "responsible_person_name": row["person"],
            "responsible_person_phone": row["phone"],
            "officer": users.get(row["officer"]),
        }
        project, created = Project.objects.update_or_create(code=row["code"], defaults=fields)
        if created:
            audit = AuditBatch("project", project.pk, new_chain=True)
            audit.add(actor=None, action="register", to_state=project.stage, data={"code": project.code, "demo": True})
            audit.write()
        if row["plan_2021"]:
            YearPlan.objects.update_or_create(
                project=project, year=PLAN_YEAR, defaults={"planned_investment": Decimal(row["plan_2021"])}
            )
        projects[project.code] = project
    return projects


def _milestones(projects: dict[str, Project], today: date) -> int:
    count = 0
    for order, row in enumerate(_rows("milestones.csv"), start=1):
        Milestone.objects.update_or_create(
            project=projects[row["project"]],
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "planned_date": _date(row["planned_date"]),
                "actual_date": _date(row["actual_date"]),
                "note": row["note"],
                "sort_order": order,
            },
        )
        count += 1
    for code, name, kind, offset in LIVE_MILESTONES:
        milestone, created = Milestone.objects.get_or_create(
            project=projects[code],
            name=name,
            defaults={"kind": kind, "planned_date": working_day(offset, today), "note": ""},
        )
        if not created and milestone.actual_date is None:
            milestone.planned_date = working_day(offset, today)
            milestone.save(update_fields=["planned_date", "updated_at"])
        count += 1
    return count


def _reports(projects: dict[str, Project]) -> int:
    rows = _rows("reports.csv")
    existing = {
        (r.project_id, r.year, r.month): r
        for r in MonthlyReport.objects.filter(project__in=projects.values(), year=PLAN_YEAR)
    }
    new = []
    for row in rows:
        project = projects[row["project"]]
        year, month = int(row["year"]), int(row["month"])
        invested = Decimal(row["invested"])
        # Filed on the 3rd of the next month, before the month closed.
        filed = timezone.make_aware(datetime.combine(date(year + month // 12, month % 12 + 1, 3), time(10, 0)))
        report = existing.get((project.pk, year, month))
        if report is None:
            new.append(
                MonthlyReport(
                    project=project,
                    year=year,
                    month=month,
                    invested=invested,
                    progress=row["progress"],
                    submitted_by=project.officer,
                    submitted_at=filed,
                    updated_at=filed,
                )
            )
        elif report.invested != invested or report.progress != row["progress"]:
            report.invested, report.progress = invested, row["progress"]
            report.save(update_fields=["invested", "progress"])
    MonthlyReport.objects.bulk_create(new, batch_size=500)
    return len(rows)


def _requests(projects: dict[str, Project], users: dict[str, User], now: datetime) -> int:
    today = timezone.localtime(now).date()
    units = {d.code: d for d in Department.objects.all()}
    for code, kind, text, unit, days, ago, status, note in LIVE_REQUESTS:
        project = projects[code]
        raised_at = timezone.make_aware(datetime.combine(working_day(-ago, today), time(10, 0)))
        deadline = add_working_days(raised_at, days)
        request, created = ElementRequest.objects.get_or_create(
            project=project,
            kind=kind,
            description=text,
            defaults={
                "department": units[unit],
                "working_days": days,
                "raised_by": project.officer,
                "raised_at": raised_at,
                "deadline": deadline.at,
                "deadline_provisional": deadline.provisional,
            },
        )
        if not created:
            continue
        audit = AuditBatch("element_request", request.pk, new_chain=True)
        audit.add(actor=project.officer, action="request_raise", to_state=RequestStatus.OPEN, at=raised_at)
        if status != RequestStatus.OPEN:
            request.status = status
            request.last_note = note if status == RequestStatus.IN_PROGRESS else ""
            at = raised_at + timedelta(days=1)
            audit.add(actor=None, action="progress", from_state="open", to_state="in_progress", reason=note, at=at)
            if status == RequestStatus.RESOLVED:
                request.resolution, request.resolved_at = note, raised_at + timedelta(days=2)
                audit.add(
                    actor=None,
                    action="resolve",
                    from_state="in_progress",
                    to_state="resolved",
                    reason=note,
                    at=request.resolved_at,
                )
            request.save()
        audit.write()
    return len(LIVE_REQUESTS)


@transaction.atomic
def load_demo_projects(now: datetime | None = None) -> dict[str, int]:
    """Create or refresh the demo key projects; returns how many of each kind the demo holds."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    parks = load_demo_parks()
    users = _people()
    projects = _projects(users)
    counts = {
        "园区": parks,
        "项目": len(projects),
        "时间节点": _milestones(projects, today),
        "月报": _reports(projects),
        "要素保障需求": _requests(projects, users, now),
    }
    counts["超期提级"] = requests_escalate(now=now, tell=False)
    return counts
