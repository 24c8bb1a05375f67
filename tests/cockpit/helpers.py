"""Cases, tasks and ratings with known statuses and times, written with the ORM (the cockpit only reads them), and a
fixed moment to read them at: Wednesday 18 March 2026, 10:00 in Beijing."""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from gaoxin.accounts.models import Department, User
from gaoxin.cases.models import Case, Channel, Task
from gaoxin.catalog.models import ServiceItem
from gaoxin.ratings.models import Rating, Rectification

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 18, 10, 0, tzinfo=BEIJING)
TODAY_9 = NOW.replace(hour=9)
_numbers = count(1)


def user(username: str) -> User:
    return User.objects.get(username=username)


def item_of(department: str) -> ServiceItem:
    return ServiceItem.objects.filter(department__code=department).order_by("code").first()


def make_case(
    status: str,
    *,
    submitted_at=None,
    accepted_at=None,
    decided_at=None,
    deadline=None,
    department: str = "amr",
    tasks: tuple = (),
) -> Case:
    """A case of one item of the department; tasks are (department code, task status, deadline) triples."""
    case = Case.objects.create(
        number=f"GXT{next(_numbers):07d}",
        item=item_of(department),
        applicant=user("applicant"),
        created_by=user("applicant"),
        channel=Channel.ONLINE,
        applicant_kind="person",
        applicant_name="张晓明",
        status=status,
        submitted_at=submitted_at,
        accepted_at=accepted_at,
        decided_at=decided_at,
        deadline=deadline,
    )
    for code, task_status, task_deadline in tasks:
        Task.objects.create(
            case=case,
            item=item_of(code),
            department=Department.objects.get(code=code),
            stage=1,
            status=task_status,
            created_at=accepted_at or NOW,
            deadline=task_deadline,
            decided_at=decided_at if task_status in ("approved", "denied") else None,
        )
    return case


def rate(case: Case, level: int, *, open_rectification: bool = False) -> Rating:
    rating = Rating.objects.create(
        case=case,
        level=level,
        channel=Channel.ONLINE,
        department=Department.objects.get(code="amr"),
        rated_by=case.applicant,
        rated_at=(case.decided_at or NOW) + timedelta(minutes=5),
    )
    if open_rectification:
        Rectification.objects.create(
            rating=rating, department=rating.department, opened_at=rating.rated_at, deadline=NOW + timedelta(days=5)
        )
    return rating


def known_cases() -> dict[str, Case]:
    """Five open cases (two past their deadline), five decided ones, a draft and a withdrawn case; three ratings."""
    day, hour = timedelta(days=1), timedelta(hours=1)
    cases = {
        # open
        "waiting": make_case("submitted", submitted_at=TODAY_9),
        "review": make_case(
            "in_review",
            submitted_at=NOW.replace(hour=8, minute=30),
            accepted_at=NOW.replace(hour=8, minute=40),
            deadline=NOW + 3 * day,
            tasks=[("amr", "open", NOW + 3 * day)],
        ),
        "late": make_case(
            "in_review",
            submitted_at=NOW - 4 * day,
            accepted_at=NOW - 4 * day,
            deadline=NOW - day,
            department="police",
            tasks=[("police", "open", NOW - 2 * hour), ("tax", "open", NOW + day)],
        ),
        "supplement": make_case(
            "supplement_requested",
            submitted_at=NOW - 3 * day,
            accepted_at=NOW - 3 * day,
            deadline=NOW - hour,
            tasks=[("amr", "returned", NOW - day)],
        ),
        "corrections": make_case("corrections_requested", submitted_at=NOW - 2 * day),
        # decided
        "today": make_case(
            "approved",
            submitted_at=NOW.replace(hour=8),
            accepted_at=NOW.replace(hour=8, minute=10),
            decided_at=NOW.replace(hour=9, minute=30),
            deadline=NOW.replace(hour=17),
            tasks=[("amr", "approved", NOW.replace(hour=17))],
        ),
        "ten_days": make_case(
            "approved",
            submitted_at=NOW - 12 * day,
            accepted_at=NOW - 12 * day,
            decided_at=NOW - 10 * day,
            deadline=NOW - 9 * day,
        ),
        "denied_late": make_case(
            "denied",
            submitted_at=NOW - 9 * day,
            accepted_at=NOW - 9 * day,
            decided_at=NOW - 5 * day,
            deadline=NOW - 6 * day,
        ),
        "long_ago": make_case(
            "approved",
            submitted_at=NOW - 50 * day,
            accepted_at=NOW - 50 * day,
            decided_at=NOW - 40 * day,
            deadline=NOW - 45 * day,
        ),
        "to_the_second": make_case(
            "approved",
            submitted_at=NOW - 4 * day,
            accepted_at=NOW - 4 * day,
            decided_at=NOW - 2 * day,
            deadline=NOW - 2 * day,
        ),
        # neither open nor counted in the on-time rate
        "not_accepted": make_case("not_accepted", submitted_at=NOW - day, decided_at=NOW.replace(hour=8, minute=5)),
        "withdrawn": make_case("withdrawn", submitted_at=NOW - 6 * day, decided_at=NOW - 5 * day),
        "draft": make_case("draft"),
    }
    rate(cases["today"], 5)
    rate(cases["ten_days"], 4)
    rate(cases["denied_late"], 2, open_rectification=True)
    return cases


BUSY = ["amr", "amr", "amr", "police", "tax", "tax", "hrss", "hpf", "nrp", "health", "amr", "police"]


def sample_cases(now, n: int = 80) -> None:
    """A morning's mix for the browser test and its screenshots, relative to `now`: open cases across eight
    departments (a few past their limits), cases received today, and cases decided over the last month, most of
    them on time, two in three rated (mostly satisfied)."""
    day, minute = timedelta(days=1), timedelta(minutes=1)
    departments = ["amr", "police", "tax", "hrss", "hpf", "nrp", "health", "transport"]
    levels = [5, 5, 4, 5, 5, 4, 5, 3, 5, 5, 4, 5, 5, 2, 5, 4]
    for i in range(n):
        code = departments[(i + i // 10) % len(departments)]
        kind = i % 10
        if kind in (0, 4):
            code = BUSY[(i // 2) % len(BUSY)]  # market regulation handles the most
            accepted = now - (i % 5) * day - 30 * minute
            deadline = now + ((i % 11) - 1) * day + 2 * minute  # one in eleven already past its limit
            make_case(
                "in_review",
                submitted_at=accepted - 20 * minute,
                accepted_at=accepted,
                deadline=deadline,
                department=code,
                tasks=[(code, "open", deadline)],
            )
        elif kind == 2:
            make_case("submitted", submitted_at=now - min(i, 30) * minute / 10, department=code)
        else:
            decided = now - (i % 25) * day - 90 * minute
            late = i % 19 == 0
            case = make_case(
                "approved" if i % 23 else "denied",
                submitted_at=decided - 3 * day,
                accepted_at=decided - 3 * day,
                decided_at=decided,
                deadline=decided + (-day if late else day),
                department=code,
                tasks=[(code, "approved", decided + day)],
            )
            if i % 3:
                rate(case, levels[i % len(levels)], open_rectification=levels[i % len(levels)] <= 2)
