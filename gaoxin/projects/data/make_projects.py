"""Regenerate the demo key-project files beside this file from the seed's figures (see README.md here).

    python gaoxin/projects/data/make_projects.py          # writes projects.csv, milestones.csv, reports.csv
    python gaoxin/projects/data/make_projects.py --check  # only checks the figures, writes nothing

Deterministic (one seeded random generator). The named projects of the seed are written as they are; the others
are fictional projects of the zone, with fictional people. The figures the seed states are checked at the end:
87 projects in the 2021 plan, 18 of them provincial or municipal, 10 of those planned as 2021 new starts of which
9 started by 2021-05-31, 41 projects entered in 2021 Q1 with 2 807 200.00 万元 (280.72 亿元) in total.
"""

import csv
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(2021)

LEADERS = ["leader", "leader2", "lead-sun", "lead-zhou", "lead-wu", "lead-zheng"]
OFFICERS = ["officer", "officer-li", "officer-wang"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力鹏宇浩凯晨博然思远志新海波斌宁"

PROJECT_COLUMNS = [
    "code",
    "name",
    "level",
    "category",
    "owner",
    "park",
    "location",
    "total_investment",
    "build_kind",
    "stage",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "intake_year",
    "intake_quarter",
    "leader",
    "unit",
    "person",
    "phone",
    "officer",
    "plan_2021",
    "description",
]

# The seed's named projects and the provincial and municipal key projects of 2021.
# name, level, category, owner, park, build kind, stage, planned start, actual start, planned completion,
# actual completion, total investment (万元), 2021 plan (万元), intake (year, quarter), leader, unit
D = date.fromisoformat
NAMED = [
    (
        "洛阳综合保税区二期",
        "province",
        "open_platform",
        "洛阳综合保税区开发建设有限公司",
        "",
        "continuing",
        "construction",
        D("2019-10-01"),
        D("2019-11-18"),
        D("2021-09-30"),
        None,
        "386000",
        "98000",
        (2019, 4),
        "leader",
        "commerce",
        "保税加工区、保税物流区、保税研发区、口岸作业区四大功能分区；口岸作业区综合服务楼、智能卡口、"
        "围网及巡检道路、查验和监管仓库、检疫检验处理场所",
    ),
    (
        "万邦国际物流园",
        "province",
        "logistics",
        "洛阳万邦国际物流有限公司",
        "",
        "continuing",
        "construction",
        D("2020-03-01"),
        D("2020-04-16"),
        D("2023-12-31"),
        None,
        "420000",
        "86000",
        (2020, 1),
        "leader",
        "commerce",
        "冷链仓储、分拨中心、农产品交易区及配套设施",
    ),
    (
        "中航锂电动力电池技改扩能项目",
        "province",
        "new_energy",
        "中航锂电（洛阳）有限公司",
        "",
        "new",
        "construction",
        D("2021-03-01"),
        D("2021-03-18"),
        D("2022-06-30"),
        None,
        "300000",
        "120000",
        (2021, 1),
        "leader",
        "drc",
        "动力电池生产线智能化改造，新增产能",
    ),
    (
        "格力电器（洛阳）中央空调智能制造基地项目",
        "province",
        "manufacturing",
        "格力电器（洛阳）有限公司",
        "gree",
        "continuing",
        "production",
        D("2019-05-01"),
        D("2019-06-06"),
        D("2021-04-30"),
        D("2021-04-28"),
        "500000",
        "62000",
        (2019, 2),
        "leader",
        "commerce",
        "两条内机生产线和两条外机生产线，规划“三内三外”",
    ),
    (
        "银隆新能源汽车整车制造项目",
        "city",
        "new_energy",
        "银隆新能源（洛阳）有限公司",
        "yinlong",
        "continuing",
        "production",
        D("2019-03-01"),
        D("2019-03-28"),
        D("2021-03-31"),
        D("2021-03-30"),
        "200000",
        "30000",
        (2019, 1),
        "leader2",
        "drc",
        "新能源客车、专用车总装及配套",
    ),
    (
        "涧光石化高端装备基地",
        "city",
        "manufacturing",
        "洛阳涧光特种装备股份有限公司",
        "",
        "new",
        "construction",
        D("2021-04-01"),
        D("2021-04-20"),
        D("2022-10-31"),
        None,
        "180000",
        "65000",
        (2021, 1),
        "leader2",
        "drc",
        "石化高端装备研发与制造基地",
    ),
]
# Provincial and municipal new starts of 2021 besides the two named above: the 10th did not start by 31 May.
NEW_STARTS = [
    ("新能源汽车关键零部件产业园", "province", "new_energy", "yinlong", "150000", D("2021-03-15"), D("2021-03-26")),
    ("高端轴承智能制造项目", "province", "manufacturing", "", "120000", D("2021-04-01"), D("2021-04-08")),
    ("丰李电子信息产业园智能终端项目", "city", "manufacturing", "fengli", "100000", D("2021-03-01"), D("2021-02-26")),
    ("生物医药产业园标准化厂房二期", "city", "manufacturing", "biomed", "85000", D("2021-04-15"), D("2021-04-29")),
    ("新型研发机构（清洛基地）二期", "city", "innovation", "", "80000", D("2021-05-01"), D("2021-05-12")),
    ("高性能铜箔产业化项目", "city", "manufacturing", "", "65000", D("2021-05-01"), D("2021-05-20")),
    ("跨境电商产业园", "city", "logistics", "", "60000", D("2021-05-15"), D("2021-05-28")),
    ("智能农机装备产业化项目", "city", "manufacturing", "", "52000", D("2021-06-30"), D("2021-07-16")),
]
# Provincial and municipal projects continuing from earlier years besides the named ones.
CONTINUING = [
    ("洛阳高新区5G智慧产业园", "city", "innovation", "fengli", "90000", D("2020-05-01"), D("2020-05-20")),
    ("工业机器人及智能装备产业园", "city", "manufacturing", "", "110000", D("2020-07-01"), D("2020-07-09")),
    ("火炬大道综合改造工程", "city", "infrastructure", "", "45000", D("2020-09-01"), D("2020-09-15")),
    ("洛阳高新区人才公寓（一期）", "city", "livelihood", "", "38000", D("2020-08-01"), D("2020-08-26")),
]
ZONE_THEMES = [
    ("精密铸锻件技改项目", "manufacturing", ""),
    ("数控机床功能部件项目", "manufacturing", ""),
    ("特种玻璃深加工项目", "manufacturing", ""),
    ("新型耐火材料生产线项目", "manufacturing", ""),
    ("航空零部件精密加工项目", "manufacturing", ""),
    ("智能传感器产业化项目", "manufacturing", "fengli"),
    ("矿山智能装备项目", "manufacturing", ""),
    ("轨道交通装备配套项目", "manufacturing", ""),
    ("节能环保装备项目", "manufacturing", ""),
    ("高端液压件项目", "manufacturing", ""),
    ("特种电缆生产线项目", "manufacturing", ""),
    ("中央空调配套零部件项目", "manufacturing", "gree"),
    ("空调换热器配套项目", "manufacturing", "gree"),
    ("精密钣金配套项目", "manufacturing", "gree"),
    ("新能源专用车改装项目", "new_energy", "yinlong"),
    ("储能电池系统集成项目", "new_energy", "yinlong"),
    ("光伏组件智能工厂项目", "new_energy", ""),
    ("氢燃料电池关键部件项目", "new_energy", ""),
    ("新能源汽车电机电控项目", "new_energy", "yinlong"),
    ("充电及换电设施项目", "new_energy", ""),
    ("动力电池回收利用项目", "new_energy", ""),
    ("电子元器件封装测试项目", "manufacturing", "fengli"),
    ("柔性电路板项目", "manufacturing", "fengli"),
    ("光电材料产业化项目", "manufacturing", "fengli"),
    ("医疗器械产业化项目", "manufacturing", "biomed"),
    ("中药提取物生产项目", "manufacturing", "biomed"),
    ("生物试剂研发生产项目", "manufacturing", "biomed"),
    ("动物疫苗研发生产项目", "manufacturing", "biomed"),
    ("科技企业孵化器三期", "innovation", ""),
    ("众创空间升级项目", "innovation", ""),
    ("中试基地项目", "innovation", ""),
    ("工业互联网平台项目", "innovation", ""),
    ("区块链产业园", "innovation", ""),
    ("文化创意产业园", "innovation", ""),
    ("生命科学创新中心", "innovation", "biomed"),
    ("人工智能创新中心", "innovation", ""),
    ("知识产权服务中心", "innovation", ""),
    ("冷链物流中心", "logistics", ""),
    ("智慧物流分拨中心", "logistics", ""),
    ("商贸综合体项目", "logistics", ""),
    ("保税仓储中心", "open_platform", ""),
    ("保税研发中心", "open_platform", ""),
    ("跨境电商公共服务平台", "open_platform", ""),
    ("自贸区企业服务中心", "open_platform", ""),
    ("滨河北路西延工程", "infrastructure", ""),
    ("丰华路道路工程", "infrastructure", ""),
    ("纬三路道路工程", "infrastructure", ""),
    ("经五路道路工程", "infrastructure", ""),
    ("110千伏变电站新建工程", "infrastructure", ""),
    ("污水处理厂提标改造工程", "infrastructure", ""),
    ("集中供热管网工程", "infrastructure", ""),
    ("雨污分流改造工程", "infrastructure", ""),
    ("天然气门站及管网工程", "infrastructure", ""),
    ("智慧路灯及5G基站工程", "infrastructure", ""),
    ("第二实验学校", "livelihood", ""),
    ("社区卫生服务中心", "livelihood", ""),
    ("丰李片区安置房三期", "livelihood", ""),
    ("体育公园", "livelihood", ""),
    ("养老服务中心", "livelihood", ""),
    ("公办幼儿园（三所）", "livelihood", ""),
    ("人才公寓（二期）", "livelihood", ""),
    ("邻里中心项目", "livelihood", ""),
    ("城市书房及文体中心", "livelihood", ""),
    ("智能制造示范车间项目", "manufacturing", ""),
    ("新材料产业化基地", "manufacturing", ""),
    ("半导体材料项目", "manufacturing", "fengli"),
    ("智能仓储装备项目", "manufacturing", ""),
    ("工业设计中心项目", "innovation", ""),
    ("高新区应急物资储备中心", "livelihood", ""),
]
OWNER_WORDS = (
    "豫新 华锐 恒兴 瑞丰 中原 洛英 伊洛 嵩岳 龙门 牡丹 河图 天元 启明 博远 鼎盛 九都 周南 涧西 新安 宏达".split()
)
OWNER_KINDS = {
    "manufacturing": "智能装备有限公司",
    "new_energy": "新能源科技有限公司",
    "innovation": "科技发展有限公司",
    "logistics": "供应链管理有限公司",
    "open_platform": "国际贸易有限公司",
}
PUBLIC_OWNERS = {
    "infrastructure": "洛阳高新区建设投资有限公司",
    "livelihood": "洛阳高新区城市发展有限公司",
}
UNITS = {
    "manufacturing": ["drc", "commerce"],
    "new_energy": ["drc", "commerce"],
    "innovation": ["sci"],
    "logistics": ["commerce"],
    "open_platform": ["commerce"],
    "infrastructure": ["hurd", "urban"],
    "livelihood": ["hurd", "edu", "health"],
}
LOCATIONS = [
    "滨河北路以北",
    "丰华路以东",
    "火炬大道西侧",
    "河洛路以南",
    "纬三路以北",
    "经五路以西",
    "丰李片区",
    "孙旗屯片区",
]
# Intake (入库) of the 2021 plan: the 10 provincial and municipal new starts and 31 zone projects in 2021 Q1.
Q1_2021_TOTAL = Decimal("2807200.00")
PLAN_647 = Decimal("647.4")
DONE_647_BY_OCTOBER = Decimal("629.0")


def person(i: int) -> tuple[str, str]:
    name = (
        SURNAMES[(i * 7) % len(SURNAMES)]
        + GIVEN[(i * 11) % len(GIVEN)]
        + ("" if i % 3 else GIVEN[(i * 5) % len(GIVEN)])
    )
    return name, f"1390379{i:04d}"


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def build() -> tuple[list[dict], list[dict], list[dict]]:
    projects, milestones, reports = [], [], []
    number = 0

    def add(**row):
        nonlocal number
        number += 1
        row.setdefault("code", f"LYGX-2021-{number:03d}")
        p_name, phone = person(number)
        row.setdefault("person", p_name)
        row.setdefault("phone", phone)
        row.setdefault("officer", OFFICERS[0] if number <= 30 else OFFICERS[1 + number % 2])
        row.setdefault("location", f"洛阳高新区{LOCATIONS[number % len(LOCATIONS)]}")
        row.setdefault("description", "")
        projects.append(row)
        return row

    for (
        name,
        level,
        category,
        owner,
        park,
        kind,
        stage,
        ps,
        as_,
        pc,
        ac,
        total,
        plan,
        intake,
        leader,
        unit,
        description,
    ) in NAMED:
        add(
            name=name,
            level=level,
            category=category,
            owner=owner,
            park=park,
            build_kind=kind,
            stage=stage,
            planned_start=ps,
            actual_start=as_,
            planned_completion=pc,
            actual_completion=ac,
            total_investment=money(total),
            plan_2021=money(plan),
            intake=intake,
            leader=leader,
            unit=unit,
            description=description,
        )
    for i, (name, level, category, park, total, ps, as_) in enumerate(NEW_STARTS):
        add(
            name=name,
            level=level,
            category=category,
            owner=f"洛阳{OWNER_WORDS[i]}{OWNER_KINDS[category]}",
            park=park,
            build_kind="new",
            stage="construction",
            planned_start=ps,
            actual_start=as_,
            planned_completion=ps + timedelta(days=540),
            actual_completion=None,
            total_investment=money(total),
            plan_2021=money(Decimal(total) * Decimal("0.35")),
            intake=(2021, 1),
            leader=LEADERS[i % 4],
            unit=rng.choice(UNITS[category]),
        )
    for i, (name, level, category, park, total, ps, as_) in enumerate(CONTINUING):
        owner = PUBLIC_OWNERS.get(category) or f"洛阳{OWNER_WORDS[10 + i]}{OWNER_KINDS[category]}"
        add(
            name=name,
            level=level,
            category=category,
            owner=owner,
            park=park,
            build_kind="continuing",
            stage="construction",
            planned_start=ps,
            actual_start=as_,
            planned_completion=ps + timedelta(days=900),
            actual_completion=None,
            total_investment=money(total),
            plan_2021=money(Decimal(total) * Decimal("0.3")),
            intake=(2020, 1 + i % 4),
            leader=LEADERS[(i + 1) % 4],
            unit=rng.choice(UNITS[category]),
        )
    provincial_city = len(projects)
    zone_rows = _zone_projects(add)
    _check_figures(projects, provincial_city, zone_rows)
    for row in projects:
        milestones.extend(_milestones(row))
        reports.extend(_reports(row))
    _reserve(add)
    return projects, milestones, reports


def _zone_projects(add) -> list[dict]:
    """69 zone key projects: 31 entered in 2021 Q1 (the rest of the 41), the others earlier or in 2021 Q2."""
    rows = []
    q1_new = [r for r in NAMED if r[13] == (2021, 1)]
    q1_budget = Q1_2021_TOTAL - sum(money(r[11]) for r in q1_new) - sum(money(r[4]) for r in NEW_STARTS)
    for i, (theme, category, park) in enumerate(ZONE_THEMES[:69]):
        in_q1 = i < 31
        started_year = 2021 if in_q1 or i % 3 == 0 else 2020
        kind = "new" if started_year == 2021 else "continuing"
        planned_start = date(started_year, 2 + i % 8, 1 + (i * 3) % 27)
        stage_pick = i % 10
        if kind == "new" and i % 10 == 9:
            stage = "signed"  # signed, start planned but not yet made
        elif kind == "new":
            stage = "construction" if stage_pick < 8 else "started"
        else:
            stage = ["construction", "construction", "construction", "completed", "production"][i % 5]
        actual_start = None if stage == "signed" else planned_start + timedelta(days=(i * 5) % 24 - 6)
        if actual_start and actual_start > date(2021, 10, 31):
            actual_start = date(2021, 10, 20)
        planned_completion = planned_start + timedelta(days=420 + (i * 37) % 400)
        actual_completion = None
        if stage in ("completed", "production"):
            planned_completion = date(2021, 3 + i % 6, 28)
            actual_completion = planned_completion + timedelta(days=(i % 3) * 9)
        total = money(rng.randrange(80, 900) * 100)
        owner = PUBLIC_OWNERS.get(category) or f"洛阳{OWNER_WORDS[i % len(OWNER_WORDS)]}{OWNER_KINDS[category]}"
        if category == "livelihood" and ("学校" in theme or "幼儿园" in theme):
            owner = "洛阳高新区教育局"
        row = add(
            name=theme,
            level="zone",
            category=category,
            owner=owner,
            park=park,
            build_kind=kind,
            stage=stage,
            planned_start=planned_start,
            actual_start=actual_start,
            planned_completion=planned_completion,
            actual_completion=actual_completion,
            total_investment=total,
            plan_2021=money(total * Decimal("0.3")),
            intake=(2021, 1) if in_q1 else ((2021, 2) if i % 4 == 0 else (2020, 1 + i % 4)),
            leader=LEADERS[i % len(LEADERS)],
            unit=UNITS[category][i % len(UNITS[category])],
        )
        rows.append(row)
    # Fix the 2021 Q1 total to the seed's 280.72 亿元: spread the remainder over the 31 zone projects.
    q1_rows = rows[:31]
    current = sum(r["total_investment"] for r in q1_rows)
    scale = q1_budget / current
    for r in q1_rows:
        r["total_investment"] = money((r["total_investment"] * scale / 100).to_integral_value() * 100)
        r["plan_2021"] = money(r["total_investment"] * Decimal("0.3"))
    q1_rows[-1]["total_investment"] += q1_budget - sum(r["total_investment"] for r in q1_rows)
    # The project whose 2021 report gives the zone's example: 629.0 of 647.4 by the end of October (97.2%).
    example = next(r for r in rows if r["stage"] == "construction" and r["build_kind"] == "continuing")
    example.update(
        name="精密轴承保持架技改项目",
        total_investment=money("1650"),
        plan_2021=money(PLAN_647),
        category="manufacturing",
        leader="leader",
        officer="officer",
        unit="drc",
        park="",
        owner="洛阳豫新精密轴承有限公司",
        intake=(2020, 3),
        example=True,
    )
    return rows


def _reserve(add) -> None:
    """Two planning (谋划) projects outside the 2021 plan whose responsibility is not yet complete (flagged)."""
    add(
        code="LYGX-R-001",
        name="北航科技园国际贸易基地项目",
        level="zone",
        category="innovation",
        owner="北航科技园（洛阳）有限公司",
        park="",
        build_kind="new",
        stage="planning",
        planned_start=None,
        actual_start=None,
        planned_completion=None,
        actual_completion=None,
        total_investment=money("150000"),
        plan_2021="",
        intake=None,
        leader="leader",
        unit="",
        person="",
        phone="",
        description="谋划实施：国际贸易、跨境电商与科技服务功能区",
    )
    add(
        code="LYGX-R-002",
        name="生物医药产业园公共技术服务平台",
        level="zone",
        category="innovation",
        owner="洛阳高新区科技发展有限公司",
        park="biomed",
        build_kind="new",
        stage="planning",
        planned_start=None,
        actual_start=None,
        planned_completion=None,
        actual_completion=None,
        total_investment=money("12000"),
        plan_2021="",
        intake=None,
        leader="",
        unit="sci",
        person="",
        phone="",
    )


def _check_figures(projects: list[dict], provincial_city: int, zone_rows: list[dict]) -> None:
    in_plan = [p for p in projects if p["plan_2021"] != ""]
    assert len(in_plan) == 87, len(in_plan)
    pc = [p for p in in_plan if p["level"] in ("province", "city")]
    assert len(pc) == provincial_city == 18, len(pc)
    new_2021 = [p for p in pc if p["build_kind"] == "new" and p["planned_start"] and p["planned_start"].year == 2021]
    started = [p for p in new_2021 if p["actual_start"] and p["actual_start"] <= date(2021, 5, 31)]
    assert (len(new_2021), len(started)) == (10, 9), (len(new_2021), len(started))
    q1 = [p for p in projects if p["intake"] == (2021, 1)]
    total = sum(p["total_investment"] for p in q1)
    assert len(q1) == 41 and total == Q1_2021_TOTAL, (len(q1), total)
    assert len(zone_rows) == 69


def _milestones(row: dict) -> list[dict]:
    out = []
    if row["actual_start"]:
        out.append(("开工", "commencement", row["planned_start"], row["actual_start"], ""))
    if row["name"] == "洛阳综合保税区二期":
        out += [
            ("口岸作业区综合服务楼完工", "general", D("2021-04-30"), D("2021-04-26"), ""),
            ("智能卡口建成", "general", D("2021-05-20"), D("2021-05-18"), ""),
            ("围网及巡检道路完工", "general", D("2021-05-31"), D("2021-05-31"), ""),
            ("查验和监管仓库、检疫检验处理场所完工", "general", D("2021-06-15"), D("2021-06-10"), ""),
            ("封关验收", "acceptance", D("2021-09-30"), D("2021-12-17"), "海关总署等部门联合验收"),
        ]
    elif row["stage"] in ("construction", "started", "completed", "production") and row["actual_start"]:
        main = row["actual_start"] + timedelta(days=150)
        if main <= date(2021, 10, 31):
            late = int(row["code"][-3:]) % 4 == 0  # a few met late, to show the difference on the page
            out.append(("主体工程完工", "general", main, main + timedelta(days=12 if late else -3), ""))
    if row["actual_completion"]:
        out.append(("竣工验收", "completion", row["planned_completion"], row["actual_completion"], ""))
    if row["stage"] == "production":
        out.append(
            (
                "建成投产",
                "production",
                row["actual_completion"] + timedelta(days=20),
                row["actual_completion"] + timedelta(days=25),
                "",
            )
        )
    return [
        {
            "project": row["code"],
            "name": name,
            "kind": kind,
            "planned_date": planned,
            "actual_date": actual,
            "note": note,
        }
        for name, kind, planned, actual, note in out
    ]


MONTH_WEIGHTS = [Decimal(w) for w in ("0.55", "0.60", "0.95", "1.05", "1.10", "1.10", "1.00", "1.05", "1.15", "1.20")]


def _reports(row: dict) -> list[dict]:
    """Monthly reports of 2021, January to October, for projects under way in those months."""
    if row["plan_2021"] == "" or not row["actual_start"] or row["actual_start"] > date(2021, 10, 31):
        return []
    first = 1 if row["actual_start"].year < 2021 else row["actual_start"].month
    last = 10
    if row["actual_completion"] and row["actual_completion"].year == 2021:
        last = min(10, row["actual_completion"].month)
    months = list(range(first, last + 1))
    plan = Decimal(row["plan_2021"])
    if row.get("example"):
        target = DONE_647_BY_OCTOBER
    else:
        share = Decimal(rng.randrange(62, 108)) / 100  # 62%–107% of the year's plan done by October
        target = (plan * share * Decimal(len(months)) / 10).quantize(Decimal("0.1"))
    weights = MONTH_WEIGHTS[first - 1 : last]
    total_weight = sum(weights)
    values = [(target * w / total_weight).quantize(Decimal("0.1")) for w in weights]
    values[-1] += target - sum(values)
    progress = [
        "场地平整与基础施工",
        "主体结构施工",
        "主体结构施工",
        "二次结构及机电安装",
        "设备采购与安装",
        "设备安装调试",
        "室外配套工程",
        "装饰装修",
        "联合调试",
        "收尾及验收准备",
    ]
    return [
        {
            "project": row["code"],
            "year": 2021,
            "month": m,
            "invested": f"{v:.1f}",
            "progress": f"{m}月：{progress[(m - 1) % 10]}，完成投资 {v:.1f} 万元。",
        }
        for m, v in zip(months, values, strict=True)
    ]


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})


def main() -> None:
    projects, milestones, reports = build()
    for row in projects:
        row["intake_year"], row["intake_quarter"] = row.pop("intake") or ("", "")
    if "--check" in sys.argv:
        print(f"{len(projects)} projects, {len(milestones)} milestones, {len(reports)} reports: figures hold")
        return
    write(HERE / "projects.csv", PROJECT_COLUMNS, projects)
    write(HERE / "milestones.csv", ["project", "name", "kind", "planned_date", "actual_date", "note"], milestones)
    write(HERE / "reports.csv", ["project", "year", "month", "invested", "progress"], reports)
    print(f"wrote {len(projects)} projects, {len(milestones)} milestones, {len(reports)} reports")


if __name__ == "__main__":
    main()
