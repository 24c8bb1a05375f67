#!/usr/bin/env python
"""make load: the load scenario of bench/load/locustfile.py against gunicorn + PostgreSQL, end to end.

A fresh database (LOAD_DATABASE, default gaoxin_load, dropped and created on LOAD_SERVER, default the shared
postgres://postgres@127.0.0.1:5432), migrate, demo_load, gunicorn (LOAD_WORKERS, default 3) with DEBUG=0 and the
production settings, then locust headless for LOAD_SECONDS (default 60) with LOAD_USERS users (default 20: the clerk,
the five approvers and applicants). Prints throughput and p50/p95/p99 per endpoint; exits 1 on any error.
Locust's CSV files and log and the server's log stay in var/load/.
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import BIN, ROOT, Gunicorn, free_port, prepare_database, production_env, recreate_database

OUT = ROOT / "var" / "load"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
FIXED_USERS = 6  # the clerk and the five approvers


def setting(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def run_locust(base_url: str, users: int, seconds: int) -> int:
    command = [
        BIN / "locust", "-f", LOCUSTFILE, "--headless", "--host", base_url, "--users", str(users),
        "--spawn-rate", str(max(1, users // 4)), "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--csv", OUT / "load", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    with open(OUT / "locust.log", "w") as log:
        return subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode


def report(seconds: int) -> int:
    """Prints the table from locust's CSV; returns the number of failed requests."""
    with open(OUT / "load_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(f"\n{'endpoint':<42} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        name = row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"{name:<42} {row['Request Count']:>8} {row['Failure Count']:>6} {float(row['Requests/s']):>7.1f}"
            f" {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = rows[-1]
    print(f"\nthroughput {float(total['Requests/s']):.1f} requests/s over {seconds} s, errors {total['Failure Count']}")
    with open(OUT / "load_failures.csv", newline="") as failures:
        for row in csv.DictReader(failures):
            print(f"  {row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}")
    with open(OUT / "load_exceptions.csv", newline="") as exceptions:
        for row in csv.DictReader(exceptions):
            print(f"  {row['Count']}× exception in the scenario: {row['Message']}\n{row['Traceback']}")
    return int(total["Failure Count"])


def cases_by_status(database_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return dict(connection.execute("SELECT status, count(*) FROM cases_case GROUP BY status ORDER BY 1").fetchall())


def main() -> int:
    seconds, users = setting("LOAD_SECONDS", 60), setting("LOAD_USERS", 20)
    if users <= FIXED_USERS:
        sys.exit(f"LOAD_USERS must be above {FIXED_USERS} (the clerk and five approvers) to leave room for applicants")
    OUT.mkdir(parents=True, exist_ok=True)
    server_url = os.environ.get("LOAD_SERVER", "postgres://postgres@127.0.0.1:5432")
    database_url = recreate_database(server_url, os.environ.get("LOAD_DATABASE", "gaoxin_load"))
    with tempfile.TemporaryDirectory(prefix="gaoxin-load-media-") as media:
        env = production_env(database_url, Path(media))
        print(f"database {database_url}: migrate, demo_load", flush=True)
        prepare_database(env)
        log = OUT / "gunicorn.log"
        log.write_text("")
        server = Gunicorn(env, free_port(), setting("LOAD_WORKERS", 3), log)
        try:
            server.start()
            print(f"gunicorn {server.workers} workers on {server.base_url}; locust {users} users for {seconds} s")
            locust_status = run_locust(server.base_url, users, seconds)
        finally:
            server.stop()
        failures = report(seconds)
    print(f"cases by status at the end: {cases_by_status(database_url)}")
    if failures or locust_status:
        print(f"FAILED: {failures} failed requests, locust exit status {locust_status}; server log: {log}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
