#!/usr/bin/env python
"""Do the demands' figures (三率) and the office's dispatch board stay fast with 100,000 demands? Measured per backend.

Each backend gets a fresh database (SQLite: a temp file; PostgreSQL: gaoxin_demands_bench_<pid> on the server of
DATABASE_URL, dropped afterwards), migrated, with the demo catalog and accounts (the departments that are the units)
and the nine categories, then N demands raised over the last 365 days, bulk-created (no audit events: the figures and
the board read the demands table only). Most are closed, a few hundred open and late, a share reopened, as a zone's
ledger looks. Then `demands.selectors.figures` for the last full month and for the last twelve months, the dispatch
board (`demands.selectors.board`) and the ledger's export of the month are timed cold (a new connection) and warm
(median of --runs), with their queries.

    .venv/bin/python bench/demands_bench.py [--demands N] [--runs R] [--explain] [--sqlite-only]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/demands_bench.py

See bench/README.md for the figures, docs/decisions/0031-demands-figures.md for what they count.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cockpit_bench import analyze, describe_database, load, run_backends, timed  # noqa: E402

SEED = 31
TARGET_MS = 500  # the figures of a year, warm: "well under a second", as a page that a leader opens
BATCH = 5000


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demands", type=int, default=100_000, help="demands to generate (default 100,000)")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per measurement; the median is shown (5)")
    parser.add_argument("--explain", action="store_true", help="also print the query plan of each figures query")
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
    run_backends(args, "demands", ["--demands", str(args.demands)], f"{args.demands:,} demands", print_result, __file__)


# === the subprocess: one backend ===================================================================================


def run_backend(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.backend_url
    import django

    django.setup()
    from django.db import connection

    result = {"demands_asked": args.demands, "runs": args.runs, "vendor": describe_database()}
    print(f"database: {result['vendor']}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {load()}", flush=True)
    started = time.perf_counter()
    prepare_database()
    result["demo_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    result["counts"] = write_demands(args.demands)
    result["load_seconds"] = time.perf_counter() - started
    print(f"wrote {result['counts']['demands']:,} demands in {result['load_seconds']:.1f} s", flush=True)
    analyze(["demands_demand"])
    result["measurements"] = measure(args.runs)
    result["figures"] = headline()
    if args.explain:
        explain()
    result["load_average"] = load()
    print_result({"backend": connection.vendor, **result})
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, default=str))


def prepare_database() -> None:
    from django.core.management import call_command

    from gaoxin.accounts.demo import load_demo_accounts
    from gaoxin.accounts.models import Department
    from gaoxin.catalog.demo import load_demo_catalog
    from gaoxin.demands.defaults import categories_load
    from gaoxin.demands.models import Category

    call_command("migrate", verbosity=0)
    load_demo_catalog()
    load_demo_accounts()
    categories_load(Category, Department)


def write_demands(n: int) -> dict:
    """n demands over the last 365 days, in batches of BATCH, each in the state its age makes likely."""
    from django.db import transaction
    from django.utils import timezone

    from gaoxin.accounts.models import Department, User
    from gaoxin.demands.models import Category, Channel, Demand

    rng = random.Random(SEED)
    now = timezone.now()
    office = User.objects.get(username="office")
    units = list(Department.objects.order_by("code"))
    categories = list(Category.objects.order_by("sort_order"))
    channels = [c.value for c in Channel]
    ages = sorted((rng.uniform(0, 365) for _ in range(n)), reverse=True)
    batch = []
    for number, age in enumerate(ages, start=1):
        batch.append(one_demand(rng, number, now - timedelta(days=age), now, office, units, categories, channels))
        if len(batch) == BATCH:
            with transaction.atomic():
                Demand.objects.bulk_create(batch)
            batch = []
    with transaction.atomic():
        Demand.objects.bulk_create(batch)
    open_statuses = ("new", "assigned", "accepted", "in_progress")
    return {"demands": Demand.objects.count(), "open": Demand.objects.filter(status__in=open_statuses).count()}


def one_demand(rng, number, raised, now, office, units, categories, channels):
    """A demand raised at `raised`, taken as far along the loop as its age allows. Due dates count calendar days
    (1, 3, 7 and, after a reopening, 5) instead of working days: the figures compare them, they do not compute them."""
    from gaoxin.demands.models import Demand

    day = timedelta(days=1)
    hours = timedelta(hours=1)
    demand = Demand(
        number=f"SQ{raised.year}{number:07d}",
        channel=rng.choice(channels),
        category=rng.choice(categories),
        title="招工难",
        text="急需熟练焊工二十名，请协助对接人力资源市场。",
        contact_name="陈志远",
        contact_phone="13800000051",
        raised_by=office,
        raised_at=raised,
        assign_due=raised + day,
    )
    age = (now - raised) / day
    roll = rng.random()
    if age < 1 or roll < 0.004:  # waiting for the office; a few forgotten
        return demand
    demand.unit = rng.choice(units)
    demand.assigned_at = raised + rng.uniform(1, 30) * hours
    demand.accept_due, demand.respond_due = demand.assigned_at + day, demand.assigned_at + 3 * day
    demand.solve_from, demand.solve_due = demand.assigned_at, demand.assigned_at + 7 * day
    demand.status = "assigned"
    if age < 2 or roll < 0.006:
        return demand
    demand.accepted_at, demand.status = demand.assigned_at + rng.uniform(1, 20) * hours, "accepted"
    demand.responded_at = demand.assigned_at + rng.uniform(4, 90) * hours
    demand.status = "in_progress"
    if age < 8 or roll < 0.012:  # in the loop; a few stuck past their limit
        return demand
    if roll < 0.06:  # not satisfied once: reopened, then answered again
        demand.reopen_count = 1
        demand.solve_from = demand.assigned_at + 6 * day
        demand.solve_due = demand.solve_from + 5 * day
        if roll < 0.016:
            demand.satisfaction = "not_satisfied"
            return demand
    demand.result = rng.choice(["solved"] * 17 + ["partly", "explained", "long_term"])
    demand.reply, demand.replied_at = "已协调解决。", demand.solve_from + rng.uniform(1, 8) * day
    demand.status = "replied"
    if roll > 0.97:
        return demand
    if demand.result == "explained":
        demand.closed_at, demand.status = demand.replied_at + day, "closed"
        return demand
    demand.satisfaction = rng.choice(["satisfied"] * 8 + ["basically"] * 2)
    demand.confirmed_at, demand.status = demand.replied_at + day, "confirmed"
    if roll < 0.9:
        demand.closed_at, demand.status = demand.confirmed_at + hours, "closed"
    return demand


# --- measuring ----------------------------------------------------------------------------------------------------


def periods():
    from django.utils import timezone

    from gaoxin.demands.selectors import Period

    today = timezone.localdate()
    last_month = Period.month_of(today.replace(day=1) - timedelta(days=1))
    return last_month, Period(today - timedelta(days=364), today)


def targets():
    from django.utils import timezone

    from gaoxin.accounts.models import User
    from gaoxin.demands import ledger, selectors

    office = User.objects.get(username="office")
    month, year = periods()

    def figures(period):
        return lambda: selectors.figures(office, date_from=period.date_from, date_to=period.date_to)

    return [
        (f"figures, a month ({month.date_from:%Y-%m})", figures(month)),
        (f"figures, a year ({year.date_from} to {year.date_to})", figures(year)),
        ("dispatch board (selectors.board)", lambda: selectors.board(office, timezone.now())),
        ("ledger.xlsx of the month", lambda: ledger.workbook(office, month)),
    ]


def measure(runs: int) -> list[dict]:
    from django.db import connection

    out = []
    for name, call in targets():
        call()  # once, untimed: the process's own first-call costs
        connection.close()
        cold, queries = timed(call)
        warm = [timed(call)[0] for _ in range(runs)]
        row = {"what": name, "queries": queries, "cold_ms": cold, "warm_ms": statistics.median(warm)}
        row.update(min_ms=min(warm), max_ms=max(warm))
        out.append(row)
        print(f"  {name:<48} {queries:>3} queries  cold {cold:8.1f} ms  warm {row['warm_ms']:8.1f} ms", flush=True)
    return out


def headline() -> dict:
    from gaoxin.accounts.models import User
    from gaoxin.demands import selectors

    office = User.objects.get(username="office")
    month, year = periods()
    out = {}
    for label, period in (("month", month), ("year", year)):
        found = selectors.figures(office, date_from=period.date_from, date_to=period.date_to)
        out[label] = {"bulletin": found["bulletin"], "units": len(found["units"])}
    return out


def explain() -> None:
    from django.db import connection
    from django.utils import timezone

    from gaoxin.accounts.models import User
    from gaoxin.demands import selectors

    office = User.objects.get(username="office")
    captured = []

    def wrapper(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    _month, year = periods()
    with connection.execute_wrapper(wrapper):
        selectors.figures(office, date_from=year.date_from, date_to=year.date_to)
        selectors.board(office, timezone.now())
    prefix = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for n, (sql, params) in enumerate(captured, start=1):
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix} {sql}", params)
            plan = [" | ".join(str(c) for c in row) for row in cursor.fetchall()]
        print(f"\n  [{n}] {sql[:100]}…\n      " + "\n      ".join(plan))


# --- printing -----------------------------------------------------------------------------------------------------


def print_result(r: dict) -> None:
    c = r["counts"]
    print(
        f"\n{r['backend']} — {r['vendor']}: {c['demands']:,} demands ({c['open']:,} open), written in "
        f"{r['load_seconds']:.0f} s; migrate + demo {r['demo_seconds']:.0f} s; {r.get('load_average', '')}"
    )
    print(f"  {'what':<48}{'queries':>8}{'cold ms':>10}{'warm ms':>10}{'min':>8}{'max':>8}")
    for m in r["measurements"]:
        print(
            f"  {m['what']:<48}{m['queries']:>8}{m['cold_ms']:>10.1f}{m['warm_ms']:>10.1f}"
            f"{m['min_ms']:>8.1f}{m['max_ms']:>8.1f}"
        )
    year = next(m for m in r["measurements"] if m["what"].startswith("figures, a year"))
    verdict = "PASS" if year["warm_ms"] < TARGET_MS else "FAIL"
    print(f"  target: the figures of a year under {TARGET_MS} ms warm: {verdict}")
    for label, f in r["figures"].items():
        print(f"  {label}: {f['bulletin']} ({f['units']} units ranked)")


if __name__ == "__main__":
    main()
