"""What the leaders' cockpit shows: the three pillars at a glance, read for one person at one moment.

Services are counted in the database, never row by row in Python, so that a year of a city's cases (a million rows)
costs the same handful of queries as ten; each query reads one index of gaoxin.cases (see
docs/decisions/0008-cockpit.md and gaoxin/cases/migrations/0005_cockpit_indexes.py):

- cases today:   cases_case (submitted_at)                  COUNT where submitted_at >= local midnight
- in progress:   cases_case (status, deadline)              COUNT per open status, and those past their deadline (the
                 on-time rate's open overdue, counted in the same query)
- on-time rate:  cases_case (status, decided_at, deadline)  cases.selectors.decisions_counted: decided (approved or
                 denied) in the last 30 days with a deadline, and on time (decided_at <= deadline, compared in SQL);
                 the rate is cases.selectors.OnTimeRate, the definition /leader/ shows too
- overdue tasks: cases_task (status, department, deadline)  open tasks per department, and those past their limit
- satisfaction:  ratings_rating, one aggregate (share of 满意 and 非常满意, average level), as /ratings/ computes it

Counts name a column of the index ("status", never null), not the primary key, so that the index alone answers:
an index-only scan on PostgreSQL, a covering index on SQLite. Projects and the economy are small tables; they are
read through their own apps' selectors and figures.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Department, User
from gaoxin.cases.models import Case, CaseStatus, Task, TaskStatus
from gaoxin.cases.selectors import OnTimeRate, decisions_counted, open_case_statuses, open_overdue_filter
from gaoxin.cockpit import rules
from gaoxin.core.errors import NotFound
from gaoxin.demands import selectors as demand_selectors
from gaoxin.economy import selectors as economy_selectors
from gaoxin.economy.figures import tidy
from gaoxin.projects import figures as project_figures
from gaoxin.projects import periods as project_periods
from gaoxin.projects import selectors as project_selectors
from gaoxin.projects.models import Level, MonthlyReport, Project, YearPlan
from gaoxin.ratings import selectors as rating_selectors
from gaoxin.ratings.models import Rating, Rectification, RectificationStatus

ON_TIME_WINDOW_DAYS = 30
# The levels the statistics page counts by default (省、市重点项目); the tiles show the same figures as that page.
PROJECT_LEVELS = [Level.PROVINCE, Level.CITY]


def summary(user: User, *, now: datetime | None = None) -> dict:
    """Everything the cockpit shows. NotFound for anyone but a leader or an administrator."""
    if not rules.may_view(user):
        raise NotFound(_("未找到该页面"))
    now = now or timezone.now()
    return {
        "services": services(now=now),
        "projects": projects(user, now=now),
        "economy": economy(user),
        # 万人助万企, for the readers who see demands (leaders; not the system administrator).
        "demands": demand_selectors.cockpit_tile(user, now=now),
        "generated_at": now,
    }


# --- services -------------------------------------------------------------------------------------


def local_midnight(now: datetime) -> datetime:
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.combine(today, datetime.min.time()))


def services(*, now: datetime, days: int = ON_TIME_WINDOW_DAYS) -> dict:
    """Six queries whatever the number of cases (see the module's docstring for the index each one reads)."""
    midnight = local_midnight(now)
    cases_today = Case.objects.filter(submitted_at__gte=midnight).count()

    by_status = {
        row["status"]: row
        for row in Case.objects.filter(status__in=open_case_statuses())
        .values("status")
        .annotate(n=Count("status"), overdue=Count("status", filter=open_overdue_filter(now)))
        .order_by()
    }
    overdue = sum(row["overdue"] for row in by_status.values())
    decided = decisions_counted(now=now, window_start=now - timedelta(days=days))
    # The open overdue cases come from the query above, so the rate costs no query of its own.
    on_time = OnTimeRate(decided=decided["decided"], on_time=decided["on_time"], open_overdue=overdue)
    rated = Rating.objects.aggregate(**rating_selectors.FIGURES)
    open_rectifications = Rectification.objects.filter(status=RectificationStatus.OPEN).count()
    satisfaction = rating_selectors.figures(
        rated["ratings"], rated["satisfied"], rated["bad"], rated["level_sum"], open_rectifications
    )
    return {
        "cases_today": cases_today,
        "decided_today": decided["today"],
        "in_progress": sum(row["n"] for row in by_status.values()),
        "in_progress_by_status": [
            {"status": status, "label": str(CaseStatus(status).label), "count": by_status[status]["n"]}
            for status in open_case_statuses()
            if status in by_status
        ],
        "overdue": overdue,
        "on_time_rate": on_time.rate,
        "on_time_window_days": days,
        "decided_in_window": on_time.decided,
        "on_time_in_window": on_time.on_time,
        "open_overdue": on_time.open_overdue,
        "satisfaction": satisfaction["satisfied_percent"],
        "ratings": satisfaction["ratings"],
        "average_level": satisfaction["average_level"],
        "bad_ratings": satisfaction["bad"],
        "open_rectifications": open_rectifications,
        "overdue_by_department": overdue_by_department(now=now),
    }


def overdue_by_department(*, now: datetime) -> list[dict]:
    """Every department with open tasks: how many, and how many are past their statutory limit; most overdue first.
    A task returned to the applicant (退回补充) is not counted: its clock stops until the applicant answers."""
    rows = list(
        Task.objects.filter(status=TaskStatus.OPEN)
        .values("department_id")
        .annotate(open=Count("status"), overdue=Count("status", filter=Q(deadline__lt=now)))
        .order_by()
    )
    departments = Department.objects.in_bulk([row["department_id"] for row in rows])
    out = [
        {
            "code": departments[row["department_id"]].code,
            "name": departments[row["department_id"]].name,
            "short_name": departments[row["department_id"]].short_name or departments[row["department_id"]].name,
            "open": row["open"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]
    out.sort(key=lambda r: (-r["overdue"], -r["open"], r["code"]))
    return out


# --- key projects ---------------------------------------------------------------------------------


def project_year(today: date) -> int:
    """The statistics page's default year: the latest year with an action plan up to this one, else this year."""
    latest = YearPlan.objects.filter(year__lte=today.year).aggregate(year=Max("year"))["year"]
    return latest or today.year


def projects(user: User, *, now: datetime) -> dict:
    """Commencement rate and investment against schedule (序时进度) of the year's provincial and city projects, as the
    statistics page shows them; red and yellow projects, in total and per responsible leader."""
    today = timezone.localtime(now).date()
    year = project_year(today)
    as_of = min(today, date(year, 12, 31))
    commencement = project_selectors.commencement(year=year, levels=PROJECT_LEVELS, as_of=as_of)
    months = project_periods.months_elapsed(year, today)
    plan = YearPlan.objects.filter(year=year, project__level__in=PROJECT_LEVELS).aggregate(
        total=Sum("planned_investment")
    )["total"]
    completed = MonthlyReport.objects.filter(year=year, month__lte=months, project__level__in=PROJECT_LEVELS).aggregate(
        total=Sum("invested")
    )["total"]
    progress = project_figures.investment_progress(
        plan=plan or Decimal(0), completed=completed or Decimal(0), months_elapsed=months
    )
    lights = project_selectors.milestone_lights(now)
    red = lights.red_project_ids()
    yellow = lights.yellow_project_ids() - red
    return {
        "year": year,
        "levels": [str(level) for level in PROJECT_LEVELS],
        "level_labels": [str(Level(level).label) for level in PROJECT_LEVELS],
        "as_of": as_of,
        "commencement_rate": commencement["commencement_rate"],
        "new_starts_planned": commencement["new_starts_planned"],
        "new_starts_started": commencement["new_starts_started"],
        "months_elapsed": months,
        "investment_plan": project_figures.wan_to_yi(plan or Decimal(0)),
        "investment_completed": project_figures.wan_to_yi(completed or Decimal(0)),
        "investment_completion": progress.completion_rate,
        "time_elapsed_progress": progress.schedule_rate,
        "progress_difference": progress.difference,
        "progress_state": progress.state,
        "red_projects": len(red),
        "yellow_projects": len(yellow),
        "red_by_leader": red_by_leader(red, yellow),
    }


def red_by_leader(red: set, yellow: set) -> list[dict]:
    """Each responsible leader's projects, with how many are red and yellow now; most red first. (The projects
    app's leaders_with_projects reads the lights at the real now; the cockpit reads them at its own moment.)"""
    led = defaultdict(set)
    for leader_id, project_id in Project.objects.filter(responsible_leader__isnull=False).values_list(
        "responsible_leader_id", "pk"
    ):
        led[leader_id].add(project_id)
    leaders = User.objects.filter(pk__in=led).select_related("leader_profile")
    rows = []
    for leader in leaders:
        profile = getattr(leader, "leader_profile", None)
        rows.append(
            {
                "username": leader.username,
                "name": leader.name,
                "title": profile.title if profile else "",
                "projects": len(led[leader.pk]),
                "red": len(led[leader.pk] & red),
                "yellow": len(led[leader.pk] & yellow),
            }
        )
    rows.sort(key=lambda r: (-r["red"], -r["yellow"], -r["projects"], r["username"]))
    return rows


# --- economy --------------------------------------------------------------------------------------


def economy(user: User) -> dict:
    """The zone against its city in the latest full year (else the latest period): the bulletin's indicators (GDP,
    industrial value added, fixed-asset investment in the demo) with growth, the city's growth, the difference in
    percentage points and the rank among the city's districts and counties, and their trends over the years."""
    zone = economy_selectors.zone_area()
    period = economy_selectors.latest_period(zone) if zone else None
    if zone is None or period is None:
        return {"area": None, "city": None, "period": None, "period_label": None, "indicators": [], "trend": []}
    rows = economy_selectors.indicator_rows(user, area=zone, period=period)
    headline = [r for r in rows if r.indicator.in_bulletin] or rows[:3]
    city = economy_selectors.city_of(zone)
    indicators = [
        {
            "code": r.indicator.code,
            "name": r.indicator.name,
            "name_en": r.indicator.name_en,
            "unit": r.indicator.unit,
            "level": tidy(r.level),
            "growth": tidy(r.growth),
            "city_growth": tidy(r.city_growth),
            "diff_points": tidy(r.diff_points),
            "diff_state": r.diff_state,
            "rank": r.rank,
            "rank_of": r.rank_of,
        }
        for r in headline
    ]
    trend = []
    for r in headline:
        points = economy_selectors.trend(user, indicator=r.indicator, area=zone, end_month=period.end_month)
        trend.append(
            {
                "code": r.indicator.code,
                "name": r.indicator.name,
                "name_en": r.indicator.name_en,
                "points": [
                    {
                        "period": p["period"].code,
                        "period_label": p["period"].label,
                        "level": tidy(p["level"]),
                        "growth": tidy(p["growth"]),
                        "city_growth": tidy(p["city_growth"]),
                        "diff_points": tidy(p["diff_points"]),
                        "rank": p["rank"],
                    }
                    for p in points
                ],
            }
        )
    return {
        "area": {"code": zone.code, "name": zone.name, "name_en": zone.name_en},
        "city": {"code": city.code, "name": city.name, "name_en": city.name_en} if city else None,
        "period": period.code,
        "period_label": period.label,
        "indicators": indicators,
        "trend": trend,
    }
