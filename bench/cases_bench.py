#!/usr/bin/env python
"""How fast do company set-up cases go through their whole life? Four ways of doing it, measured.

Each case: create (applicant details and the complete company set-up form, checked against the bundle's form
fields) → upload every material it asks for (one small real PDF each) → submit → accept (window) → approve the amr
registration step, which registers the enterprise and issues its signed e-license at once → approve the four parallel
steps (police, tax, hrss, hpf), each with its department's result (checked against the step's result fields), each
adding what it integrates to the license, signed again; the last completes the case. One transaction per step, on a
database of its own:

  ours   the real actions of gaoxin.cases.actions (ORM, permission and state checks, the form and results checked,
         deadlines, hash-chained audit, the applicant's material wallet, the enterprise and its signed license).
  floor  the same rows written with plain SQL through the same Django connection's cursor: the least any
         implementation of the same behaviour must write (verified: the same row counts per table, the same values
         column by column for a case, valid audit chains, licenses that pass license_check).
  spiff  the bundle as a BPMN model (bench/company_setup.bpmn) run by SpiffWorkflow, loaded from and serialized back
         to a table of the same database at every step, as a stateless web request would.
  spiff+ spiff and the floor's rows in one transaction per step: a platform built on the engine, which still has to
         write the case's own rows (materials, files, tasks, timeline, wallet, enterprise, license).

    .venv/bin/python bench/cases_bench.py [--cases N] [--spiff-cases N] [--show-sql]
    .venv/bin/python bench/cases_bench.py --profile [M] [--profile-step KIND]

SQLite always runs, on a temp file; when DATABASE_URL points at PostgreSQL, a fresh database on that server runs too.
Each backend runs in a subprocess of this script (--backend-url), so settings are read once with the right URL.
See bench/README.md for what the figures mean.
"""

import argparse
import cProfile
import gc
import hashlib
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from time import perf_counter
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BPMN_PATH = Path(__file__).resolve().parent / "company_setup.bpmn"
sys.path.insert(0, str(ROOT))

BUNDLE = "company-setup"
EXAMPLES = json.loads((ROOT / "gaoxin/catalog/data/examples.json").read_text(encoding="utf-8"))
STEP_KINDS = ("create", "upload", "submit", "accept", "approve")
WAYS = ("ours", "floor", "spiff", "spiff+")
# Targets agreed for the platform: ours at least twice as fast as a generic workflow engine, and no slower than
# four times the plain-SQL floor.
TARGET_OVER_SPIFF = 2.0
TARGET_OVER_FLOOR = 0.25
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
# The SpiffWorkflow user task that stands for each department's step (ids in company_setup.bpmn).
SPIFF_TASK_OF_DEPARTMENT = {"amr": "registration", "police": "police", "tax": "tax", "hrss": "hrss", "hpf": "hpf"}
# The tables a case touches; the floor must change each of them exactly as ours does.
CASE_TABLES = (
    "cases_case",
    "cases_casematerial",
    "cases_materialfile",
    "cases_task",
    "cases_casecounter",
    "cases_case_chosen_steps",
    "cases_clockpause",
    "wallet_walletdocument",
    "economy_enterprise",
    "certificates_license",
    "documents_document",
    "core_auditevent",
    "core_audithead",
)
GENESIS = "0" * 64
# The same minimal real PDF the tests upload (tests/support/files.py); filetype recognises it as application/pdf.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
APPLICANT = {"kind": "person", "name": "张晓明", "id_number": "11010519491231002X", "phone": "13800000001"}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300, help="cases for ours and the floor (default 300)")
    parser.add_argument("--spiff-cases", type=int, help="cases for SpiffWorkflow (default: a third of --cases)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed cases per way before measuring (default 5)")
    parser.add_argument(
        "--count-cases", type=int, default=10, help="cases of the separate run that counts SQL and memory (default 10)"
    )
    parser.add_argument("--ways", default=",".join(WAYS), help="comma-separated subset of ours,floor,spiff")
    parser.add_argument(
        "--profile", type=int, nargs="?", const=30, metavar="M", help="only profile M cases of ours (default 30)"
    )
    parser.add_argument(
        "--profile-step",
        choices=STEP_KINDS,
        help="with --profile: only the steps of this kind, figures per step instead of per case",
    )
    parser.add_argument("--show-sql", action="store_true", help="also print every SQL statement of one case of ours")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even if DATABASE_URL points to it")
    # Internal: set by the parent process for the subprocess that measures one backend.
    parser.add_argument("--backend-url", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.ways = [w.strip() for w in args.ways.split(",") if w.strip()]
    unknown = set(args.ways) - set(WAYS)
    if unknown:
        parser.error(f"unknown ways: {', '.join(sorted(unknown))}")
    if args.spiff_cases is None:
        args.spiff_cases = max(1, args.cases // 3)
    return args


def main() -> None:
    args = parse_args()
    if args.backend_url:
        run_backend(args)
    else:
        run_every_backend(args)


# === the parent: one subprocess per backend ========================================================================


def run_every_backend(args: argparse.Namespace) -> None:
    summaries = []
    with temp_dir("gaoxin-bench-sqlite-") as tmp:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        summaries.append(run_backend_subprocess(args, "SQLite", url, tmp))
    server_url = os.environ.get("DATABASE_URL", "")
    if urlparse(server_url).scheme in POSTGRES_SCHEMES and not args.sqlite_only:
        with fresh_postgres_database(server_url) as url, temp_dir("gaoxin-bench-pg-") as tmp:
            summaries.append(run_backend_subprocess(args, "PostgreSQL", url, tmp))
    elif server_url and not args.sqlite_only:
        print(f"\n(DATABASE_URL is not PostgreSQL — {urlparse(server_url).scheme}: — only SQLite was measured.)")
    if args.profile is None and any(summaries):
        print_final_summary([s for s in summaries if s])
    if not all(summaries):
        sys.exit(1)  # a backend crashed; missed targets alone never fail the run


@contextmanager
def temp_dir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A database of our own on the server of DATABASE_URL, dropped afterwards even if the run fails."""
    import psycopg

    name = f"gaoxin_bench_{os.getpid()}"
    parts = urlparse(server_url)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_backend_subprocess(args: argparse.Namespace, label: str, url: str, tmp: Path) -> dict | None:
    """This script again, with the environment that points Django at the backend's fresh database."""
    from production import production_secrets, without_password

    print(f"\n{'=' * 100}\n{label}: {without_password(url)}\n{'=' * 100}", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp / "media"),
        "GAOXIN_VAR_DIR": str(tmp),
        # Production: with DEBUG on Django logs every query, which is slower and grows memory.
        **production_secrets(),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "gaoxin.settings",
    }
    json_out = tmp / "summary.json"
    command = [sys.executable, __file__, "--backend-url", url, "--json-out", str(json_out), *forwarded_options(args)]
    completed = subprocess.run(command, env=env, cwd=ROOT)
    if completed.returncode != 0:
        print(f"{label}: the benchmark subprocess failed (exit {completed.returncode}).")
        return None
    return {"backend": label, **json.loads(json_out.read_text())} if json_out.exists() else None


def forwarded_options(args: argparse.Namespace) -> list[str]:
    options = ["--cases", str(args.cases), "--spiff-cases", str(args.spiff_cases), "--warmup", str(args.warmup)]
    options += ["--count-cases", str(args.count_cases), "--ways", ",".join(args.ways)]
    if args.profile is not None:
        options += ["--profile", str(args.profile)]
    if args.profile_step:
        options += ["--profile-step", args.profile_step]
    if args.show_sql:
        options.append("--show-sql")
    return options


def print_final_summary(summaries: list[dict]) -> None:
    print(f"\n{'=' * 100}\nSummary\n{'=' * 100}")
    for summary in summaries:
        print(f"\n{summary['backend']}")
        print_way_table(summary["ways"])
        print_targets(summary["ways"])


# === the subprocess: one backend ===================================================================================


def run_backend(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.backend_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.settings")
    import django

    django.setup()
    prepare_database()
    fx = load_fixture()
    print(describe_environment(fx, args), flush=True)

    if args.profile is not None:
        profile_ours(fx, args)
        return
    ways = {name: make_way(name, fx) for name in args.ways}
    results = {}
    for name, way in ways.items():
        cases = args.spiff_cases if name.startswith("spiff") else args.cases
        results[name] = measure_way(way, cases, args)
        print(f"  {name}: {results[name].cases} cases in {results[name].seconds:.2f} s", flush=True)
    print()
    print_way_table({name: r.as_dict() for name, r in results.items()})
    print_targets({name: r.as_dict() for name, r in results.items()})
    if "ours" in results:
        print_step_breakdown(results)
    verify(results)
    if args.show_sql and "ours" in ways:
        show_sql_of_one_case(ways["ours"])
    print(
        f"\nsubprocess peak RSS (everything, incl. Django and SpiffWorkflow): {peak_rss_mb():.0f} MB; {load_average()}"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"ways": {n: r.as_dict() for n, r in results.items()}}))


def prepare_database() -> None:
    from django.core.management import call_command

    from gaoxin.accounts.demo import load_demo_accounts
    from gaoxin.catalog.demo import load_demo_catalog

    call_command("migrate", verbosity=0)
    load_demo_catalog()
    load_demo_accounts()


def describe_environment(fx: "Fixture", args: argparse.Namespace) -> str:
    from django.db import connection

    vendor = f"{connection.vendor} {connection.Database.sqlite_version}" if connection.vendor == "sqlite" else ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            vendor = f"postgresql {cursor.fetchone()[0]}"
    return (
        f"database: {vendor}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {load_average()}\n"
        f"bundle {BUNDLE}: {len(fx.requirements)} materials, stages "
        + " → ".join("+".join(s.department_code for s in stage) for stage in fx.stages)
        + f"; {fx.steps_per_case} steps per case\n"
        f"cases: ours/floor {args.cases}, spiff {args.spiff_cases}; warm-up {args.warmup}; "
        f"SQL and memory counted over a separate run of {args.count_cases}"
    )


# --- what every way needs: the demo catalog and accounts, read once -----------------------------------------------


@dataclass(frozen=True)
class Step:
    """One department's step of the bundle, as the floor writes its task."""

    item_id: int
    item_code: str
    department_id: int
    department_code: str
    statutory_days: int
    optional: bool


@dataclass
class Fixture:
    bundle_id: int
    promise_kind: str
    promise_value: int
    max_visits: int
    applicant: object
    window: object
    approvers: dict  # department id -> the demo approver of that department
    requirements: list  # (material id, material code, required), in the order the case lists them
    stages: list  # list of stages, each a list of Step

    @property
    def material_codes(self) -> list[str]:
        return [code for _, code, _ in self.requirements]

    @property
    def material_id_of(self) -> dict[str, int]:
        return {code: material_id for material_id, code, _ in self.requirements}

    @property
    def approval_order(self) -> list[Step]:
        return [step for stage in self.stages for step in stage]

    @property
    def steps_per_case(self) -> int:
        # create + uploads + submit + accept + one approval per department step
        return 1 + len(self.requirements) + 2 + len(self.approval_order)


def load_fixture() -> Fixture:
    from gaoxin.accounts.models import Role, User
    from gaoxin.catalog.models import Bundle, CertificateKind
    from gaoxin.catalog.selectors import bundle_requirements

    bundle = Bundle.objects.get(code=BUNDLE)
    stages, items = [], []
    for stage in bundle.stages.prefetch_related("steps__item__department").order_by("order"):
        steps = [s for s in stage.steps.all() if not s.optional]  # the bench never chooses optional steps
        items += [s.item for s in steps]
        if steps:
            stages.append(
                [
                    Step(
                        s.item_id,
                        s.item.code,
                        s.item.department_id,
                        s.item.department.code,
                        s.item.statutory_days,
                        False,
                    )
                    for s in steps
                ]
            )
    requirements = bundle_requirements(bundle)
    # What the floor leaves out because company set-up never has it; were the catalog to change, it would have to
    # write them: a task that waits for a public notice, a material that a license issued earlier proves.
    if any(item.notice_days for item in items):
        raise RuntimeError(f"floor: a step of {BUNDLE} has a public notice; the floor writes no waits_until")
    if any(r.material.certificate_kind == CertificateKind.BUSINESS_LICENSE for r in requirements):
        raise RuntimeError(f"floor: {BUNDLE} asks for the business license; the floor sets no certificate")
    approvers = {u.department_id: u for u in User.objects.filter(role=Role.APPROVER).order_by("id")}
    return Fixture(
        bundle_id=bundle.pk,
        promise_kind=bundle.promise_kind,
        promise_value=bundle.promise_value,
        max_visits=bundle.max_visits,
        applicant=User.objects.get(username="applicant"),
        window=User.objects.get(username="window"),
        approvers=approvers,
        requirements=[(r.material.pk, r.material.code, r.required) for r in requirements],
        stages=stages,
    )


def applicant_form(i: int) -> dict:
    """The catalog's example company set-up form (gaoxin/catalog/data/examples.json, as the tests use it), one company
    name per case; every way checks it with gaoxin.catalog.fields.clean_answers."""
    return {**EXAMPLES["forms"][BUNDLE], "company_name": f"洛阳示例智能科技{i:05d}有限公司"}


# What each department records when it grants its step (the step's result_fields in bundles.json; the registration
# step has none: its result is the license the certificates app issues), from the same examples.
STEP_RESULTS = {who: EXAMPLES["results"][item] for who, item in EXAMPLES["stage_two_of_company_setup"].items()}


def step_result(step: "Step") -> dict:
    return STEP_RESULTS.get(step.department_code, {})


def upload_name(code: str) -> str:
    return f"{code}.pdf"


# --- measuring ---------------------------------------------------------------------------------------------------


class StepMeter:
    """Seconds and SQL statements per step kind. Only what runs inside step() is measured: the bench's own look-ups
    between steps (which task is open, which materials a case asks for) are not part of any way's cost."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.steps: Counter = Counter()
        self.queries: Counter = Counter()
        self.db_seconds: dict[str, float] = defaultdict(float)  # inside cursor.execute and commit
        self._kind: str | None = None

    @contextmanager
    def step(self, kind: str):
        self._kind = kind
        start = perf_counter()
        try:
            yield
        finally:
            self.seconds[kind] += perf_counter() - start
            self.steps[kind] += 1
            self._kind = None

    def count_query(self, execute, sql, params, many, context):
        """A connection.execute_wrapper: counts each statement and the time the database (and driver) took for it.
        BEGIN is not counted because only SQLite sends it through the cursor (PostgreSQL opens transactions in the
        driver), so counts compare across backends; its time is counted, as the commit's is."""
        if self._kind is None:
            return execute(sql, params, many, context)
        if sql.lstrip()[:5].upper() != "BEGIN":
            self.queries[self._kind] += 1
        start = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.db_seconds[self._kind] += perf_counter() - start

    @contextmanager
    def timing_commits(self, connection):
        """Adds the time of each COMMIT to the step's database time (Atomic calls connection.commit())."""
        commit = connection.commit

        def timed_commit():
            start = perf_counter()
            try:
                commit()
            finally:
                if self._kind is not None:
                    self.db_seconds[self._kind] += perf_counter() - start

        connection.commit = timed_commit
        try:
            yield
        finally:
            del connection.commit  # the class's method again

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


@dataclass
class WayResult:
    name: str
    cases: int
    timed: StepMeter
    counted: StepMeter
    peak_mb: float
    rows_changed: dict = field(default_factory=dict)
    files_written: int = 0
    wallet_kept: int = 0  # wallet documents kept (inserted or updated) during the timed run
    last_case: object = None  # what the way's last timed case returned: its case number (Spiff: workflow id)

    @property
    def seconds(self) -> float:
        return self.timed.total_seconds

    def as_dict(self) -> dict:
        steps = sum(self.timed.steps.values())
        counted_steps = sum(self.counted.steps.values())
        return {
            "cases": self.cases,
            "steps": steps,
            "seconds": self.seconds,
            "cases_per_s": self.cases / self.seconds,
            "steps_per_s": steps / self.seconds,
            "queries_per_step": sum(self.counted.queries.values()) / counted_steps,
            "db_share": sum(self.counted.db_seconds.values()) / self.counted.total_seconds,
            "peak_mb": self.peak_mb,
            "per_kind": {
                kind: {
                    "steps": self.timed.steps[kind],
                    "seconds": self.timed.seconds[kind],
                    "queries_per_step": self.counted.queries[kind] / max(self.counted.steps[kind], 1),
                    "db_share": self.counted.db_seconds[kind] / max(self.counted.seconds[kind], 1e-9),
                }
                for kind in STEP_KINDS
            },
        }


def run_cases(way, first: int, count: int, meter: StepMeter):
    """Cases first … first + count - 1; returns what the last one's run_case returned (its case number)."""
    last = None
    for i in range(first, first + count):
        last = way.run_case(i, meter)
    return last


def measure_way(way, cases: int, args: argparse.Namespace) -> WayResult:
    """Warm up, then time `cases` cases untouched by any instrumentation. Then two short runs of --count-cases each:
    one counts SQL statements and the time spent in the database, one traces memory (tracemalloc slows Python code
    down by half or more, so it must not share a run with any timing)."""
    from django.db import connection
    from django.utils import timezone

    from gaoxin.wallet.models import WalletDocument

    run_cases(way, 0, args.warmup, StepMeter())
    rows_before, files_before = row_counts(), media_file_count()
    gc.collect()
    timed = StepMeter()
    started = timezone.now()
    last_case = run_cases(way, args.warmup, cases, timed)
    rows_after, files_after = row_counts(), media_file_count()
    # The wallet is updated far more than inserted into: its row count moves only the first time, so also count the
    # documents this run kept (a run of ours or the floor keeps each of the applicant's materials).
    wallet_kept = WalletDocument.objects.filter(kept_at__gte=started).count()

    counted = StepMeter()
    with connection.execute_wrapper(counted.count_query), counted.timing_commits(connection):
        run_cases(way, args.warmup + cases, args.count_cases, counted)

    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    run_cases(way, args.warmup + cases + args.count_cases, args.count_cases, StepMeter())
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return WayResult(
        name=way.name,
        cases=cases,
        timed=timed,
        counted=counted,
        peak_mb=peak / 2**20,
        rows_changed={t: rows_after[t] - rows_before[t] for t in rows_after},
        files_written=files_after - files_before,
        wallet_kept=wallet_kept,
        last_case=last_case,
    )


def row_counts() -> dict[str, int]:
    from django.db import connection

    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in (*CASE_TABLES, SpiffWay.TABLE):
            if table in existing:  # the Spiff table exists only once that way has started
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = cursor.fetchone()[0] if table in existing else 0
    return counts


def media_file_count() -> int:
    from django.conf import settings

    return sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))


def load_average() -> str:
    """Other processes on the machine skew every figure; the load average says how much to trust a run."""
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def make_way(name: str, fx: Fixture):
    return {"ours": OursWay, "floor": FloorWay, "spiff": SpiffWay, "spiff+": SpiffWithRowsWay}[name](fx)


# === (a) ours: the real actions ====================================================================================


class OursWay:
    name = "ours"

    def __init__(self, fx: Fixture):
        self.fx = fx

    def run_case(self, i: int, meter: StepMeter) -> str:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from gaoxin.cases import actions

        fx = self.fx
        details = actions.ApplicantDetails(**APPLICANT, form=applicant_form(i))
        with meter.step("create"):
            case = actions.case_create(actor=fx.applicant, details=details, bundle_code=BUNDLE)
        for code in self.materials_asked(case):
            upload = SimpleUploadedFile(upload_name(code), MINIMAL_PDF, content_type="application/pdf")
            with meter.step("upload"):
                actions.case_upload_material(case=case, actor=fx.applicant, material_code=code, uploaded=upload)
        with meter.step("submit"):
            actions.case_submit(case=case, actor=fx.applicant)
        with meter.step("accept"):
            actions.case_accept(case=case, clerk=fx.window, note="材料齐全")
        for step in fx.approval_order:
            task = self.open_task(case, step.department_id)
            with meter.step("approve"):
                actions.task_approve(
                    task=task, approver=fx.approvers[step.department_id], note="符合条件", result=step_result(step)
                )
        return case.number

    @staticmethod
    def materials_asked(case) -> list[str]:
        return list(case.materials.order_by("id").values_list("material__code", flat=True))

    @staticmethod
    def open_task(case, department_id: int):
        """The task as the API hands it to the action (selectors.task_for: with its case, item and department)."""
        from gaoxin.cases.models import Task

        return Task.objects.select_related("case", "item", "department").get(
            case=case, department_id=department_id, status="open"
        )


# === (b) the floor: the same rows in plain SQL =====================================================================

# Every column of every table the floor inserts into (an auto-increment id aside), in the order of its INSERTs.
# Checked against the migrated tables before anything runs: a column the application adds makes the floor stop at
# once, naming it, instead of failing on a constraint or silently writing less than ours.
FLOOR_COLUMNS = {
    "cases_case": (
        "id",
        "number",
        "item_id",
        "bundle_id",
        "applicant_id",
        "created_by_id",
        "channel",
        "applicant_kind",
        "applicant_name",
        "applicant_id_number",
        "applicant_uscc",
        "contact_phone",
        "form",
        "plan",
        "promise_kind",
        "promise_value",
        "clock_was_paused",
        "status",
        "current_stage",
        "created_at",
        "submitted_at",
        "accepted_at",
        "decided_at",
        "deadline",
        "deadline_provisional",
        "decision_reason",
        "clerk_note",
        "visits",
        "visits_allowed",
        "applicant_id_number_digest",
        "contact_phone_digest",
    ),
    "cases_casecounter": ("year", "last"),
    "cases_casematerial": (
        "case_id",
        "material_id",
        "required",
        "needs_correction",
        "correction_note",
        "certificate_id",
    ),
    "cases_materialfile": (
        "id",
        "case_material_id",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "uploaded_by_id",
        "from_wallet",
    ),
    "cases_task": (
        "id",
        "case_id",
        "item_id",
        "department_id",
        "stage",
        "optional",
        "status",
        "created_at",
        "deadline",
        "deadline_provisional",
        "waits_until",
        "decided_at",
        "decided_by_id",
        "reason",
        "result",
        "extension_days",
    ),
    "wallet_walletdocument": (
        "owner_id",
        "material_id",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "source_case_number",
        "kept_at",
        "subject",
        "valid_until",
    ),
    "economy_enterprise": (
        "name",
        "uscc",
        "legal_representative",
        "legal_representative_id",
        "address",
        "registered_capital",
        "business_scope",
        "established_on",
        "status",
        "source_case_id",
        "created_at",
        "legal_representative_id_digest",
    ),
    "certificates_license": (
        "id",
        "number",
        "case_id",
        "enterprise_id",
        "uscc",
        "name",
        "company_type",
        "legal_representative",
        "registered_capital",
        "established_on",
        "address",
        "business_scope",
        "authority",
        "integrated",
        "issued_at",
        "issued_by_id",
        "payload",
        "signature",
        "key_id",
        "revoked_at",
        "revoked_by_id",
        "revoke_reason",
    ),
    "core_auditevent": (
        "subject_type",
        "subject_id",
        "seq",
        "at",
        "actor_id",
        "action",
        "from_state",
        "to_state",
        "reason",
        "data",
        "prev_hash",
        "hash",
    ),
    "core_audithead": ("subject_type", "subject_id", "seq", "hash", "mac"),
}
# Columns other parts of the application add to a table the floor writes, with the value a newly licensed company
# gets there; written only where the migrated table has them (the economy pillar's park and industry).
FLOOR_COLUMNS_IF_PRESENT = {"economy_enterprise": {"park_id": None, "industry": ""}}
# The outcomes a step ends with (gaoxin.cases.models.TASK_OUTCOMES): a stage whose steps all have one is done.
TASK_OUTCOMES = ("approved", "denied", "terminated")


def wallet_kept_materials(fx) -> dict[str, tuple[str, int]]:
    """Material code -> (the subject its paper is kept under, its validity in days) for the bench's applicant, by the
    wallet's own rule; materials it does not keep are left out. The floor states no property: it refuses a bundle
    with a property's paper."""
    from gaoxin.catalog.models import MaterialKind, ReuseScope
    from gaoxin.wallet.rules import Subjects, kept_subject

    kinds = MaterialKind.objects.filter(pk__in=[material_id for material_id, _, _ in fx.requirements])
    if any(kind.reuse_scope == ReuseScope.PROPERTY for kind in kinds):
        raise RuntimeError(f"floor: {BUNDLE} asks for a property's paper; the floor states no property")
    subjects = Subjects(person=APPLICANT["id_number"], company="")
    kept = {kind.code: (kept_subject(kind, subjects), kind.reuse_valid_days) for kind in kinds}
    return {code: pair for code, pair in kept.items() if pair[0]}


def floor_extra_columns() -> dict[str, dict]:
    """The migrated tables' columns beyond FLOOR_COLUMNS that the floor fills with their empty value; raises if a
    table has a column the floor does not know or lacks one the floor writes."""
    from django.db import connection

    extra = {}
    with connection.cursor() as cursor:
        for table, columns in FLOOR_COLUMNS.items():
            present = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            extra[table] = {c: v for c, v in FLOOR_COLUMNS_IF_PRESENT.get(table, {}).items() if c in present}
            unknown = present - set(columns) - extra[table].keys() - {"id"}
            missing = set(columns) - present
            if unknown or missing:
                raise RuntimeError(
                    f"floor: {table} has columns the floor does not write ({', '.join(sorted(unknown)) or '-'}) "
                    f"or lacks columns it writes ({', '.join(sorted(missing)) or '-'}); bring FloorWay up to date"
                )
    return extra


@dataclass
class FloorCase:
    """What the floor's caller knows about a case between steps (a real client would hold the same ids)."""

    id: uuid.UUID
    number: str
    case_material_ids: dict  # material code -> cases_casematerial.id
    task_ids: dict = field(default_factory=dict)  # department id -> cases_task.id of the current stage

    @property
    def subject(self) -> tuple[str, str]:
        return ("case", str(self.id))


class FloorWay:
    """Writes exactly the rows ours writes, with raw INSERT/UPDATE on Django's connection, one atomic block per step.

    Nothing is checked beyond what the data needs (the state guard in each UPDATE's WHERE, the audit head read under
    lock to chain the next hash, the case's tasks to know whether the stage is done and which steps are granted, the
    highest license number of the year) and what the behaviour itself is: the application form and each step's
    result are checked by the same function ours calls (gaoxin.catalog.fields.clean_answers), since any
    implementation must refuse a wrong form. Deadlines are a plain date addition. What is the same for every case
    (the plan with each step's result fields and integrated certificates, the bundle's form fields, the license's
    authority, the key id) is built once, as constants.
    """

    name = "floor"

    def __init__(self, fx: Fixture):
        from django.conf import settings
        from django.db import connection
        from django.utils import timezone

        from gaoxin.catalog.models import Bundle
        from gaoxin.documents import keys
        from gaoxin.documents.actions import seal_for

        self.fx = fx
        self.ops = connection.ops
        self.native_uuid = connection.features.has_native_uuid_field
        # SQLite has no FOR UPDATE; its BEGIN IMMEDIATE already holds the only write lock.
        self.for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
        self.media_root = Path(settings.MEDIA_ROOT)
        self.prefix = settings.GAOXIN["CASE_NUMBER_PREFIX"]
        self.made_dirs: set[Path] = set()
        self.extra_columns = floor_extra_columns()
        # The case's plan of stages is the same JSON for every company set-up case; built once, as a constant.
        plan = company_setup_plan()
        self.plan = self.ops.adapt_json_value(plan, None)
        self.planned = {step["item"]: step for stage in plan for step in stage}  # item id -> its step of the plan
        self.code_of = {step["item"]: step["code"] for stage in plan for step in stage}
        self.form_fields = Bundle.objects.get(code=BUNDLE).form_fields
        self.kept = wallet_kept_materials(fx)
        self.empty_result = self.ops.adapt_json_value({}, None)
        # The same for every license the bench's cases get (gaoxin.certificates.actions._issue).
        self.license_prefix = settings.GAOXIN.get("LICENSE_NUMBER_PREFIX", "GXZZ")
        self.authority = settings.GAOXIN.get("LICENSE_AUTHORITY", "洛阳高新技术产业开发区市场监督管理局")
        # Licenses are signed under the zone's approval seal (decision 0017), with its key.
        self.key = keys.private_key(seal_for(None, timezone.localdate()))
        self.key_id = self.key.public_key().key_id()

    def run_case(self, i: int, meter: StepMeter) -> str:
        with meter.step("create"):
            case = self.create(i)
        for code in case.case_material_ids:
            with meter.step("upload"):
                self.upload(case, code)
        with meter.step("submit"):
            self.submit(case)
        with meter.step("accept"):
            self.accept(case)
        for step in self.fx.approval_order:
            with meter.step("approve"):
                self.approve(case, step, step_result(step))
        return case.number

    # --- the steps ---

    def create(self, i: int) -> FloorCase:
        from django.db import connection, transaction
        from django.utils import timezone

        from gaoxin.catalog.fields import clean_answers
        from gaoxin.core import personal

        fx, now = self.fx, timezone.now()
        # The form as ours stores it: checked and cleaned by the same function (a wrong form raises FieldErrors).
        form = clean_answers(self.form_fields, applicant_form(i), prefix="form")
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            number = self.next_number(cur, timezone.localdate().year)
            case = FloorCase(id=uuid.uuid4(), number=number, case_material_ids={})
            row = [
                self.uuid(case.id),
                number,
                None,  # item: a bundle's case
                fx.bundle_id,
                fx.applicant.pk,
                fx.applicant.pk,  # created_by
                "online",
                APPLICANT["kind"],
                APPLICANT["name"],
                personal.encrypt(APPLICANT["id_number"]),  # personal data encrypted, as ours stores it
                "",  # applicant_uscc
                personal.encrypt(APPLICANT["phone"]),
                self.ops.adapt_json_value(form, None),
                self.plan,
                fx.promise_kind,
                fx.promise_value,
                False,  # clock_was_paused
                "draft",
                0,  # current_stage
                self.dt(now),
                None,  # submitted_at
                None,  # accepted_at
                None,  # decided_at
                None,  # deadline
                False,  # deadline_provisional
                "",  # decision_reason
                "",  # clerk_note
                0,  # visits: online, none
                fx.max_visits,
                personal.digest(APPLICANT["id_number"]),
                personal.digest(APPLICANT["phone"]),
            ]
            insert_rows(cur, "cases_case", FLOOR_COLUMNS["cases_case"], [row])
            # certificate: no material of company set-up can be proved by a license (load_fixture checks it).
            material_rows = [
                (self.uuid(case.id), material_id, required, False, "", None)
                for material_id, _, required in fx.requirements
            ]
            returned = insert_rows(
                cur,
                "cases_casematerial",
                FLOOR_COLUMNS["cases_casematerial"],
                material_rows,
                returning="id, material_id",
            )
            id_of_material = {material_id: row_id for row_id, material_id in returned}
            case.case_material_ids = {code: id_of_material[material_id] for material_id, code, _ in fx.requirements}
            data = {"number": number, "channel": "online", "target": BUNDLE}
            self.audit(cur, now, [(case.subject, [(fx.applicant.pk, "create", "", "draft", "", data)], None)])
        return case

    def upload(self, case: FloorCase, code: str) -> str:
        """The file on disk, its row, the applicant's wallet keeps it (one UPDATE, an INSERT the first time), and
        the audit event; returns the file's stored name."""
        from django.db import connection, transaction
        from django.utils import timezone

        fx, name, now = self.fx, upload_name(code), timezone.now()
        sha256 = hashlib.sha256(MINIMAL_PDF).hexdigest()
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            head = self.lock_head(cur, case.subject)
            relative = self.write_file(now)
            row = [
                self.uuid(uuid.uuid4()),
                case.case_material_ids[code],
                relative,
                name,
                "application/pdf",
                len(MINIMAL_PDF),
                sha256,
                self.dt(now),
                fx.applicant.pk,
                False,  # from_wallet: handed in with this case
            ]
            insert_rows(cur, "cases_materialfile", FLOOR_COLUMNS["cases_materialfile"], [row])
            if code in self.kept:  # forms and one-case papers are not kept (gaoxin.wallet.rules)
                self.keep_in_wallet(cur, case, code, [relative, name, "application/pdf", len(MINIMAL_PDF), sha256], now)
            data = {"material": code, "name": name, "sha256": sha256}
            self.audit(cur, now, [(case.subject, [(fx.applicant.pk, "upload", "draft", "draft", "", data)], head)])
        return relative

    def keep_in_wallet(self, cur, case: FloorCase, code: str, stored: list, now: datetime) -> None:
        """One UPDATE, an INSERT the first time: the applicant's newest file of the material and subject."""
        from django.utils import timezone

        subject, valid_days = self.kept[code]
        valid_until = timezone.localdate(now) + timedelta(days=valid_days)
        kept = [*stored, case.number, self.dt(now), subject, valid_until]
        material_id = self.fx.material_id_of[code]
        cur.execute(
            "UPDATE wallet_walletdocument SET file = %s, original_name = %s, content_type = %s, size = %s, "
            "sha256 = %s, source_case_number = %s, kept_at = %s, subject = %s, valid_until = %s "
            "WHERE owner_id = %s AND material_id = %s AND subject = %s",
            [*kept, self.fx.applicant.pk, material_id, subject],
        )
        if cur.rowcount == 0:  # the applicant's first file of this material
            insert_rows(
                cur,
                "wallet_walletdocument",
                FLOOR_COLUMNS["wallet_walletdocument"],
                [[self.fx.applicant.pk, material_id, *kept]],
            )

    def submit(self, case: FloorCase) -> None:
        from django.db import connection, transaction
        from django.utils import timezone

        now = timezone.now()
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            head = self.lock_head(cur, case.subject)
            self.update_case(cur, case, "draft", status="submitted", submitted_at=self.dt(now))
            events = [(self.fx.applicant.pk, "submit", "draft", "submitted", "", {})]
            self.audit(cur, now, [(case.subject, events, head)])

    def accept(self, case: FloorCase) -> None:
        from django.db import connection, transaction
        from django.utils import timezone

        fx, now, note = self.fx, timezone.now(), "材料齐全"
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            head = self.lock_head(cur, case.subject)
            self.update_case(
                cur,
                case,
                "submitted",
                status="in_review",
                accepted_at=self.dt(now),
                clerk_note=note,
                deadline=self.dt(now + timedelta(days=fx.promise_value)),
                deadline_provisional=False,
                current_stage=1,
            )
            events = [(fx.window.pk, "accept", "submitted", "in_review", note, {})]
            events += self.open_stage(cur, case, 1, now, fx.window.pk)
            self.audit(cur, now, [(case.subject, self.with_documents(case, now, events), head)])

    def approve(self, case: FloorCase, step: Step, result: dict | None = None) -> None:
        """The step granted with its department's result (checked as ours checks it). The registration step
        registers the enterprise and issues its license first, whose number and USCC join the step's result; a
        later step that integrates certificates adds them to the license, signed again. The last step of a stage
        opens the next stage; the last of the case completes it."""
        from django.db import connection, transaction
        from django.utils import timezone

        from gaoxin.catalog.fields import clean_answers

        fx, now, note = self.fx, timezone.now(), "符合条件"
        approver = fx.approvers[step.department_id].pk
        planned = self.planned[step.item_id]
        stage = next(n for n, steps in enumerate(fx.stages, 1) if step in steps)
        result = clean_answers(planned["result_fields"], result, prefix="result")
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            # The head lock comes first: it serialises the decisions on one case, so exactly one of two concurrent
            # last approvals sees no pending task and moves the case on.
            head = self.lock_head(cur, case.subject)
            # The case's tasks: is this one open, is its stage done after it, which steps are granted (the license
            # carries what they integrate).
            cur.execute("SELECT item_id, stage, status FROM cases_task WHERE case_id = %s", [self.uuid(case.id)])
            statuses = {item_id: (task_stage, status) for item_id, task_stage, status in cur.fetchall()}
            if statuses.get(step.item_id, (0, ""))[1] != "open":
                raise RuntimeError(f"floor: the task of {step.item_code} is not open")
            statuses[step.item_id] = (stage, "approved")
            granted = {item_id for item_id, (_, status) in statuses.items() if status == "approved"}
            chains = []
            if planned["issues"] == "business_license":
                license_chains, issued = self.issue_license(cur, case, now, approver, granted)
                chains += license_chains
                result |= issued
            elif planned["integrates"]:
                chains += self.integrate_license(cur, case, now, approver, granted)
            task_id = case.task_ids[step.department_id]
            cur.execute(
                "UPDATE cases_task SET status = 'approved', decided_at = %s, decided_by_id = %s, reason = %s, "
                "result = %s WHERE id = %s AND status = 'open'",
                [self.dt(now), approver, note, self.ops.adapt_json_value(result, None), task_id],
            )
            check_one_row(cur, "task")
            data = task_data(task_id, step, stage) | ({"result": result} if result else {})
            events = [(approver, "task_approve", "in_review", "in_review", note, data)]
            if all(status in TASK_OUTCOMES for task_stage, status in statuses.values() if task_stage == stage):
                if stage < len(fx.stages):
                    self.check_prerequisites(stage + 1, statuses)
                    self.update_case(cur, case, "in_review", current_stage=stage + 1)
                    events += self.open_stage(cur, case, stage + 1, now, approver)
                else:
                    self.update_case(cur, case, "in_review", status="approved", decided_at=self.dt(now))
                    outcomes = {self.code_of[item_id]: status for item_id, (_, status) in statuses.items()}
                    events.append((approver, "complete", "in_review", "approved", "", {"outcomes": outcomes}))
            self.audit(cur, now, [(case.subject, self.with_documents(case, now, events), head), *chains])

    def with_documents(self, case: FloorCase, now: datetime, events: list[tuple]) -> list[tuple]:
        """The events with the documents their decisions issue, each right after its decision: written by the same
        gaoxin.documents code as ours, on the case as it now stands. What a document says is the platform's own
        (the template, the facts, the seal), not the case engine's, so both ways pay the same for it (decision
        0017); the floor reads the case once more to hand it over."""
        from types import SimpleNamespace

        from gaoxin.cases.models import Case
        from gaoxin.core.audit import AuditBatch
        from gaoxin.documents.actions import documents_on_case_changed

        batch = AuditBatch(*case.subject)
        for actor_id, action, from_state, to_state, reason, data in events:
            batch.add(
                actor=SimpleNamespace(pk=actor_id),
                action=action,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                data=data,
                at=now,
            )
        documents_on_case_changed(case=Case.objects.select_related("bundle").get(pk=case.id), audit=batch)
        return [(e.actor_id, e.action, e.from_state, e.to_state, e.reason, e.data) for e in batch.events]

    def check_prerequisites(self, stage: int, statuses: dict) -> None:
        """The bench grants every step, so no step of the next stage ends as 终止 (ours would write it terminated,
        with its reason): the floor only checks that, from the tasks it has read anyway."""
        granted = {self.code_of[item_id] for item_id, (_, status) in statuses.items() if status == "approved"}
        for step in self.fx.stages[stage - 1]:
            missing = set(self.planned[step.item_id]["requires"]) - granted
            if missing:
                raise RuntimeError(f"floor: {step.item_code} needs {', '.join(sorted(missing))}, not granted")

    def integrated_of(self, granted: set[int]) -> list[dict]:
        """The 多证合一 entries the granted steps integrate, in the catalog list's order (as ours builds them)."""
        from gaoxin.catalog.integrated import integrated_subset

        return integrated_subset(code for item_id in granted for code in self.planned[item_id]["integrates"])

    # --- the license (gaoxin.certificates.actions.license_issue_for_case and license_integrate) ---

    def issue_license(self, cur, case: FloorCase, now: datetime, actor_id: int, granted: set[int]):
        """The enterprise with a new USCC and its signed license carrying what the granted steps integrate; returns
        their new audit chains (one event each) and the entries the step's result gets."""
        from django.utils import timezone

        from gaoxin.certificates.uscc import new_enterprise_uscc
        from gaoxin.core import personal
        from gaoxin.documents import signing

        # The company as the form names it, read from the case (the caller holds only ids).
        cur.execute("SELECT form FROM cases_case WHERE id = %s", [self.uuid(case.id)])
        form = cur.fetchone()[0]
        form = json.loads(form) if isinstance(form, str) else form
        company = company_of(form)
        established_on = timezone.localdate(now)
        capital = self.ops.adapt_decimalfield_value(company["registered_capital"], 14, 2)
        # As the application states it, else the person who applied (gaoxin.certificates.actions).
        legal_representative_id = (form.get("legal_representative_id") or APPLICANT["id_number"])[:18].upper()
        enterprise_row = [
            company["name"],
            None,  # uscc, drawn below
            company["legal_representative"],
            personal.encrypt(legal_representative_id),
            company["address"],
            capital,
            company["business_scope"],
            self.ops.adapt_datefield_value(established_on),
            "active",
            self.uuid(case.id),  # source_case
            self.dt(now),
            personal.digest(legal_representative_id),
            *self.extra_columns["economy_enterprise"].values(),
        ]
        columns = [*FLOOR_COLUMNS["economy_enterprise"], *self.extra_columns["economy_enterprise"]]
        # A new USCC is random: a draw that is taken already inserts nothing, and another is drawn (no savepoint).
        for _attempt in range(8):
            uscc = enterprise_row[1] = new_enterprise_uscc()
            inserted = insert_rows(
                cur, "economy_enterprise", columns, [enterprise_row], returning="id", on_conflict="(uscc)"
            )
            if inserted:
                enterprise_id = inserted[0][0]
                break
        else:
            raise RuntimeError("floor: no free USCC in 8 draws")

        license_id = uuid.uuid4()
        integrated = self.integrated_of(granted)
        year_prefix = f"{self.license_prefix}{established_on.year}"
        # The year's next number; a concurrent issue that took it first makes the INSERT write nothing, and the
        # next SELECT (a new snapshot under READ COMMITTED) sees it.
        for _attempt in range(8):
            cur.execute("SELECT MAX(number) FROM certificates_license WHERE number LIKE %s", [f"{year_prefix}%"])
            last = cur.fetchone()[0]
            number = f"{year_prefix}{int(last[len(year_prefix) :]) + 1 if last else 1:06d}"
            payload = signing.canonical_json(
                {
                    "type": "gaoxin.integrated-business-license",
                    "version": 1,
                    "id": str(license_id),
                    "number": number,
                    "case_id": str(case.id),
                    "uscc": uscc,
                    **{k: v for k, v in company.items() if k != "company_type"},
                    "registered_capital": str(company["registered_capital"]),
                    "established_on": established_on.isoformat(),
                    "company_type": company["company_type"],
                    "authority": self.authority,
                    "integrated": integrated,
                    "issued_at": now.astimezone(UTC).isoformat(timespec="seconds"),
                    "key_id": self.key_id,
                }
            )
            license_row = [
                self.uuid(license_id),
                number,
                self.uuid(case.id),
                enterprise_id,
                uscc,
                company["name"],
                company["company_type"],
                company["legal_representative"],
                capital,
                self.ops.adapt_datefield_value(established_on),
                company["address"],
                company["business_scope"],
                self.authority,
                self.ops.adapt_json_value(integrated, None),
                self.dt(now),
                actor_id,  # issued_by
                payload,
                signing.sign_b64(self.key, payload.encode("utf-8")),
                self.key_id,
                None,  # revoked_at
                None,  # revoked_by
                "",  # revoke_reason
            ]
            columns = FLOOR_COLUMNS["certificates_license"]
            if insert_rows(cur, "certificates_license", columns, [license_row], returning="id", on_conflict="(number)"):
                break
        else:
            raise RuntimeError("floor: no free license number in 8 tries")

        registered = (actor_id, "register", "", "active", "", {"uscc": uscc, "case": case.number})
        issued_data = {"number": number, "uscc": uscc, "case": case.number, "key_id": self.key_id}
        issued = (actor_id, "issue", "", "valid", "", issued_data)
        chains = [
            (("enterprise", str(enterprise_id)), [registered], None),
            (("license", str(license_id)), [issued], None),
        ]
        return chains, {"license_id": str(license_id), "license_number": number, "uscc": uscc}

    def integrate_license(self, cur, case: FloorCase, now: datetime, actor_id: int, granted: set[int]) -> list:
        """What the granted steps integrate, on the case's valid license (locked), signed again; returns the
        license's chain with its integrate event, or nothing when there is no such license or nothing new."""
        from gaoxin.documents import signing

        cur.execute(
            f"SELECT id, number, payload FROM certificates_license WHERE case_id = %s AND revoked_at IS NULL"
            f"{self.for_update}",
            [self.uuid(case.id)],
        )
        row = cur.fetchone()
        if row is None:
            return []
        license_id, number, payload_text = row
        payload = json.loads(payload_text)
        integrated = self.integrated_of(granted)
        added = [entry["code"] for entry in integrated if entry not in payload["integrated"]]
        if not added:
            return []
        subject = ("license", str(uuid.UUID(str(license_id))))
        head = self.lock_head(cur, subject)
        payload = signing.canonical_json({**payload, "integrated": integrated, "key_id": self.key_id})
        cur.execute(
            "UPDATE certificates_license SET integrated = %s, payload = %s, signature = %s, key_id = %s WHERE id = %s",
            [
                self.ops.adapt_json_value(integrated, None),
                payload,
                signing.sign_b64(self.key, payload.encode("utf-8")),
                self.key_id,
                license_id,
            ],
        )
        data = {"number": number, "added": added, "case": case.number}
        return [(subject, [(actor_id, "integrate", "valid", "valid", "", data)], head)]

    # --- shared pieces ---

    def next_number(self, cur, year: int) -> str:
        cur.execute("UPDATE cases_casecounter SET last = last + 1 WHERE year = %s RETURNING last", [year])
        row = cur.fetchone()
        if row is None:  # only if ours has not run first in this database
            cur.execute("INSERT INTO cases_casecounter (year, last) VALUES (%s, 1)", [year])
            row = (1,)
        return f"{self.prefix}{year}{row[0]:06d}"

    def open_stage(self, cur, case: FloorCase, stage: int, now: datetime, actor_id: int) -> list[tuple]:
        """Insert the stage's tasks; returns their task_open audit events."""
        steps = self.fx.stages[stage - 1]
        ids = [uuid.uuid4() for _ in steps]
        rows = [
            [
                self.uuid(task_id),
                self.uuid(case.id),
                step.item_id,
                step.department_id,
                stage,
                step.optional,
                "open",
                self.dt(now),
                # A trivial deadline: calendar days, not working days (the floor skips deadline arithmetic).
                self.dt(now + timedelta(days=step.statutory_days)),
                False,
                None,  # waits_until: no public notice in company set-up (load_fixture checks it)
                None,
                None,
                "",
                self.empty_result,
                0,  # extension_days: no extension (延期)
            ]
            for task_id, step in zip(ids, steps, strict=True)
        ]
        insert_rows(cur, "cases_task", FLOOR_COLUMNS["cases_task"], rows)
        case.task_ids = {step.department_id: self.uuid(t) for t, step in zip(ids, steps, strict=True)}
        return [
            (actor_id, "task_open", "in_review", "in_review", "", task_data(t, step, stage))
            for t, step in zip(ids, steps, strict=True)
        ]

    def update_case(self, cur, case: FloorCase, expected_status: str, **values) -> None:
        assignments = ", ".join(f"{column} = %s" for column in values)
        cur.execute(
            f"UPDATE cases_case SET {assignments} WHERE id = %s AND status = %s",
            [*values.values(), self.uuid(case.id), expected_status],
        )
        check_one_row(cur, "case")

    def lock_head(self, cur, subject: tuple[str, str]) -> tuple[int, str]:
        cur.execute(
            f"SELECT seq, hash FROM core_audithead WHERE subject_type = %s AND subject_id = %s{self.for_update}",
            list(subject),
        )
        return cur.fetchone()

    def audit(self, cur, now: datetime, chains: list[tuple]) -> None:
        """Append events (actor, action, from, to, reason, data) to chains, each hashed onto the previous. A chain
        is (subject, events, head): head is the (seq, hash) read under lock, or None for a new subject. One
        multi-row INSERT of all the events, one INSERT of the new heads, one UPDATE per existing head."""
        from gaoxin.core.audit import head_mac

        rows, new_heads, moved_heads = [], [], []
        for (subject_type, subject_id), events, head in chains:
            seq, prev = head or (0, GENESIS)
            for actor_id, action, from_state, to_state, reason, data in events:
                seq += 1
                digest = chain_hash(
                    subject_type, subject_id, seq, now, actor_id, action, from_state, to_state, reason, data, prev
                )
                rows.append(
                    [
                        subject_type,
                        subject_id,
                        seq,
                        self.dt(now),
                        actor_id,
                        action,
                        from_state,
                        to_state,
                        reason,
                        self.ops.adapt_json_value(data, None),
                        prev,
                        digest,
                    ]
                )
                prev = digest
            mac = head_mac(subject_type, subject_id, seq, prev)  # the audit key is the platform's, not the floor's
            (moved_heads if head else new_heads).append([subject_type, subject_id, seq, prev, mac])
        insert_rows(cur, "core_auditevent", FLOOR_COLUMNS["core_auditevent"], rows)
        if new_heads:
            insert_rows(cur, "core_audithead", FLOOR_COLUMNS["core_audithead"], new_heads)
        for subject_type, subject_id, seq, digest, mac in moved_heads:
            cur.execute(
                "UPDATE core_audithead SET seq = %s, hash = %s, mac = %s WHERE subject_type = %s AND subject_id = %s",
                [seq, digest, mac, subject_type, subject_id],
            )

    def write_file(self, now: datetime) -> str:
        """The upload on disk under MEDIA_ROOT, named as ours names it (upload_to="cases/%Y/%m/", a fresh UUID and
        the checked type's extension); returns the stored name."""
        folder = Path("cases") / now.strftime("%Y") / now.strftime("%m")
        absolute = self.media_root / folder
        if absolute not in self.made_dirs:
            absolute.mkdir(parents=True, exist_ok=True)
            self.made_dirs.add(absolute)
        relative = folder / f"{uuid.uuid4().hex}.pdf"
        (self.media_root / relative).write_bytes(MINIMAL_PDF)
        return relative.as_posix()

    def uuid(self, value: uuid.UUID):
        """How a UUIDField stores a value: native on PostgreSQL, 32 hex digits in SQLite's char(32)."""
        return value if self.native_uuid else value.hex

    def dt(self, value: datetime):
        """How a DateTimeField stores a value (SQLite: naive UTC text; PostgreSQL: the aware datetime itself)."""
        return self.ops.adapt_datetimefield_value(value)


def company_setup_plan() -> list[list[dict]]:
    """The plan ours snapshots on a company set-up case (actions._plan_of_steps): no optional step is chosen."""
    from gaoxin.catalog.models import Bundle

    bundle = Bundle.objects.get(code=BUNDLE)
    stages = [
        [
            {
                "item": s.item_id,
                "code": s.item.code,
                "department": s.item.department_id,
                "optional": False,
                "days": s.item.statutory_days,
                "notice_days": s.item.notice_days,
                "issues": s.item.issues_certificate,
                "requires": s.requires,
                "result_fields": s.result_fields,
                "integrates": s.integrates,
            }
            for s in stage.steps.select_related("item")
            if not s.optional
        ]
        for stage in bundle.stages.order_by("order")
    ]
    return [stage for stage in stages if stage]


def company_of(form: dict) -> dict:
    """The company of a cleaned company set-up form, as gaoxin.certificates.actions.license_issue_for_case takes it
    (its text limits; 注册资本 in 万元, stored by clean_answers as a plain decimal such as "100")."""
    return {
        "name": form["company_name"][:200],
        "legal_representative": form["legal_representative"][:100],
        "address": form["address"][:300],
        "registered_capital": Decimal(form["registered_capital"]).quantize(Decimal("0.01")),
        "business_scope": form["business_scope"][:4000],
        "company_type": form["company_type"][:100],
    }


def task_data(task_id, step: Step, stage: int) -> dict:
    # The same data ours records with a task's events (actions._audit_task); task ids always with dashes.
    task = str(uuid.UUID(str(task_id)))
    return {"task": task, "item": step.item_id, "department": step.department_id, "stage": stage}


def chain_hash(subject_type, subject_id, seq, at, actor_id, action, from_state, to_state, reason, data, prev) -> str:
    """The same canonical form as gaoxin.core.audit.event_hash, so audit_verify accepts the floor's chains."""
    body = {
        "subject": [subject_type, subject_id],
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "action": action,
        "from": from_state,
        "to": to_state,
        "reason": reason,
        "data": data,
        "prev": prev,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def insert_rows(
    cur, table: str, columns, rows: list, returning: str | None = None, on_conflict: str | None = None
) -> list:
    """One INSERT statement for all rows (as bulk_create does), optionally RETURNING columns. With on_conflict (the
    unique columns, in parentheses), a row that would break that unique index is skipped: nothing is returned."""
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(rows))}"
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict} DO NOTHING"
    if returning:
        sql += f" RETURNING {returning}"
    cur.execute(sql, [value for row in rows for value in row])
    return cur.fetchall() if returning else []


def check_one_row(cur, what: str) -> None:
    if cur.rowcount != 1:
        raise RuntimeError(f"floor: the {what} was not in the expected state ({cur.rowcount} rows updated)")


# === (c) SpiffWorkflow: the bundle as BPMN =========================================================================


class SpiffWay:
    """Each step loads the workflow's serialized state (locked), completes the READY user task of that step, runs the
    engine to the next wait, serializes the state and writes it back — what a stateless request handler must do."""

    name = "spiff"
    TABLE = "bench_spiff_workflow"

    def __init__(self, fx: Fixture):
        from django.conf import settings
        from django.db import connection
        from SpiffWorkflow.bpmn.parser import BpmnParser
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer

        self.fx = fx
        parser = BpmnParser()
        parser.add_bpmn_file(str(BPMN_PATH))
        # Parsed once, as an application would cache it; the serialized state still carries the spec each time.
        self.spec = parser.get_spec("company_setup")
        self.serializer = BpmnWorkflowSerializer()
        self.for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
        self.files = FloorWay(fx)  # the uploads go to disk exactly as the floor writes them
        self.media_root = Path(settings.MEDIA_ROOT)
        with connection.cursor() as cur:
            cur.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} (id TEXT PRIMARY KEY, state TEXT NOT NULL)")

    def run_case(self, i: int, meter: StepMeter) -> str:
        workflow_id = uuid.uuid4().hex
        with meter.step("create"):
            self.create(workflow_id, i)
        for code in self.fx.material_codes:
            with meter.step("upload"):
                self.change(workflow_id, lambda wf, code=code: self.attach_material(wf, code, self.write_file()))
        with meter.step("submit"):
            self.change(workflow_id, lambda wf: complete_user_task(wf, "submit", actor=self.fx.applicant.pk))
        with meter.step("accept"):
            self.change(workflow_id, lambda wf: complete_user_task(wf, "accept", actor=self.fx.window.pk))
        for step in self.fx.approval_order:
            task_name = SPIFF_TASK_OF_DEPARTMENT[step.department_code]
            approver, result = self.fx.approvers[step.department_id].pk, step_result(step)
            with meter.step("approve"):
                self.change(
                    workflow_id,
                    lambda wf, t=task_name, a=approver, r=result: complete_user_task(wf, t, actor=a, result=r),
                )
        # Not a step: the check that the model really ran to its end.
        self.check_completed(workflow_id)
        return workflow_id

    def create(self, workflow_id: str, i: int) -> None:
        from django.db import connection, transaction
        from SpiffWorkflow.bpmn import BpmnWorkflow

        workflow = BpmnWorkflow(self.spec)
        workflow.do_engine_steps()
        workflow.data.update(applicant=APPLICANT, form=applicant_form(i), materials={})
        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {self.TABLE} (id, state) VALUES (%s, %s)",
                [workflow_id, self.serializer.serialize_json(workflow)],
            )

    def change(self, workflow_id: str, change: Callable) -> None:
        from django.db import connection, transaction

        with transaction.atomic(savepoint=False), connection.cursor() as cur:
            cur.execute(f"SELECT state FROM {self.TABLE} WHERE id = %s{self.for_update}", [workflow_id])
            workflow = self.serializer.deserialize_json(cur.fetchone()[0])
            change(workflow)
            cur.execute(
                f"UPDATE {self.TABLE} SET state = %s WHERE id = %s",
                [self.serializer.serialize_json(workflow), workflow_id],
            )

    def write_file(self) -> str:
        from django.utils import timezone

        return self.files.write_file(timezone.now())

    @staticmethod
    def attach_material(workflow, code: str, stored: str) -> None:
        sha256 = hashlib.sha256(MINIMAL_PDF).hexdigest()
        workflow.data["materials"][code] = {"name": upload_name(code), "file": stored, "sha256": sha256}

    def check_completed(self, workflow_id: str) -> None:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(f"SELECT state FROM {self.TABLE} WHERE id = %s", [workflow_id])
            if not self.serializer.deserialize_json(cur.fetchone()[0]).is_completed():
                raise RuntimeError(f"spiff: workflow {workflow_id} did not reach its end event")


def complete_user_task(workflow, spec_name: str, *, actor: int, result: dict | None = None) -> None:
    """The READY user task done by `actor`, with the department's result (kept as given: the engine checks no
    data) in its data."""
    from SpiffWorkflow.util.task import TaskState

    task = workflow.get_next_task(state=TaskState.READY, spec_name=spec_name)
    if task is None:
        raise RuntimeError(f"spiff: no READY task {spec_name}")
    task.data.update(actor=actor, **({"result": result} if result else {}))
    task.run()
    workflow.do_engine_steps()


class SpiffWithRowsWay:
    """SpiffWorkflow driving the case as the spiff way does, and in the same transaction of each step the case's own
    rows as the floor writes them: what a platform built on the engine must write too, since the engine's state
    holds none of the case's materials, files, tasks and deadlines, timeline, wallet, enterprise or license."""

    name = "spiff+"

    def __init__(self, fx: Fixture):
        self.fx = fx
        self.floor = FloorWay(fx)
        self.spiff = SpiffWay(fx)

    def run_case(self, i: int, meter: StepMeter) -> str:
        from django.db import transaction

        fx, spiff, workflow_id = self.fx, self.spiff, uuid.uuid4().hex
        with meter.step("create"), transaction.atomic():
            case = self.floor.create(i)
            spiff.create(workflow_id, i)
        for code in case.case_material_ids:
            with meter.step("upload"), transaction.atomic():
                stored = self.floor.upload(case, code)
                spiff.change(workflow_id, lambda wf, code=code, stored=stored: spiff.attach_material(wf, code, stored))
        with meter.step("submit"), transaction.atomic():
            self.floor.submit(case)
            spiff.change(workflow_id, lambda wf: complete_user_task(wf, "submit", actor=fx.applicant.pk))
        with meter.step("accept"), transaction.atomic():
            self.floor.accept(case)
            spiff.change(workflow_id, lambda wf: complete_user_task(wf, "accept", actor=fx.window.pk))
        for step in fx.approval_order:
            task_name = SPIFF_TASK_OF_DEPARTMENT[step.department_code]
            approver, result = fx.approvers[step.department_id].pk, step_result(step)
            with meter.step("approve"), transaction.atomic():
                self.floor.approve(case, step, result)
                spiff.change(
                    workflow_id,
                    lambda wf, t=task_name, a=approver, r=result: complete_user_task(wf, t, actor=a, result=r),
                )
        spiff.check_completed(workflow_id)
        return case.number


# === checking that the three ways did the same work ================================================================


def verify(results: dict[str, WayResult]) -> None:
    from django.db import connection

    from gaoxin.cases.models import Task
    from gaoxin.certificates.models import License
    from gaoxin.certificates.verification import license_check
    from gaoxin.core.audit import audit_problems
    from gaoxin.core.models import AuditEvent

    print("\nChecks")
    ours, floor = results.get("ours"), results.get("floor")
    if ours and floor:
        print(f"  rows changed per table over {ours.cases} cases (ours vs floor):")
        for table in CASE_TABLES:
            a, b = ours.rows_changed[table], floor.rows_changed[table]
            print(f"    {table:<28} {a:>7} {b:>7}  {'same' if a == b else 'DIFFERENT'}")
        kept = "same" if ours.wallet_kept == floor.wallet_kept else "DIFFERENT"
        print(f"    {'wallet documents kept':<28} {ours.wallet_kept:>7} {floor.wallet_kept:>7}  {kept}")
        files = "same" if ours.files_written == floor.files_written else "DIFFERENT"
        print(f"    {'files under MEDIA_ROOT':<28} {ours.files_written:>7} {floor.files_written:>7}  {files}")
        differences = case_differences(ours.last_case, floor.last_case)
        print(
            f"  the last case of each ({ours.last_case} vs {floor.last_case}), every row and column it wrote, ids, "
            f"times, numbers, hashes, file names, USCC and signatures aside: {len(differences)} differences"
        )
        for difference in differences[:10]:
            print(f"    {difference[:200]}")
    with_rows = results.get("spiff+")
    if with_rows and floor:
        same = (
            all(
                with_rows.rows_changed[table] * floor.cases == floor.rows_changed[table] * with_rows.cases
                for table in CASE_TABLES
            )
            and with_rows.files_written * floor.cases == floor.files_written * with_rows.cases
        )
        print(f"  spiff+ wrote the floor's rows and files per case in every table: {'yes' if same else 'NO'}")
    for name in ("spiff", "spiff+"):
        if name in results:
            workflows = results[name].rows_changed[SpiffWay.TABLE]
            print(f"  {name}: {workflows} workflow rows, all run to their end event")
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, COUNT(*) FROM cases_case GROUP BY status ORDER BY status")
        print("  cases by status: " + ", ".join(f"{status} {n}" for status, n in cursor.fetchall()))
    problems = list(audit_problems())
    print(f"  audit chains (audit_problems over ours and floor): {len(problems)} problems")
    for problem in problems[:5]:
        print(f"    {problem}")
    licenses = list(License.objects.all())
    states = Counter(license_check(license).state for license in licenses)
    print("  licenses (license_check: signature, payload, audit): " + ", ".join(f"{n} {s}" for s, n in states.items()))
    entries = Counter(len(license.integrated) for license in licenses)
    events = Counter(AuditEvent.objects.filter(subject_type="license").values_list("action", flat=True))
    print(
        "  licenses by integrated certificates: "
        + ", ".join(f"{n} with {k}" for k, n in sorted(entries.items()))
        + "; license events: "
        + ", ".join(f"{action} {n}" for action, n in sorted(events.items()))
    )
    approved = Task.objects.filter(status="approved").values_list("result", flat=True)
    results = Counter(bool(result) for result in approved)
    print(f"  approved tasks with a result: {results[True]} of {results.total()}")


# Columns whose values differ between any two cases by nature (ids, times, numbers, hashes, random names and codes,
# what is signed over them), and the floor's trivial deadlines: compared only as set or NULL.
VOLATILE_COLUMNS = {
    "id",
    "number",
    "case_id",
    "case_material_id",
    "source_case_id",
    "enterprise_id",
    "subject_id",
    "created_at",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "deadline",
    "uploaded_at",
    "file",
    "at",
    "hash",
    "prev_hash",
    "mac",
    "uscc",
    "issued_at",
    "signature",
    "task_id",
    "sequence",
    "ses_signature_value",
    "ses_property_info",
}
VOLATILE_DATA_KEYS = {"task", "number", "uscc", "case", "document"}  # in an audit event's data
# In a task's result and its task_approve event's data["result"]: what the registration step's license adds.
VOLATILE_RESULT_KEYS = {"license_id", "license_number", "uscc"}
# In a license's or a document's signed payload (a document's text names its case and number, its tables the
# license's number and USCC).
VOLATILE_PAYLOAD_KEYS = {"id", "number", "case_id", "uscc", "issued_at", "case_number", "body", "table"}


def case_differences(ours_number: str, floor_number: str) -> list[str]:
    ours, floor = case_rows(ours_number), case_rows(floor_number)
    differences = []
    for table in ours.keys() | floor.keys():
        a_rows, b_rows = ours.get(table, []), floor.get(table, [])
        if len(a_rows) != len(b_rows):
            differences.append(f"{table}: {len(a_rows)} rows vs {len(b_rows)}")
            continue
        for n, (a, b) in enumerate(zip(a_rows, b_rows, strict=True)):
            differences += [
                f"{table} row {n + 1} {column}: {a[column]!r} vs {b.get(column, '(none)')!r}"
                for column in a
                if a[column] != b.get(column, "(none)")
            ]
    return differences


def case_rows(number: str) -> dict[str, list[dict]]:
    """Every row one case wrote, in a stable order, with its volatile values masked (set or NULL only)."""
    from gaoxin.cases.models import Case, CaseMaterial, ClockPause, MaterialFile, Task
    from gaoxin.certificates.models import License
    from gaoxin.core.models import AuditEvent, AuditHead
    from gaoxin.documents.models import Document
    from gaoxin.economy.models import Enterprise

    case = Case.objects.get(number=number)
    enterprises = list(Enterprise.objects.filter(source_case=case).values())
    licenses = list(License.objects.filter(case=case).values())
    documents = list(Document.objects.filter(case=case).order_by("kind", "task__department_id").values())
    subjects = [("case", str(case.pk))]
    subjects += [("enterprise", str(e["id"])) for e in enterprises] + [("license", str(lc["id"])) for lc in licenses]
    rows = {
        "cases_case": list(Case.objects.filter(pk=case.pk).values()),
        "cases_case_chosen_steps": list(case.chosen_steps.values("id")),
        "cases_casematerial": list(CaseMaterial.objects.filter(case=case).order_by("material_id").values()),
        "cases_materialfile": list(
            MaterialFile.objects.filter(case_material__case=case).order_by("case_material__material_id").values()
        ),
        "cases_task": list(Task.objects.filter(case=case).order_by("stage", "department_id").values()),
        "cases_clockpause": list(ClockPause.objects.filter(case=case).values()),
        "economy_enterprise": enterprises,
        "certificates_license": licenses,
        "documents_document": documents,
    }
    for subject_type, subject_id in subjects:
        chain = AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("seq")
        rows[f"core_auditevent ({subject_type})"] = list(chain.values())
        head = AuditHead.objects.filter(subject_type=subject_type, subject_id=subject_id)
        rows[f"core_audithead ({subject_type})"] = list(head.values())
    return {table: [masked(row) for row in table_rows] for table, table_rows in rows.items()}


def masked(row: dict) -> dict:
    row = {
        column: ("set" if value is not None else None) if column in VOLATILE_COLUMNS else value
        for column, value in row.items()
    }
    if row.get("action") == "document_issue":
        row["reason"] = "set"  # the document's title and number
    if isinstance(row.get("result"), dict):
        row["result"] = masked_result(row["result"])
    if isinstance(row.get("data"), dict):
        row["data"] = {k: "set" if k in VOLATILE_DATA_KEYS else v for k, v in row["data"].items()}
        if isinstance(row["data"].get("result"), dict):
            row["data"]["result"] = masked_result(row["data"]["result"])
    if isinstance(row.get("payload"), str):
        row["payload"] = {k: "set" if k in VOLATILE_PAYLOAD_KEYS else v for k, v in json.loads(row["payload"]).items()}
    return row


def masked_result(result: dict) -> dict:
    return {k: "set" if k in VOLATILE_RESULT_KEYS else v for k, v in result.items()}


# === reporting =====================================================================================================


def print_way_table(ways: dict[str, dict]) -> None:
    columns = f"{'cases':>6} {'steps':>6} {'seconds':>8} {'cases/s':>8} {'steps/s':>8} {'SQL/step':>9} {'in DB':>6}"
    print(f"  {'way':<6} {columns} {'peak MB':>8}")
    for name, r in ways.items():
        print(
            f"  {name:<6} {r['cases']:>6} {r['steps']:>6} {r['seconds']:>8.2f} {r['cases_per_s']:>8.1f} "
            f"{r['steps_per_s']:>8.0f} {r['queries_per_step']:>9.1f} {r['db_share']:>6.0%} {r['peak_mb']:>8.2f}"
        )
    print(
        "  (seconds: inside the steps only. SQL/step, in DB (share of step time inside cursor.execute and COMMIT)\n"
        "   and peak MB (tracemalloc peak above the start) come from separate short runs; see bench/README.md)"
    )


def print_targets(ways: dict[str, dict]) -> None:
    if "ours" not in ways:
        return
    ours = ways["ours"]["cases_per_s"]
    for other, target in (("floor", TARGET_OVER_FLOOR), ("spiff", TARGET_OVER_SPIFF), ("spiff+", TARGET_OVER_SPIFF)):
        if other in ways:
            ratio = ours / ways[other]["cases_per_s"]
            verdict = "PASS" if ratio >= target else "FAIL"
            print(f"  ours/{other} {ratio:.2f}  (target ≥ {target:g}: {verdict})")


def print_step_breakdown(results: dict[str, WayResult]) -> None:
    """Where each way spends its time, per step kind: ms per step, share of the way's time, SQL statements per step,
    share of the step's time inside the database."""
    print("\nPer step kind: ms/step, share of the way's time, SQL statements/step, share of step time in the DB")
    header = f"  {'step':<8} {'n/case':>6}"
    for name in results:
        header += f"  {name + ' ms':>9} {'share':>6} {'SQL':>5} {'DB':>4}"
    print(header)
    for kind in STEP_KINDS:
        any_result = next(iter(results.values()))
        line = f"  {kind:<8} {any_result.timed.steps[kind] / any_result.cases:>6.0f}"
        for r in results.values():
            steps = r.timed.steps[kind]
            ms = 1000 * r.timed.seconds[kind] / max(steps, 1)
            share = r.timed.seconds[kind] / r.seconds
            queries = r.counted.queries[kind] / max(r.counted.steps[kind], 1)
            in_db = r.counted.db_seconds[kind] / max(r.counted.seconds[kind], 1e-9)
            line += f"  {ms:>9.2f} {share:>6.0%} {queries:>5.1f} {in_db:>4.0%}"
        print(line)


def show_sql_of_one_case(ours: OursWay) -> None:
    """Every statement of one case of ours, grouped by step, to see what each action asks the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    class Recorder(StepMeter):
        def __init__(self):
            super().__init__()
            self.log: list[tuple[str, str]] = []

        def count_query(self, execute, sql, params, many, context):
            if self._kind is not None:
                self.log.append((self._kind, sql))
            return execute(sql, params, many, context)

    recorder = Recorder()
    with CaptureQueriesContext(connection), connection.execute_wrapper(recorder.count_query):
        ours.run_case(10**6, recorder)
    print("\nSQL of one case of ours (COMMIT is never shown; BEGIN only on SQLite, where it goes through the cursor)")
    for kind, sql in recorder.log:
        print(f"  {kind:<8} {' '.join(sql.split())[:150]}")


# === profiling =====================================================================================================


class ProfilingMeter(StepMeter):
    """Profiles only inside the steps (of one kind, if given), so the bench's own look-ups between steps stay out of
    the profile."""

    def __init__(self, profiler: cProfile.Profile, kind: str | None = None):
        super().__init__()
        self.profiler = profiler
        self.kind = kind

    @contextmanager
    def step(self, kind: str):
        with super().step(kind):
            if self.kind not in (None, kind):
                yield
                return
            self.profiler.enable()
            try:
                yield
            finally:
                self.profiler.disable()


def profile_ours(fx: Fixture, args: argparse.Namespace) -> None:
    way = OursWay(fx)
    run_cases(way, 0, args.warmup, StepMeter())
    profiler = cProfile.Profile()
    meter = ProfilingMeter(profiler, args.profile_step)
    run_cases(way, args.warmup, args.profile, meter)
    stats = pstats.Stats(profiler)
    kind = args.profile_step
    per, unit = (meter.steps[kind], "step") if kind else (args.profile, "case")
    seconds = meter.seconds[kind] if kind else meter.total_seconds
    what = f"the {per} {kind} steps" if kind else "the steps"
    print(
        f"\ncProfile over {what} of {args.profile} cases of ours ({1000 * seconds / per:.2f} ms per {unit}, profiled)"
    )
    print_top(stats, "cumulative", 25, per, unit)
    print_top(stats, "tottime", 20, per, unit)
    print_top(stats, "cumulative", 25, per, unit, only="gaoxin/")


def print_top(stats: pstats.Stats, key: str, limit: int, per: int, unit: str, only: str = "") -> None:
    """The top functions, with paths shortened to the package so gaoxin, Django and the drivers stand apart."""
    ranking = "cumulative" if key == "cumulative" else "own"
    title = f"Top {limit} {only + ' ' if only else ''}functions by {ranking} time"
    print(f"\n{title} (per {unit})")
    print(f"  {'calls':>7} {'own ms':>8} {'cum. ms':>8}  function")
    index = 3 if key == "cumulative" else 2
    rows = sorted(stats.stats.items(), key=lambda item: item[1][index], reverse=True)
    shown = 0
    for (filename, line, function), (_, ncalls, tottime, cumtime, _) in rows:
        where = short_path(filename)
        if function in {"disable", "step"} or (only and not where.startswith(only)):
            continue  # the profiler's and the meter's own frames are not where the time goes
        print(
            f"  {ncalls / per:>7.1f} {1000 * tottime / per:>8.2f} {1000 * cumtime / per:>8.2f}"
            f"  {where}:{line}({function})"
        )
        shown += 1
        if shown == limit:
            break


def short_path(filename: str) -> str:
    for marker in ("site-packages/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    try:
        return str(Path(filename).resolve().relative_to(ROOT))
    except ValueError:
        return filename


if __name__ == "__main__":
    main()
