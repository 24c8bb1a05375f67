"""Demo data of 万人助万企, dated back from the day of loading so that every page has something true to show: every
enterprise of the register paired, monthly visits (one enterprise left unvisited for a quarter), and about 300 demands
over the categories across the last year — most solved and confirmed, some open, some overdue, a few reopened;
the overdue ones escalated (督办) and two of them instructed by a leader, one answered. The demo's residents (the
applicant accounts of kind person) raised a few of their own online: one confirmed, one waiting for their
confirmation, one new. The last visit to each of the first enterprises has photos (small PNGs drawn here).

Everything is made through the real actions at the moment it happened (`now`), so the due dates, the timelines and the
audit chains are what the loop would have produced. Deterministic: one seeded random generator. Loaded once: a second
run finds demands and leaves everything as it is. Fictional people and problems only.
"""

import random
import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.models import Department, Role, User
from gaoxin.demands import actions
from gaoxin.demands.defaults import categories_load
from gaoxin.demands.models import Category, Channel, Demand, Pairing, Satisfaction, Visit
from gaoxin.demands.selectors import repeat_window_days
from gaoxin.economy.models import Enterprise
from gaoxin.notifications.models import Kind, Notification

SEED = 16
DEMANDS = 300
DAYS_BACK = 365
REPEAT_SHARE = 0.03
# The unit that handles each category in the demo: departments that have demo approvers (gaoxin.accounts.demo).
DEMO_UNITS = {
    "land": "nrp",
    "labour": "hrss",
    "financing": "tax",
    "approvals": "amr",
    "policy": "tax",
    "infrastructure": "nrp",
    "utilities": "amr",
    "disputes": "police",
    "other": "hpf",
}
PROBLEMS = {
    "land": [("二期扩建用地指标", "二期厂房计划新增用地约 30 亩，请协调用地指标和规划条件。")],
    "labour": [
        ("急需熟练技工", "新产线投产，急需焊工、电工等熟练技工约 40 名，请协助对接人力资源市场。"),
        ("员工子女入学", "引进的技术骨干子女需就近入学，请协调学位。"),
    ],
    "financing": [("流动资金贷款", "原材料涨价，流动资金紧张，希望对接银行办理信用贷款约 2000 万元。")],
    "approvals": [("变更登记办理", "公司增资扩股需办理变更登记，希望安排专人指导。")],
    "policy": [("研发费用加计扣除", "去年研发投入约 1500 万元，加计扣除政策兑现进度请协助跟进。")],
    "infrastructure": [("厂区道路破损", "厂区门前道路破损严重，大货车通行困难，请协调维修。")],
    "utilities": [("电力增容", "新上生产线需增容约 2000 千伏安，请协调供电部门尽快接入。")],
    "disputes": [("施工噪声纠纷", "周边居民反映夜间施工噪声，希望协调沟通、依法处理。")],
    "other": [("员工住房公积金", "新入职员工公积金缴存基数核定有疑问，请协助解答。")],
}
REPLIES = {
    "solved": "已协调解决，并与企业当面确认。",
    "partly": "已解决主要问题，剩余部分已列入下月计划。",
    "explained": "经核查，该事项不符合现行政策规定，已向企业当面解释说明。",
    "long_term": "该事项需分阶段推进，已制定推进计划并明确时间节点。",
}


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _people():
    office = User.objects.get(username="office")
    cadres = list(User.objects.filter(role=Role.CADRE, is_active=True).order_by("username"))
    leaders = list(User.objects.filter(role=Role.LEADER, is_active=True).order_by("username"))
    approvers = {
        u.department.code: u
        for u in User.objects.filter(role=Role.APPROVER, is_active=True).select_related("department").order_by("-pk")
    }
    return office, cadres, leaders, approvers


def _pair_all(office, cadres, leaders, since) -> None:
    """Every enterprise of the register paired; the first two with a 首席服务官. The company demo accounts' enterprises
    go to `cadre` and `leader`, so that the demo's people see each other's work."""
    for i, enterprise in enumerate(Enterprise.objects.order_by("pk")):
        actions.pairing_set(
            enterprise=enterprise,
            actor=office,
            cadre=cadres[i % len(cadres)],
            leader=leaders[i % len(leaders)],
            chief_officer=i < 2,
            valid_from=since,
        )


def _visits(rng, today, cadres_of) -> None:
    """A visit to each enterprise about every month; the last one is left unvisited for four months. The latest visit
    to each of the first enterprises has two photos."""
    enterprises = list(Enterprise.objects.order_by("pk"))
    for i, enterprise in enumerate(enterprises):
        last = today - timedelta(days=120 if i == len(enterprises) - 1 else rng.randint(3, 25))
        day = today - timedelta(days=DAYS_BACK)
        while day <= last:
            step = rng.randint(25, 35)
            latest = day + timedelta(days=step) > last
            photos = _visit_photos(i) if latest and i < PHOTOGRAPHED_ENTERPRISES else []
            actions.visit_record(
                actor=cadres_of[enterprise.pk],
                enterprise=enterprise,
                visited_on=day,
                met=enterprise.legal_representative,
                topics=rng.choice(["生产经营情况", "扩产计划", "政策宣讲", "用工需求", "融资需求"]),
                notes="企业生产经营正常。",
                photos=photos,
                now=_at(day, 16),
            )
            day += timedelta(days=step)


def _fate(rng, age_days: float) -> str:
    """What became of a demand raised `age_days` ago: recent ones are still in the loop."""
    if age_days < 1:
        return "new"
    if age_days < 3:
        return rng.choice(["new", "assigned"])
    if age_days < 12:
        return rng.choice(["accepted", "in_progress", "replied", "confirmed", "closed"])
    roll = rng.random()
    if roll < 0.05:
        return "overdue"
    if roll < 0.11:
        return "reopened"
    if roll < 0.15:
        return "explained"
    return "closed" if roll < 0.9 else "confirmed"


def _in_office_hours(moment: datetime) -> datetime:
    """People act in office hours: a moment in the evening or at night moves to the next morning."""
    local = timezone.localtime(moment)
    if local.hour >= 17:
        local = (local + timedelta(days=1)).replace(hour=9)
    elif local.hour < 9:
        local = local.replace(hour=9)
    return local


class _Today(Exception):
    """The demand's next step would fall after the moment of loading: it stops where it is."""


def _walk(demand, fate, rng, *, office, approver, confirmer, start) -> None:
    """Take the demand as far as its fate, each step some hours after the one before, never past now."""
    moment, until = start, timezone.now()

    def later(hours):
        nonlocal moment
        moment = _in_office_hours(moment + timedelta(hours=hours))
        if moment >= until:
            raise _Today
        return moment

    if fate == "new":
        return
    unit = Department.objects.get(code=DEMO_UNITS[demand.category.code])
    demand = actions.demand_assign(demand=demand, actor=office, unit=unit, now=later(rng.randint(1, 6)))
    if fate == "assigned":
        return
    if fate == "overdue":  # accepted and answered, then nothing: past its solving limit
        demand = actions.demand_accept(demand=demand, actor=approver, now=later(3))
        actions.demand_respond(demand=demand, actor=approver, note="已联系企业，正在协调。", now=later(20))
        return
    demand = actions.demand_accept(demand=demand, actor=approver, now=later(rng.randint(1, 8)))
    if fate == "accepted":
        return
    demand = actions.demand_respond(demand=demand, actor=approver, note="已与企业联系，明确办理方案。", now=later(24))
    if fate == "in_progress":
        return
    result = "explained" if fate == "explained" else rng.choice(["solved"] * 8 + ["partly", "long_term"])
    reply = dict(result=result, reply=REPLIES[result])
    demand = actions.demand_reply(demand=demand, actor=approver, now=later(rng.randint(30, 100)), **reply)
    if fate in ("replied", "explained"):
        if fate == "explained":
            actions.demand_close(demand=demand, actor=office, note="经审核，政策确不允许，已解释到位。", now=later(24))
        return
    if fate == "reopened":
        demand = actions.demand_confirm(
            demand=demand,
            actor=confirmer,
            satisfaction=Satisfaction.NOT_SATISFIED,
            comment="问题没有实质解决。",
            now=later(20),
        )
        demand = actions.demand_reply(demand=demand, actor=approver, now=later(48), **reply)
    satisfaction = rng.choice([Satisfaction.SATISFIED] * 5 + [Satisfaction.BASICALLY])
    demand = actions.demand_confirm(demand=demand, actor=confirmer, satisfaction=satisfaction, now=later(20))
    if fate != "confirmed":
        actions.demand_close(demand=demand, actor=office, now=later(4))


@transaction.atomic
def load_demo_demands() -> dict[str, int]:
    categories_load(Category, Department)
    for category in Category.objects.filter(default_unit=None):
        category.default_unit = Department.objects.filter(code=DEMO_UNITS.get(category.code, "")).first()
        category.save(update_fields=["default_unit"])
    if not Demand.objects.exists():
        _load(random.Random(SEED))
    if not Demand.objects.filter(channel=Channel.RESIDENT, raised_by__username__in=RESIDENT_ACCOUNTS).exists():
        _residents()
    # The history is loaded at once: its people hear only of its last week. After the commit, since the actions
    # notify on commit too.
    transaction.on_commit(_forget_old_notifications)
    return {
        "包联关系": Pairing.objects.filter(valid_to=None).count(),
        "走访": Visit.objects.count(),
        "诉求": Demand.objects.count(),
    }


def _work_order(office, problem, enterprise, start, contact) -> Demand:
    """A 12345 work order the office imported, numbered as the hotline numbers them, called in an hour earlier."""
    order = actions.WorkOrder(
        number=f"12345-{timezone.localtime(start):%Y%m%d-%H%M}",
        called_at=start - timedelta(hours=1),
        caller=contact["contact_name"],
        phone=contact["contact_phone"],
        category=problem.category,
        text=problem.text,
        enterprise=enterprise,
    )
    demand, _created = actions.demand_from_hotline(order=order, actor=office, now=start)
    return demand


def _forget_old_notifications() -> None:
    Notification.objects.filter(
        kind__in=(Kind.DEMAND_ASSIGNED, Kind.DEMAND_REPLIED, Kind.DEMAND_REOPENED),
        created_at__lt=timezone.now() - timedelta(days=7),
    ).delete()


def _load(rng) -> None:
    office, cadres, leaders, approvers = _people()
    today = timezone.localdate()
    _pair_all(office, cadres, leaders, today - timedelta(days=365))
    cadres_of = {p.enterprise_id: p.cadre for p in Pairing.objects.filter(valid_to=None).select_related("cadre")}
    _visits(rng, today, cadres_of)
    enterprises = list(Enterprise.objects.order_by("pk"))
    company = User.objects.filter(username="company").first()
    categories = list(Category.objects.order_by("sort_order"))
    # A few raised in the last days, so that the board always has new demands, one of them already late.
    recent = [2.5, 1.5, 0.4, 0.2]
    ages = sorted((rng.uniform(3, DAYS_BACK) for _ in range(DEMANDS - len(recent))), reverse=True) + recent
    last_raised = {}
    for age in ages:
        start = timezone.localtime(timezone.now() - timedelta(days=age))
        start = start.replace(hour=rng.randint(9, 16), minute=rng.randint(0, 59))
        if start > timezone.now():
            start -= timedelta(days=1)
        enterprise = rng.choice(enterprises)
        category = _category_not_raised_lately(rng, categories, last_raised, enterprise, start)
        last_raised[enterprise.pk, category.pk] = start
        title, text = rng.choice(PROBLEMS[category.code])
        cadre = cadres_of[enterprise.pk]
        own = company is not None and enterprise.uscc == company.uscc and rng.random() < 0.5
        problem = actions.Problem(category, title, text)
        contact = {"contact_name": enterprise.legal_representative, "contact_phone": "13800000051"}
        if own:
            demand = actions.demand_raise(actor=company, problem=problem, now=start, **contact)
        elif rng.random() < 0.12:  # the window, the hotline or a leader: the office enters it
            channel = rng.choice([Channel.WINDOW, Channel.HOTLINE, Channel.LEADER])
            if channel == Channel.HOTLINE:
                demand = _work_order(office, problem, enterprise, start, contact)
            else:
                demand = actions.demand_raise(
                    actor=office, problem=problem, enterprise=enterprise, channel=channel, now=start, **contact
                )
        else:
            demand = actions.demand_raise(actor=cadre, problem=problem, enterprise=enterprise, now=start, **contact)
        approver = approvers[DEMO_UNITS[category.code]]
        confirmer = company if own else cadre
        try:
            _walk(demand, _fate(rng, age), rng, office=office, approver=approver, confirmer=confirmer, start=start)
        except _Today:
            pass
    _supervision(leaders, approvers)


def _category_not_raised_lately(rng, categories, last_raised, enterprise, start):
    """Seven enterprises raise 300 demands: drawn blindly, most would be the same category again within the repeat
    window, which a zone of hundreds of enterprises does not see. One in REPEAT_SHARE is drawn blindly, for the few
    true repeats."""
    if rng.random() < REPEAT_SHARE:
        return rng.choice(categories)
    since = start - timedelta(days=repeat_window_days())
    fresh = [c for c in categories if last_raised.get((enterprise.pk, c.pk), since) <= since]
    return rng.choice(fresh or categories)


# What the demo's leaders write on escalated demands; the first is answered by the unit.
INSTRUCTIONS = [
    (
        "请承办单位本周内拿出解决方案，当面向企业反馈。",
        "已于今日上门对接，解决方案已与企业达成一致，三个工作日内落实。",
    ),
    ("请主要负责同志亲自过问，限期办结。", ""),
]


def _supervision(leaders, approvers) -> None:
    """The scheduled job's first run over the history (escalating every missed deadline of a unit, quietly), and the
    leaders' instructions on two escalated demands, one answered."""
    now = timezone.now()
    actions.demands_supervise(now=now, tell=False)
    escalated = Demand.objects.filter(escalations__isnull=False).distinct().select_related("unit").order_by("raised_at")
    for (text, answer), demand in zip(INSTRUCTIONS, escalated, strict=False):
        instruction = actions.demand_instruct(demand=demand, actor=leaders[0], text=text, now=now)
        if answer:
            unit_person = approvers[demand.unit.code]
            actions.instruction_answer(instruction=instruction, actor=unit_person, answer=answer, now=now)


# --- residents' own demands, and the visits' photos -----------------------------------------------------------------

# The demo's applicant accounts of kind person (gaoxin.accounts.demo): residents who raise demands online.
RESIDENT_ACCOUNTS = ("applicant", "applicant2")
# username, category, title, text, raised days ago, how far it went
RESIDENT_DEMANDS = [
    (
        "applicant",
        "infrastructure",
        "小区门前路灯不亮",
        "高新路与滨河路口的路灯坏了一个多月，晚上行人和电动车看不清路，请尽快维修。",
        20,
        "confirmed",
    ),
    (
        "applicant",
        "disputes",
        "工地夜间施工噪声扰民",
        "小区南侧工地连续一周夜里十一点后还在打桩，影响休息，请依法处理。",
        5,
        "replied",
    ),
    (
        "applicant2",
        "other",
        "公积金提取咨询",
        "在高新区企业上班，想提取住房公积金支付房租，需要准备哪些材料？",
        1,
        "new",
    ),
]
RESIDENT_REPLIES = {
    "infrastructure": "路灯线路老化，已更换线路和灯具，当晚恢复照明。",
    "disputes": "已约谈施工单位，夜间22时后停止高噪声作业，城管将不定期夜查。",
}


def _residents() -> None:
    """Each resident's demand raised online and taken, step by step some hours apart, as far as its fate."""
    office, _cadres, _leaders, approvers = _people()
    for username, code, title, text, days_ago, fate in RESIDENT_DEMANDS:
        resident = User.objects.get(username=username)
        moment = _in_office_hours(timezone.localtime(timezone.now() - timedelta(days=days_ago)).replace(hour=10))
        demand = actions.demand_raise(
            actor=resident,
            problem=actions.Problem(Category.objects.get(code=code), title, text),
            contact_name=resident.name,
            contact_phone=resident.phone,
            now=moment,
        )
        if fate == "new":
            continue
        unit = Department.objects.get(code=DEMO_UNITS[code])
        approver = approvers[unit.code]
        moment = _in_office_hours(moment + timedelta(hours=2))
        demand = actions.demand_assign(demand=demand, actor=office, unit=unit, now=moment)
        moment = _in_office_hours(moment + timedelta(hours=3))
        demand = actions.demand_accept(demand=demand, actor=approver, now=moment)
        moment = _in_office_hours(moment + timedelta(hours=24))
        reply = {"result": "solved", "reply": RESIDENT_REPLIES[code]}
        demand = actions.demand_reply(demand=demand, actor=approver, now=moment, **reply)
        if fate == "confirmed":
            moment = _in_office_hours(moment + timedelta(hours=24))
            actions.demand_confirm(demand=demand, actor=resident, satisfaction=Satisfaction.SATISFIED, now=moment)


PHOTOGRAPHED_ENTERPRISES = 2
PHOTO_SIZE = (160, 120)


def _visit_photos(seed: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"走访现场{n}.png", _photo_png(seed * 2 + n), content_type="image/png") for n in (1, 2)]


def _photo_png(shade: int) -> bytes:
    """A small PNG drawn here (a sky over a grey workshop, tinted by `shade`): the demo downloads nothing."""
    width, height = PHOTO_SIZE
    sky, wall = (90 + 20 * (shade % 4), 150, 210), (120 + 15 * (shade % 3), 120, 125)
    rows = b"".join(b"\x00" + bytes(sky if y < height * 2 // 5 else wall) * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
