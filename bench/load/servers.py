"""What the load and fault runs stand up and tear down: a PostgreSQL database (on the shared server or a private
cluster of our own), the application's migrations and demo data, and gunicorn in production settings."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from production import production_secrets  # noqa: E402  (bench/production.py, shared with the benchmarks)

BIN = Path(sys.executable).parent
POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
# PostgreSQL refuses to run as root; the Debian package's account runs our private cluster.
POSTGRES_OS_USER = "postgres"


def free_port(preferred: int | None = None) -> int:
    """preferred if nothing listens there, else a port the kernel picks."""
    for port in ([preferred] if preferred else []) + [0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port")


def seal_key_dir(folder: Path) -> Path:
    """Throw-away keys for the demo's department seals (gaoxin/documents/data/demo_seals.json), as production keeps
    them: <seal code>.pem in GAOXIN_SEAL_KEY_DIR (the approval seal signs with GAOXIN_SIGNING_KEY)."""
    folder.mkdir(parents=True, exist_ok=True)
    seals = json.loads((ROOT / "gaoxin/documents/data/demo_seals.json").read_text(encoding="utf-8"))
    for seal in (s for s in seals if s["department"]):
        key = subprocess.run(["openssl", "genpkey", "-algorithm", seal["algorithm"]], capture_output=True, check=True)
        (folder / f"{seal['code']}.pem").write_bytes(key.stdout)
    return folder


def production_env(database_url: str, media_root: Path) -> dict[str, str]:
    """The settings `make serve` needs, for plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        **production_secrets(hosts="127.0.0.1,localhost"),
        DATABASE_URL=database_url,
        GAOXIN_SEAL_KEY_DIR=str(seal_key_dir(media_root.parent / "seal-keys")),
        SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(media_root),
        # The run's own audit checkpoints, checked against its own database only.
        GAOXIN_AUDIT_CHECKPOINT_DIR=str(media_root.parent / "audit-checkpoints"),
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if check and done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done


def prepare_database(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    # The demo data loads only in debug mode (it would be a public platform's fake accounts); the run then serves
    # it in production mode.
    manage({**env, "DEBUG": "1"}, "demo_load")


def recreate_database(server_url: str, name: str) -> str:
    """Drops and creates database `name` on the server of server_url (any database there); returns its URL."""
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def wait_until_healthy(base_url: str, timeout: float) -> float:
    """Seconds until /healthz answers 200; raises if it does not within timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base_url}/healthz not healthy after {timeout:.0f} s")


def children_of(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


class Gunicorn:
    """The application server as `make serve` runs it, in a process group of its own so that the whole server (master
    and workers) can be killed at once."""

    def __init__(self, env: dict[str, str], port: int, workers: int, log_path: Path):
        self.env, self.port, self.workers, self.log_path = env, port, workers, log_path
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> float:
        """Starts the server and returns the seconds until it answered /healthz."""
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [
                    BIN / "gunicorn",
                    "gaoxin.wsgi",
                    "--config",
                    "python:gaoxin.gunicorn_conf",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                ],  # fmt: skip
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return wait_until_healthy(self.base_url, timeout)

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid)

    def kill_worker(self) -> int:
        worker = self.worker_pids()[0]
        os.kill(worker, signal.SIGKILL)
        return worker

    def kill_all(self) -> None:
        """kill -9 of the master and every worker at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill_all()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class PrivateCluster:
    """A PostgreSQL cluster of our own in a temp folder, so that it may be stopped at will: the shared server on 5432
    is never touched. Runs as the unprivileged `postgres` account."""

    def __init__(self, port: int):
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="gaoxin-pg-"))
        self.data = self.root / "data"
        shutil.chown(self.root, POSTGRES_OS_USER)

    @property
    def server_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(
            ["runuser", "-u", POSTGRES_OS_USER, "--", *command], check=True, stdout=subprocess.DEVNULL, cwd=self.root
        )

    def init(self) -> None:
        self._as_postgres(
            str(POSTGRES_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "postgres.log"), "-o", options,
            "-w", "start",
        )  # fmt: skip

    def stop_immediately(self) -> None:
        """pg_ctl stop -m immediate: every backend ends at once, no checkpoint; the next start recovers from WAL."""
        self._as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop_immediately()
            except subprocess.CalledProcessError:
                pass  # already gone; the folder goes below either way
        shutil.rmtree(self.root, ignore_errors=True)
