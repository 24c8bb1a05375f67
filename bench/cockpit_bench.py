#!/usr/bin/env python
"""Does the leaders' cockpit stay fast with a year of a city's cases? One million cases, measured per backend.

Each backend gets a fresh database (SQLite: a temp file; PostgreSQL: gaoxin_cockpit_bench_<pid> on the server of
DATABASE_URL, dropped afterwards), migrated, with the demo data (catalog, accounts, key projects, economy) and then
N cases spread over the last year with their tasks and ratings, bulk-written (bench/cockpit_data.py: COPY on
PostgreSQL, executemany in large transactions on SQLite; no audit events for the bulk rows). Then the cockpit's
selectors, its API and its page are timed cold (a new database connection, as every request gets with the default
CONN_MAX_AGE=0) and warm (the median of --runs calls on one connection), with the number of queries of each.

    .venv/bin/python bench/cockpit_bench.py [--cases N] [--runs R] [--explain] [--sqlite-only]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/cockpit_bench.py

See bench/README.md for what the figures mean, and docs/decisions/0008-cockpit.md for the indexes they rely on.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
TARGET_MS = 1000  # the page's queries, warm, at a million cases: "well under a second"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to generate (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per measurement; the median is shown (5)")
    parser.add_argument("--explain", action="store_true", help="also print the query plan of each services query")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even if DATABASE_URL points to it")
    parser.add_argument("--backend-url", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    if args.backend_url:
        run_backend(args)
    else:
        run_every_backend(args)


# === the parent: one subprocess per backend ========================================================================


def run_every_backend(args: argparse.Namespace) -> None:
    run_backends(args, "cockpit", ["--cases", str(args.cases)], f"{args.cases:,} cases", print_result, __file__)


def run_backends(args, name: str, size: list[str], measured: str, print_result: Callable, script: str) -> None:
    """The benchmark `script` in one subprocess per backend: SQLite always, PostgreSQL when DATABASE_URL points at a
    server (a fresh database next to it); each result printed, exit 1 if one failed. The demands' bench runs here
    too."""
    started = time.perf_counter()
    results = []
    with temp_dir(f"gaoxin-{name}-sqlite-") as tmp:
        results.append(run_subprocess(args, "SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, size, script))
    server_url = os.environ.get("DATABASE_URL", "")
    if urlparse(server_url).scheme in POSTGRES_SCHEMES and not args.sqlite_only:
        with fresh_postgres_database(server_url, f"gaoxin_{name}_bench") as url, temp_dir(f"gaoxin-{name}-pg-") as tmp:
            results.append(run_subprocess(args, "PostgreSQL", url, tmp, size, script))
    elif not args.sqlite_only:
        print("\n(DATABASE_URL does not point at PostgreSQL: only SQLite was measured.)")
    done = [r for r in results if r]
    if done:
        whole = time.perf_counter() - started
        print(f"\n{'=' * 100}\nSummary ({measured}; whole run {whole:.0f} s)\n{'=' * 100}")
        for result in done:
            print_result(result)
    if len(done) != len(results):
        sys.exit(1)


@contextmanager
def temp_dir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def fresh_postgres_database(server_url: str, prefix: str = "gaoxin_cockpit_bench") -> Iterator[str]:
    """A database of our own on the server of DATABASE_URL, dropped afterwards even if the run fails."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_subprocess(
    args: argparse.Namespace, label: str, url: str, tmp: Path, size: list[str], script: str
) -> dict | None:
    from production import production_secrets, without_password

    print(f"\n{'=' * 100}\n{label}: {without_password(url)}\n{'=' * 100}", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp / "media"),
        "GAOXIN_VAR_DIR": str(tmp),
        **production_secrets(),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "gaoxin.settings",
    }
    out = tmp / "result.json"
    command = [sys.executable, script, "--backend-url", url, "--json-out", str(out)]
    command += [*size, "--runs", str(args.runs)] + (["--explain"] if args.explain else [])
    completed = subprocess.run(command, env=env, cwd=ROOT)
    if completed.returncode != 0 or not out.exists():
        print(f"{label}: the benchmark subprocess failed (exit {completed.returncode}).")
        return None
    return {"backend": label, **json.loads(out.read_text())}


# === the subprocess: one backend ===================================================================================


def run_backend(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.backend_url
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    result = {"cases_asked": args.cases, "runs": args.runs, "vendor": describe_database()}
    print(f"database: {result['vendor']}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {load()}", flush=True)

    started = time.perf_counter()
    prepare_database()
    result["demo_seconds"] = time.perf_counter() - started
    print(f"migrate + demo data: {result['demo_seconds']:.1f} s", flush=True)

    import cockpit_data

    now = timezone.now()
    last = [time.perf_counter()]

    def progress(counts):
        if time.perf_counter() - last[0] > 15:
            last[0] = time.perf_counter()
            print(f"  … {counts.cases:,} cases written", flush=True)

    counts, seconds, writing = cockpit_data.load(args.cases, now=now, progress=progress)
    result.update(
        cases=counts.cases,
        tasks=counts.tasks,
        ratings=counts.ratings,
        open_cases=counts.open_cases,
        load_seconds=seconds,
        write_seconds=writing,
    )
    print(
        f"generated and wrote {counts.cases:,} cases, {counts.tasks:,} tasks, {counts.ratings:,} ratings in "
        f"{seconds:.1f} s ({writing:.1f} s of it writing)",
        flush=True,
    )
    started = time.perf_counter()
    analyze()
    result["analyze_seconds"] = time.perf_counter() - started
    print(f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'}: {result['analyze_seconds']:.1f} s")

    result["measurements"] = measure(args.runs)
    result["service_queries"] = service_queries(args.runs)
    result["figures"] = figures()
    if args.explain:
        explain()
    result["load_average"] = load()
    print_result({"backend": connection.vendor, **result})
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, default=str))


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"SQLite {connection.Database.sqlite_version}"


def load() -> str:
    try:
        return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return ""


def prepare_database() -> None:
    from django.core.management import call_command

    from gaoxin.accounts.demo import load_demo_accounts
    from gaoxin.catalog.demo import load_demo_catalog
    from gaoxin.economy.demo_economy import load_demo_economy
    from gaoxin.projects.demo import load_demo_projects

    call_command("migrate", verbosity=0)
    load_demo_catalog()
    load_demo_accounts()
    load_demo_projects()
    load_demo_economy()


def analyze(tables=("cases_case", "cases_task", "ratings_rating")) -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or a nightly ANALYZE (SQLite) keeps them in production.
    VACUUM also sets PostgreSQL's visibility map, which index-only scans need."""
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'VACUUM ANALYZE "{table}"')
        connection.set_autocommit(autocommit)
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- measuring ----------------------------------------------------------------------------------------------------


def targets() -> list[tuple[str, Callable[[], object]]]:
    from django.test import Client
    from django.utils import timezone

    from gaoxin.accounts.models import User
    from gaoxin.cockpit import selectors

    leader = User.objects.get(username="leader")
    client = Client()
    client.force_login(leader)

    def get(path):
        def call():
            response = client.get(path, secure=True)  # secure: DEBUG=0 turns on the HTTPS redirect
            assert response.status_code == 200, (path, response.status_code)
            return response

        return call

    return [
        ("services selectors (1M-row tables)", lambda: selectors.services(now=timezone.now())),
        ("projects selectors", lambda: selectors.projects(leader, now=timezone.now())),
        ("economy selectors", lambda: selectors.economy(leader)),
        ("summary (all three)", lambda: selectors.summary(leader)),
        ("GET /api/cockpit/summary", get("/api/cockpit/summary")),
        ("GET /cockpit/ (whole page)", get("/cockpit/")),
        ("GET /cockpit/tiles/ (60 s poll)", get("/cockpit/tiles/")),
    ]


def timed(call: Callable[[], object]) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, len(queries.captured_queries)


def measure(runs: int) -> list[dict]:
    from django.db import connection

    out = []
    for name, call in targets():
        call()  # once, untimed: the process's own first-call costs (imports, URL and schema set-up, templates)
        connection.close()  # cold: a new connection, as each request gets with CONN_MAX_AGE=0
        cold, queries = timed(call)
        warm = [timed(call)[0] for _ in range(runs)]
        row = {"what": name, "queries": queries, "cold_ms": cold, "warm_ms": statistics.median(warm)}
        row.update(min_ms=min(warm), max_ms=max(warm))
        out.append(row)
        print(f"  {name:<36} {queries:>3} queries  cold {cold:8.1f} ms  warm {row['warm_ms']:8.1f} ms", flush=True)
    return out


SERVICE_QUERY_NAMES = [
    "cases today (submitted_at)",
    "open cases per status, overdue (status, deadline)",
    "decided in 30 days, on time (status, decided_at, deadline)",
    "ratings: count, satisfied, sum of levels",
    "open rectifications",
    "open and overdue tasks per department (status, department, deadline)",
    "department names",
]


def service_queries(runs: int) -> list[dict]:
    """Each query of the services selector, run on its own with its rows fetched (SQLite computes part of a result
    only when it is fetched), warm, median of runs: where the time goes at a million."""
    from django.db import connection

    out = []
    for n, (sql, params) in enumerate(captured_service_queries()):
        samples = []
        for _ in range(runs):
            with connection.cursor() as cursor:
                start = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                samples.append((time.perf_counter() - start) * 1000)
        name = SERVICE_QUERY_NAMES[n] if n < len(SERVICE_QUERY_NAMES) else sql[:60]
        out.append({"query": name, "warm_ms": statistics.median(samples)})
    return out


def captured_service_queries() -> list[tuple[str, tuple]]:
    """The SQL and parameters of the services selector's queries, in order."""
    from django.db import connection
    from django.utils import timezone

    from gaoxin.cockpit import selectors

    captured = []

    def wrapper(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        selectors.services(now=timezone.now())
    return captured


def figures() -> dict:
    from django.utils import timezone

    from gaoxin.cockpit import selectors

    s = selectors.services(now=timezone.now())
    return {
        "cases_today": s["cases_today"],
        "in_progress": s["in_progress"],
        "overdue": s["overdue"],
        "on_time_rate": str(s["on_time_rate"]),
        "on_time_counts": f"{s['on_time_in_window']} / ({s['decided_in_window']} + {s['open_overdue']})",
        "satisfaction": str(s["satisfaction"]),
        "departments_with_open_tasks": len(s["overdue_by_department"]),
    }


def explain() -> None:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    print("\nQuery plans of the services queries:")
    for n, (sql, params) in enumerate(captured_service_queries()):
        name = SERVICE_QUERY_NAMES[n] if n < len(SERVICE_QUERY_NAMES) else ""
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix} {sql}", params)
            plan = [" | ".join(str(c) for c in row) for row in cursor.fetchall()]
        print(f"\n  [{n + 1}] {name}\n      " + "\n      ".join(plan))


# --- printing -----------------------------------------------------------------------------------------------------


def print_result(r: dict) -> None:
    print(
        f"\n{r['backend']} — {r['vendor']}: {r['cases']:,} cases ({r['open_cases']:,} open), {r['tasks']:,} tasks, "
        f"{r['ratings']:,} ratings; generated and written in {r['load_seconds']:.0f} s, "
        f"{'VACUUM ANALYZE' if 'PostgreSQL' in r['vendor'] else 'ANALYZE'} {r['analyze_seconds']:.0f} s; "
        f"migrate + demo {r['demo_seconds']:.0f} s; {r.get('load_average', '')}"
    )
    print(f"  {'what':<38}{'queries':>8}{'cold ms':>10}{'warm ms':>10}{'min':>8}{'max':>8}")
    for m in r["measurements"]:
        print(
            f"  {m['what']:<38}{m['queries']:>8}{m['cold_ms']:>10.1f}{m['warm_ms']:>10.1f}"
            f"{m['min_ms']:>8.1f}{m['max_ms']:>8.1f}"
        )
    page = next(m for m in r["measurements"] if m["what"].startswith("GET /cockpit/ "))
    verdict = "PASS" if page["warm_ms"] < TARGET_MS and page["cold_ms"] < TARGET_MS else "FAIL"
    print(f"  target: the whole page under {TARGET_MS} ms at this scale, cold and warm: {verdict}")
    print(f"  services queries one by one (warm, median of {r['runs']}):")
    for q in r["service_queries"]:
        print(f"    {q['query']:<70}{q['warm_ms']:>8.2f} ms")
    f = r["figures"]
    print(
        f"  figures: today {f['cases_today']:,}, in progress {f['in_progress']:,} (overdue {f['overdue']:,}), "
        f"on time {f['on_time_rate']} % = {f.get('on_time_counts', '?')}, satisfied {f['satisfaction']} %, "
        f"{f['departments_with_open_tasks']} departments with open tasks"
    )


if __name__ == "__main__":
    main()
