#!/usr/bin/env python
"""make faults: company set-up cases written under load while the server and the database are killed.

A private PostgreSQL cluster (initdb in a temp folder, FAULTS_PG_PORT or a free port near 55432, run as the `postgres`
account; the shared server is never touched), migrate, demo_load, gunicorn with 3 workers and the production settings.
WRITERS threads each take company set-up cases through their whole life over HTTP (create, upload, submit, accept,
five approvals), recording every write answered 2xx. During that load:

  1. kill -9 of one gunicorn worker (the master starts another);
  2. kill -9 of the whole server, master and workers, then a fresh start;
  3. pg_ctl stop -m immediate, a few seconds of probing (API reads and writes, a page: each must get a 503 within
     QUICK_SECONDS, JSON {detail, code: "unavailable", field: null} for the API), then PostgreSQL starts again.

Afterwards every write answered 2xx must be in the database, no case may be half-written (its tasks, stage, times,
audit events and license agree with its status), every stored file must be on disk with its checksum, and
audit_verify must be clean. Prints the figures; exits 1 on any failure. Cleans up the cluster and processes always.
"""

import hashlib
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
from scenario import APPLICANTS, DEPARTMENTS, MINIMAL_PDF, PASSWORD, approval, company_setup
from servers import (
    ROOT,
    Gunicorn,
    PrivateCluster,
    free_port,
    manage,
    prepare_database,
    production_env,
    recreate_database,
)

WRITERS = 6
WORKERS = 3
QUICK_SECONDS = 5.0
REQUEST_TIMEOUT = 20  # a request taking this long is a hang, counted as an error
# Seconds after the writers start at which each fault strikes, and how long PostgreSQL stays down.
KILL_WORKER_AT, KILL_SERVER_AT, STOP_DATABASE_AT, DATABASE_DOWN_SECONDS, LOAD_ENDS_AT = 8, 18, 30, 6, 48
COMPANY_SETUP = company_setup("洛阳故障演练科技有限公司")


@dataclass
class Figures:
    """Every request's outcome and every write answered 2xx, shared by the threads."""

    started: float = field(default_factory=time.monotonic)
    outcomes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    writes: list[dict] = field(default_factory=list)
    successes_at: list[float] = field(default_factory=list)
    unavailable_at: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, response: requests.Response | None, what: str, elapsed: float) -> None:
        now = time.monotonic()
        with self.lock:
            if response is None:
                self.outcomes["no answer (server down)"] += 1
            elif 200 <= response.status_code < 300:
                self.outcomes["2xx"] += 1
                self.successes_at.append(now)
            elif _is_unavailable(response):
                self.outcomes["503 unavailable"] += 1
                self.unavailable_at.append(now)
            else:
                self.outcomes["other errors"] += 1
                self.errors.append(f"{what} → {response.status_code} after {elapsed:.1f} s: {response.text[:300]}")

    def hung(self, what: str) -> None:
        with self.lock:
            self.outcomes["hung"] += 1
            self.errors.append(f"{what} hung for {REQUEST_TIMEOUT} s")

    def wrote(self, **write) -> None:
        with self.lock:
            self.writes.append(write)

    def first_after(self, moments: list[float], since: float) -> float | None:
        with self.lock:
            later = [t - since for t in moments if t >= since]
        return min(later) if later else None


def _is_unavailable(response: requests.Response) -> bool:
    """A 503 in JSON {detail, code: "unavailable", field: null}; a page asked for by a browser may be HTML."""
    if response.status_code != 503:
        return False
    kind = response.headers.get("Content-Type", "")
    if kind.startswith("application/json"):
        body = response.json()
        return bool(body.get("detail")) and body == {"detail": body["detail"], "code": "unavailable", "field": None}
    return kind.startswith("text/html") and not response.request.path_url.startswith("/api/")


def log_in(base_url: str, username: str) -> str:
    answer = requests.post(f"{base_url}/api/auth/token", json={"username": username, "password": PASSWORD}, timeout=60)
    answer.raise_for_status()
    return answer.json()["token"]


class Person:
    """One demo account over HTTP with its bearer token, a session per thread. Answers None when the server did not
    answer at all."""

    def __init__(self, base_url: str, token: str, figures: Figures):
        self.base_url, self.figures, self.session = base_url, figures, requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = self.session.request(method, f"{self.base_url}{path}", timeout=REQUEST_TIMEOUT, **kwargs)
        except requests.Timeout:
            self.figures.hung(f"{method} {path}")
            return None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # Refused, reset, or cut off in the middle of the body by a killed worker: no answer either way.
            response = None
        self.figures.count(response, f"{method} {path}", time.monotonic() - started)
        return response


def ok(response: requests.Response | None) -> bool:
    return response is not None and 200 <= response.status_code < 300


class Writer(threading.Thread):
    """Takes company set-up cases through their whole life until told to stop. After any failed request it reads the
    case again and goes on from the state the server holds: an answer lost to a killed server may hide a commit."""

    def __init__(self, base_url: str, figures: Figures, stop: threading.Event, tokens: dict[str, str], applicant: str):
        super().__init__(daemon=True)
        self.figures, self.stop = figures, stop
        self.applicant = Person(base_url, tokens[applicant], figures)
        self.window = Person(base_url, tokens["window"], figures)
        self.approvers = {code: Person(base_url, tokens[code], figures) for code in DEPARTMENTS}

    def run(self):
        try:
            while not self.stop.is_set():
                created = self.applicant.call("POST", "/api/cases", json=COMPANY_SETUP)
                if ok(created):
                    self.figures.wrote(kind="create", case=created.json()["id"])
                    self.drive(created.json()["id"])
                else:
                    time.sleep(0.2)
        except Exception:
            with self.figures.lock:
                self.figures.errors.append(f"writer {self.name} crashed:\n{traceback.format_exc()}")

    def drive(self, case_id: str) -> None:
        while not self.stop.is_set():
            answer = self.applicant.call("GET", f"/api/cases/{case_id}")
            if not ok(answer):
                time.sleep(0.2)
                continue
            case = answer.json()
            if case["status"] == "approved":
                return
            if case["status"] not in ("draft", "submitted", "in_review"):
                with self.figures.lock:
                    self.figures.errors.append(f"case {case['number']} went {case['status']}, never asked for")
                return
            if not self.next_step(case):
                time.sleep(0.2)

    def next_step(self, case: dict) -> bool:
        """Does the next write(s) of a case in draft, submitted or in review; False when one failed."""
        case_id, status = case["id"], case["status"]
        if status == "draft":
            for material in case["materials"]:
                if not material["files"] and not material["certificate"] and not self.upload(case_id, material):
                    return False
            return self.act(self.applicant, "submit", case_id, f"/api/cases/{case_id}/submit")
        if status == "submitted":
            return self.act(self.window, "accept", case_id, f"/api/cases/{case_id}/accept", json={"note": "材料齐全"})
        for task in [t for t in case["tasks"] if t["status"] == "open"]:
            department = task["department"]["code"]
            path = f"/api/tasks/{task['id']}/approve"
            body = approval(department)
            if not self.act(self.approvers[department], "approve", case_id, path, task=task["id"], json=body):
                return False
        return True

    def upload(self, case_id: str, material: dict) -> bool:
        response = self.applicant.call(
            "POST",
            f"/api/cases/{case_id}/materials",
            data={"material": material["code"]},
            files={"file": ("材料.pdf", MINIMAL_PDF, "application/pdf")},
        )
        if ok(response):
            self.figures.wrote(
                kind="upload", case=case_id, file=response.json()["id"], sha256=response.json()["sha256"]
            )
        return ok(response)

    def act(self, person: Person, kind: str, case_id: str, path: str, json=None, **recorded) -> bool:
        response = person.call("POST", path, json=json)
        if ok(response):
            self.figures.wrote(kind=kind, case=case_id, **recorded)
        return ok(response)


BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
# What is asked while PostgreSQL is down: the API (a read and a write, with a token) and a page, without and with a
# session cookie (the session middleware then meets the dead database after the view too).
PROBES = [
    ("GET /api/cases", "GET", "/api/cases", {}),
    ("POST /api/cases", "POST", "/api/cases", {"json": COMPANY_SETUP}),
    ("GET /catalog/ (browser)", "GET", "/catalog/", {"headers": BROWSER}),
    ("GET /catalog/ (browser, session)", "GET", "/catalog/", {"headers": BROWSER, "cookies": {"sessionid": "s" * 32}}),
]


@dataclass
class Probe:
    """One request made while PostgreSQL was down."""

    what: str
    after_stop: float
    status: int | None
    seconds: float
    unavailable: bool


def probe_while_down(base_url: str, person: Person, stopped_at: float, until: float) -> list[Probe]:
    """Reads, a write and a page, over and over until `until`: each must be a quick 503."""
    probes = []
    while time.monotonic() < until:
        for what, method, path, options in PROBES:
            started = time.monotonic()
            try:
                response = person.session.request(method, f"{base_url}{path}", timeout=REQUEST_TIMEOUT, **options)
            except requests.RequestException:
                probes.append(Probe(what, started - stopped_at, None, time.monotonic() - started, False))
                continue
            answered = time.monotonic()
            unavailable = _is_unavailable(response)
            probes.append(Probe(what, answered - stopped_at, response.status_code, answered - started, unavailable))
        time.sleep(0.2)
    return probes


@dataclass
class Timeline:
    worker_killed: int = 0
    server_restart_seconds: float = 0.0
    server_first_2xx_seconds: float | None = None
    database_stopped_at: float = 0.0
    first_503_seconds: float | None = None
    database_start_seconds: float = 0.0
    database_first_2xx_seconds: float | None = None
    probes: list[Probe] = field(default_factory=list)


def wait_until(figures: Figures, second: float) -> None:
    time.sleep(max(0.0, figures.started + second - time.monotonic()))


def strike(server: Gunicorn, cluster: PrivateCluster, figures: Figures, prober: Person) -> Timeline:
    timeline = Timeline()
    wait_until(figures, KILL_WORKER_AT)
    timeline.worker_killed = server.kill_worker()
    print(f"  {time.monotonic() - figures.started:5.1f} s  kill -9 worker {timeline.worker_killed}", flush=True)

    wait_until(figures, KILL_SERVER_AT)
    server.kill_all()
    print(f"  {time.monotonic() - figures.started:5.1f} s  kill -9 the whole server (master and workers)", flush=True)
    restarted = time.monotonic()
    timeline.server_restart_seconds = server.start()
    timeline.server_first_2xx_seconds = figures.first_after(figures.successes_at, restarted)
    print(f"  {time.monotonic() - figures.started:5.1f} s  server up again", flush=True)

    wait_until(figures, STOP_DATABASE_AT)
    cluster.stop_immediately()
    timeline.database_stopped_at = time.monotonic()
    print(f"  {time.monotonic() - figures.started:5.1f} s  pg_ctl stop -m immediate", flush=True)
    stopped = timeline.database_stopped_at
    timeline.probes = probe_while_down(server.base_url, prober, stopped, stopped + DATABASE_DOWN_SECONDS)
    first_503s = [p.after_stop for p in timeline.probes if p.status == 503]
    first_503s.append(figures.first_after(figures.unavailable_at, stopped))
    timeline.first_503_seconds = min((s for s in first_503s if s is not None), default=None)
    starting = time.monotonic()
    cluster.start()
    database_up = time.monotonic()
    timeline.database_start_seconds = database_up - starting
    print(f"  {time.monotonic() - figures.started:5.1f} s  PostgreSQL accepts connections again", flush=True)
    wait_until(figures, LOAD_ENDS_AT)
    timeline.database_first_2xx_seconds = figures.first_after(figures.successes_at, database_up)
    timeline.server_first_2xx_seconds = figures.first_after(figures.successes_at, restarted)
    return timeline


def check_probes(timeline: Timeline) -> list[str]:
    problems = [
        f"while PostgreSQL was down, {p.what} got {p.status or 'no answer'} after {p.seconds:.1f} s"
        for p in timeline.probes
        if p.status != 503 or not p.unavailable or p.seconds >= QUICK_SECONDS
    ]
    if not timeline.probes:
        problems.append("no probe ran while PostgreSQL was down")
    return problems


def check_database(media_root: Path, writes: list[dict]) -> tuple[list[str], Counter]:
    """Every 2xx write present, no case half-written, every file on disk. Reads the database with the ORM."""
    import django

    django.setup()
    from gaoxin.cases.models import Case, MaterialFile

    problems = []
    cases = {str(c.pk): c for c in Case.objects.prefetch_related("tasks")}
    for write in writes:
        problems += missing_write(write, cases.get(write["case"]))
    for case in cases.values():
        problems += [f"case {case.number} ({case.status}): {p}" for p in half_written(case)]
    for stored in MaterialFile.objects.all():
        path = media_root / stored.file.name
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != stored.sha256:
            problems.append(f"file {stored.pk} of a case is missing on disk or differs from its checksum")
    return problems, Counter(c.status for c in cases.values())


STATUS_ORDER = ["draft", "submitted", "in_review", "approved"]
# The status a case has at least once a write of each kind was answered 2xx.
REACHED_BY = {
    "create": "draft",
    "upload": "draft",
    "submit": "submitted",
    "accept": "in_review",
    "approve": "in_review",
}


def missing_write(write: dict, case) -> list[str]:
    from gaoxin.cases.models import MaterialFile, Task

    where = f"{write['kind']} of case {write['case']} answered 2xx"
    if case is None:
        return [f"{where}, but the case is not in the database"]
    if STATUS_ORDER.index(case.status) < STATUS_ORDER.index(REACHED_BY[write["kind"]]):
        return [f"{where}, but the case is {case.status}"]
    if write["kind"] == "upload":
        stored = MaterialFile.objects.filter(pk=write["file"], case_material__case=case, sha256=write["sha256"])
        if not stored.exists():
            return [f"{where}, but its file {write['file']} is not in the database"]
    if write["kind"] == "approve" and not Task.objects.filter(pk=write["task"], case=case, status="approved").exists():
        return [f"{where}, but task {write['task']} is not approved"]
    return []


def half_written(case) -> list[str]:
    """What disagrees with the case's status: its stage, times, tasks, audit events and license."""
    from gaoxin.core.models import AuditEvent

    tasks = list(case.tasks.all())
    actions = Counter(
        AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).values_list("action", flat=True)
    )
    problems = []
    if case.status not in STATUS_ORDER:
        return ["a status this scenario never produces"]
    submitted = case.status != "draft"
    if submitted != bool(case.submitted_at) or actions["submit"] != submitted:
        problems.append("submission time or event disagrees with the status")
    accepted = case.status in ("in_review", "approved")
    if accepted != bool(case.accepted_at) or actions["accept"] != accepted:
        problems.append("acceptance time or event disagrees with the status")
    if accepted:
        problems += stage_problems(case, tasks)
    elif tasks or case.current_stage:
        problems.append("tasks before the window accepted it")
    approved = sum(t.status == "approved" for t in tasks)
    if actions["task_approve"] != approved or actions["task_open"] != len(tasks):
        problems.append(f"{len(tasks)} tasks ({approved} approved) against events {dict(actions)}")
    if (case.status == "approved") != (bool(case.decided_at) and hasattr(case, "license") and actions["complete"] == 1):
        problems.append("decision time, completion event and license disagree with the status")
    return problems


def stage_problems(case, tasks) -> list[str]:
    """Accepted: every stage up to the current one has all its planned tasks, the earlier ones approved, the current
    one still open (in review) or every planned task approved (approved)."""
    problems = []
    stages = len(case.plan)
    if not 1 <= case.current_stage <= stages or (case.status == "approved" and case.current_stage != stages):
        return [f"current stage {case.current_stage} of {stages}"]
    for number, planned in enumerate(case.plan, start=1):
        of_stage = [t for t in tasks if t.stage == number]
        expected = len(planned) if number <= case.current_stage else 0
        if len(of_stage) != expected:
            problems.append(f"stage {number} has {len(of_stage)} tasks, {expected} expected")
        done = all(t.status == "approved" for t in of_stage)
        if number < case.current_stage and not done:
            problems.append(f"stage {number} is behind the current one but not approved")
        if number == case.current_stage and done != (case.status == "approved"):
            problems.append(f"the current stage {number} is {'done' if done else 'open'}")
    return problems


def report(figures: Figures, timeline: Timeline, statuses: Counter) -> None:
    print("\nfigures")
    print(f"  requests {sum(figures.outcomes.values())}: " + ", ".join(f"{k} {v}" for k, v in figures.outcomes.items()))
    print(f"  writes answered 2xx {len(figures.writes)}: {dict(Counter(w['kind'] for w in figures.writes))}")
    print(f"  cases by status {dict(statuses)}")
    print(f"  worker killed: pid {timeline.worker_killed}")
    print(f"  whole server killed and started again: first 2xx {seconds_or_never(timeline.server_first_2xx_seconds)},")
    print(f"    /healthz 200 {timeline.server_restart_seconds:.2f} s after the start (3 workers loading Django)")
    print(f"  PostgreSQL stopped -m immediate: first 503 {seconds_or_never(timeline.first_503_seconds)} after the stop")
    if timeline.probes:
        answers = Counter(f"{p.what} → {p.status}" for p in timeline.probes)
        slowest = max(p.seconds for p in timeline.probes)
        print(f"    probes while down (slowest {slowest:.2f} s, limit {QUICK_SECONDS:.0f} s): {dict(answers)}")
    print(
        f"  PostgreSQL started again (crash recovery) in {timeline.database_start_seconds:.1f} s; recovery: first 2xx"
    )
    print(f"    {seconds_or_never(timeline.database_first_2xx_seconds)} after it accepted connections")


def seconds_or_never(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"


def main() -> int:
    # A CI runner's SIGTERM still cleans up (the finally clauses below stop gunicorn and remove the cluster).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    started = time.monotonic()
    cluster = PrivateCluster(free_port(int(os.environ.get("FAULTS_PG_PORT", 55432))))
    try:
        with tempfile.TemporaryDirectory(prefix="gaoxin-faults-") as work:
            problems = run(cluster, Path(work))
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        cluster.destroy()
    print(f"  total run time {time.monotonic() - started:.0f} s")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def run(cluster: PrivateCluster, work: Path) -> list[str]:
    """Set-up, the load with its faults, the checks. Returns the problems found."""
    media = work / "media"
    cluster.init()
    cluster.start()
    env = production_env(recreate_database(cluster.server_url, "gaoxin"), media)
    print(f"private PostgreSQL on port {cluster.port} in {cluster.root}: migrate, demo_load", flush=True)
    prepare_database(env)
    server = Gunicorn(env, free_port(), WORKERS, work / "gunicorn.log")
    stop = threading.Event()
    try:
        server.start()
        figures = Figures()
        tokens = {username: log_in(server.base_url, username) for username in (*APPLICANTS, "window", *DEPARTMENTS)}
        writers = [Writer(server.base_url, figures, stop, tokens, APPLICANTS[n % 2]) for n in range(WRITERS)]
        prober = Person(server.base_url, tokens[APPLICANTS[0]], figures)
        print(f"gunicorn {WORKERS} workers on {server.base_url}; {WRITERS} writers", flush=True)
        figures.started = time.monotonic()
        for writer in writers:
            writer.start()
        timeline = strike(server, cluster, figures, prober)
        stop.set()
        for writer in writers:
            writer.join(timeout=REQUEST_TIMEOUT * 2)
    except Exception:
        print(server.log_tail())
        raise
    finally:
        stop.set()
        server.stop()
    # The checks read the database in this process, with the same production settings the server had.
    os.environ.update(env, DJANGO_SETTINGS_MODULE="gaoxin.settings")
    problems, statuses = check_database(media, figures.writes)
    problems += check_probes(timeline) + figures.errors
    problems += [f"writer {w.name} did not stop" for w in writers if w.is_alive()]
    report(figures, timeline, statuses)
    audit = manage(env, "audit_verify", check=False)
    print(f"  audit_verify: {audit.stdout.strip()}")
    if audit.returncode:
        problems.append(f"audit_verify: {audit.stderr.strip()}")
    return problems


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
