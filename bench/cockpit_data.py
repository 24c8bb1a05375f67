"""A year of a city's cases, generated fast and written in bulk, for bench/cockpit_bench.py.

Rows are made in plain Python (no ORM, no actions, no audit events: a million hash-chained events would measure the
audit trail, not the cockpit) and written with the fastest path each backend has: PostgreSQL's COPY through
psycopg's cursor.copy(), SQLite's executemany() in large transactions. Columns that the generator does not know (a
field another app adds later) get their model default, so the bench keeps working as the models grow.

What the data looks like (seeded, so every run writes the same rows for the same N and the same "now"):

- submissions spread over the 365 days before now, fewer at weekends, in office hours (08:30–17:30 Beijing time);
- 85 % single-item cases over the 842 items of the demo catalog (one task, the item's department), 10 % 企业开办
  (five tasks: market regulation, then police, tax, social security and provident fund in parallel), 5 % 公积金提取
  (decided on the spot at the window);
- 1 % drafts, 1 % withdrawn, 3 % not accepted (不予受理), the rest accepted within a day and a half; those accepted
  cases are decided (97 % approved, 3 % denied) after 10–90 % of their limit, 7 % of them late (100–160 %); a case
  whose decision would fall after now is still open (in review, 5 % of them returned for supplements) and its open
  tasks are overdue when their statutory limit has passed;
- every accepted case has at least one task (about 1.3 tasks per case in all); drafts and cases never accepted have
  none, as in the real flow;
- a rating for 30 % of the decided cases (5 ★ 70 %, 4 ★ 20 %, 3 ★ 6 %, 2 ★ 3 %, 1 ★ 1 %); no rectifications.
"""

import io
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

DAY = 86400
HOUR = 3600
BEIJING = 8 * HOUR
CHUNK = 50_000

FIRST_NAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
]
COMPANIES = ["智能科技", "新材料", "精密机械", "软件", "生物医药", "电子", "新能源", "物流", "光电", "检测"]
RATING_LEVELS = [5] * 70 + [4] * 20 + [3] * 6 + [2] * 3 + [1]


@dataclass
class Catalog:
    items: list  # (item id, department id, statutory days)
    company_setup: tuple  # (bundle id, [(item id, department id, statutory days, stage)])
    hpf: tuple  # (bundle id, (item id, department id))
    applicant_id: int
    window_id: int
    approver_of: dict  # department id -> user id


def read_catalog() -> Catalog:
    from gaoxin.accounts.models import Role, User
    from gaoxin.catalog.models import Bundle, ServiceItem

    items = [(i.pk, i.department_id, max(1, i.statutory_days or 5)) for i in ServiceItem.objects.order_by("pk")]
    setup = Bundle.objects.get(code="company-setup")
    steps = []
    for number, stage in enumerate(setup.stages.prefetch_related("steps__item").order_by("order"), start=1):
        for step in stage.steps.all():
            if not step.optional:
                steps.append((step.item_id, step.item.department_id, max(1, step.item.statutory_days or 1), number))
    hpf = Bundle.objects.get(code="hpf-withdrawal")
    hpf_step = hpf.stages.order_by("order").first().steps.select_related("item").first()
    approvers = {}
    for user in User.objects.filter(role=Role.APPROVER).order_by("-pk"):
        approvers[user.department_id] = user.pk
    window = User.objects.get(username="window")
    return Catalog(
        items=items,
        company_setup=(setup.pk, steps),
        hpf=(hpf.pk, (hpf_step.item_id, hpf_step.item.department_id)),
        applicant_id=User.objects.get(username="applicant").pk,
        window_id=window.pk,
        approver_of=approvers,
    )


# --- generating rows ----------------------------------------------------------------------------------------------


@dataclass
class Counts:
    cases: int = 0
    tasks: int = 0
    ratings: int = 0
    open_cases: int = 0


class Generator:
    """Rows of cases, tasks and ratings as tuples in the column order of CASE_COLUMNS, TASK_COLUMNS, RATING_COLUMNS.
    Times are integer seconds since the epoch (UTC); the writer formats them for its backend."""

    def __init__(self, catalog: Catalog, *, now: int, seed: int = 20261127):
        self.catalog = catalog
        self.now = now
        self.rng = random.Random(seed)
        self.counts = Counts()

    def _uuid(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def _submitted(self) -> int:
        rng = self.rng
        while True:
            day = self.now // DAY - rng.randrange(365)
            weekday = (day + 3) % 7  # 1970-01-01 was a Thursday (3)
            if weekday < 5 or rng.random() < 0.2:
                break
        moment = day * DAY - BEIJING + int(8.5 * HOUR) + rng.randrange(9 * HOUR)
        return min(moment, self.now - rng.randrange(1, 600))

    def _name(self, enterprise: bool) -> str:
        rng = self.rng
        if enterprise:
            return f"洛阳{rng.choice(COMPANIES)}{rng.randrange(1000):03d}有限公司"
        return rng.choice(FIRST_NAMES) + rng.choice(GIVEN_NAMES)

    def chunks(self, n: int) -> Iterator[tuple[list, list, list]]:
        cases, tasks, ratings = [], [], []
        for i in range(n):
            self._case(i, cases, tasks, ratings)
            if len(cases) >= CHUNK:
                yield cases, tasks, ratings
                cases, tasks, ratings = [], [], []
        if cases:
            yield cases, tasks, ratings

    def _case(self, i: int, cases: list, tasks: list, ratings: list) -> None:  # noqa: C901 - one flow, read top down
        rng, cat, now = self.rng, self.catalog, self.now
        case_id = self._uuid()
        kind = rng.random()
        if kind < 0.85:
            item_id, department_id, days = rng.choice(cat.items)
            bundle_id, promise_kind, promise_value = None, "working_days", days
            steps = [(item_id, department_id, days, 1)]
            limit = days * 1.4 * DAY
        elif kind < 0.95:
            item_id, (bundle_id, steps) = None, cat.company_setup
            promise_kind, promise_value, limit = "office_hours", 2, DAY
        else:
            item_id, bundle_id = None, cat.hpf[0]
            promise_kind, promise_value, limit = "immediate", 0, 0
            steps = [(cat.hpf[1][0], cat.hpf[1][1], 0, 1)]
        online = rng.random() < 0.7
        enterprise = bundle_id == cat.company_setup[0] or rng.random() < 0.4
        submitted = self._submitted()
        created = submitted - rng.randrange(60, 2 * DAY)
        accepted = decided = deadline = None
        status, stage = "submitted", 0
        fate = rng.random()
        if fate < 0.01:
            status, submitted, created = "draft", None, submitted
        elif fate < 0.02:
            status, decided = "withdrawn", min(now, submitted + rng.randrange(HOUR, 3 * DAY))
        elif fate < 0.05:
            status, decided = "not_accepted", min(now, submitted + rng.randrange(HOUR // 2, 2 * DAY))
        else:
            accepted = submitted + (0 if promise_kind == "immediate" else rng.randrange(300, int(1.5 * DAY)))
            if accepted > now:
                accepted = None
                if now - submitted < 5 * DAY and rng.random() < 0.2:
                    status = "corrections_requested"
        if accepted is not None:
            deadline = accepted + int(limit)
            late = rng.random() < 0.07
            took = int(limit * (rng.uniform(1.0, 1.6) if late else rng.uniform(0.1, 0.9)))
            decided = accepted + took
            if decided > now:
                decided = None
                status = "supplement_requested" if rng.random() < 0.05 else "in_review"
            else:
                status = "approved" if rng.random() < 0.97 else "denied"
            stage = len({s[3] for s in steps}) if decided else 1
            self._tasks(case_id, steps, accepted, decided, status, tasks)
        if status in ("submitted", "corrections_requested", "in_review", "supplement_requested"):
            self.counts.open_cases += 1
        cases.append(
            (
                case_id,
                f"BX{i:09d}",
                item_id,
                bundle_id,
                cat.applicant_id if online else None,
                cat.applicant_id if online else cat.window_id,
                "online" if online else "window",
                "enterprise" if enterprise else "person",
                self._name(enterprise),
                promise_kind,
                promise_value,
                status,
                stage,
                created,
                submitted,
                accepted,
                decided,
                deadline,
            )
        )
        self.counts.cases += 1
        if decided is not None and status in ("approved", "denied", "not_accepted") and rng.random() < 0.3:
            department_id = steps[0][1]
            rated = min(now, decided + rng.randrange(60, 2 * DAY))
            channel = "online" if online else "window"
            rater = cat.applicant_id if online else cat.window_id
            ratings.append((self._uuid(), case_id, rng.choice(RATING_LEVELS), channel, department_id, rater, rated))
            self.counts.ratings += 1

    def _tasks(self, case_id: str, steps: list, accepted: int, decided: int | None, status: str, tasks: list) -> None:
        """Stage 1 opens at acceptance; a later stage opens when the one before ends (40 % of the case's time)."""
        rng, now = self.rng, self.now
        stages = sorted({s[3] for s in steps})
        end = decided if decided is not None else None
        opened = accepted
        for number in stages:
            last = number == stages[-1]
            if end is not None:
                closes = end if last else opened + (end - accepted) * 2 // 5
            else:
                closes = None if last else min(now - 1, opened + rng.randrange(HOUR, DAY))
            for item_id, department_id, days, step_stage in steps:
                if step_stage != number:
                    continue
                deadline = opened + int(days * 1.4 * DAY)
                if closes is None:
                    task_status, task_decided, by = "open", None, None
                else:
                    task_status = "denied" if (last and status == "denied") else "approved"
                    task_decided, by = closes, self.catalog.approver_of.get(department_id)
                if status == "supplement_requested" and task_status == "open":
                    task_status = "returned"
                tasks.append(
                    (
                        self._uuid(),
                        case_id,
                        item_id,
                        department_id,
                        number,
                        task_status,
                        opened,
                        deadline,
                        task_decided,
                        by,
                    )
                )
                self.counts.tasks += 1
            if closes is None:
                break
            opened = closes


CASE_COLUMNS = (
    "id",
    "number",
    "item_id",
    "bundle_id",
    "applicant_id",
    "created_by_id",
    "channel",
    "applicant_kind",
    "applicant_name",
    "promise_kind",
    "promise_value",
    "status",
    "current_stage",
    "created_at",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "deadline",
)
TASK_COLUMNS = (
    "id",
    "case_id",
    "item_id",
    "department_id",
    "stage",
    "status",
    "created_at",
    "deadline",
    "decided_at",
    "decided_by_id",
)
RATING_COLUMNS = ("id", "case_id", "level", "channel", "department_id", "rated_by_id", "rated_at")
TIME_COLUMNS = {"created_at", "submitted_at", "accepted_at", "decided_at", "deadline", "rated_at"}


# --- writing rows -------------------------------------------------------------------------------------------------


def other_columns(model, known: tuple) -> tuple[tuple, tuple]:
    """The columns the generator does not fill, with the value each gets: its default as the database stores it."""
    import json

    from django.db import connection

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in known:
            continue
        default = field.get_default() if field.has_default() else ("" if not field.null else None)
        if field.get_internal_type() == "JSONField":
            value = json.dumps(default)
        else:
            value = field.get_db_prep_save(default, connection)
        columns.append(field.column)
        values.append(value)
    return tuple(columns), tuple(values)


class Writer:
    """Writes generated chunks to the tables of cases, tasks and ratings, one transaction per chunk."""

    def __init__(self):
        from django.db import connection

        from gaoxin.cases.models import Case, Task
        from gaoxin.ratings.models import Rating

        self.connection = connection
        self.vendor = connection.vendor
        self.tables = []
        for model, known in ((Case, CASE_COLUMNS), (Task, TASK_COLUMNS), (Rating, RATING_COLUMNS)):
            extra_columns, extra_values = other_columns(model, known)
            times = [n for n, column in enumerate(known) if column in TIME_COLUMNS]
            self.tables.append((model._meta.db_table, known + extra_columns, extra_values, times))
        self.seconds = 0.0

    def write(self, cases: list, tasks: list, ratings: list) -> None:
        start = time.perf_counter()
        if self.vendor == "postgresql":
            self._copy(cases, tasks, ratings)
        else:
            self._executemany(cases, tasks, ratings)
        self.seconds += time.perf_counter() - start

    def _executemany(self, *chunks) -> None:
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            for (table, columns, extra, times), rows in zip(self.tables, chunks, strict=True):
                if not rows:
                    continue
                marks = ", ".join(["%s"] * len(columns))
                sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
                cursor.executemany(sql, [self._sqlite_row(row, times) + extra for row in rows])

    @staticmethod
    def _sqlite_row(row: tuple, times: list) -> tuple:
        row = list(row)
        for n in times:
            if row[n] is not None:
                row[n] = datetime.fromtimestamp(row[n], UTC).strftime("%Y-%m-%d %H:%M:%S")
        return tuple(row)

    def _copy(self, *chunks) -> None:
        from django.db import transaction

        with transaction.atomic(), self.connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
            for (table, columns, extra, times), rows in zip(self.tables, chunks, strict=True):
                if not rows:
                    continue
                buffer = io.StringIO()
                tail = "\t".join(_copy_text(v) for v in extra)
                time_positions = set(times)
                for row in rows:
                    fields = [_copy_time(v) if n in time_positions else _copy_text(v) for n, v in enumerate(row)]
                    buffer.write("\t".join(fields))
                    if extra:
                        buffer.write("\t" + tail)
                    buffer.write("\n")
                with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                    copy.write(buffer.getvalue())


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _copy_time(value) -> str:
    if value is None:
        return "\\N"
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S+00")


def load(n: int, *, now: datetime, progress=None) -> tuple[Counts, float, float]:
    """Generate and write n cases (with their tasks and ratings); returns counts, total seconds, seconds writing."""
    from django.db import connection

    start = time.perf_counter()
    generator = Generator(read_catalog(), now=int(now.timestamp()))
    writer = Writer()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache while loading
    for cases, tasks, ratings in generator.chunks(n):
        writer.write(cases, tasks, ratings)
        if progress:
            progress(generator.counts)
    return generator.counts, time.perf_counter() - start, writer.seconds
