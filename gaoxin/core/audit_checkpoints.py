"""Signed checkpoints of every audit chain's head, appended to a file outside the database (安全审计, GB/T 22239-2019
8.1.4.3 c: the audit records are protected against deletion, change and overwriting).

A head's signature (gaoxin.core.audit.head_mac) proves that the audit key wrote it, but not that it is the newest:
someone who can write the database may put back an older signed head after deleting the events behind it, or delete
a chain with its head. The checkpoints, written by the worker every quarter of an hour and by `manage.py
audit_checkpoint`, record each head's sequence number and hash where the database's writers cannot reach, so
`audit_verify` finds the chain that fell behind or disappeared, and the checkpoint after which it did.

`checkpoints.jsonl` holds one JSON line per checkpoint: its number, time, the count of chains, the heads that changed
since the line before (all of them in the first line and after a restore), the chains gone since, the MAC of the
line before and its own MAC under the audit key. Replaying the lines gives every head as of the last checkpoint;
each line is small however many chains the trail has."""

import fcntl
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gaoxin.core.audit import AuditProblem, CheckpointRef, keyed_digest

FILE_NAME = "checkpoints.jsonl"
FIRST_PREVIOUS = "0" * 64
PURPOSE = "gaoxin audit checkpoint"
FILE = "（检查点文件）"

Key = tuple[str, str]


@dataclass
class CheckpointLog:
    """What the lines say, replayed: every head as of the last checkpoint, and what disagreed on the way."""

    state: dict[Key, tuple[int, str]] = field(default_factory=dict)
    last: CheckpointRef | None = None
    last_mac: str = FIRST_PREVIOUS
    problems: list[AuditProblem] = field(default_factory=list)
    restores: list[tuple[CheckpointRef, str]] = field(default_factory=list)

    def apply(self, line: dict) -> None:
        previous, checkpoint = self.last, CheckpointRef(line["n"], datetime.fromisoformat(line["at"]))
        if line.get("restored_from"):
            # A restore puts the trail back to the backup's moment on purpose: the heads start again from this line.
            self.state = {}
            self.restores.append((checkpoint, line["restored_from"]))
        else:
            self._regressions(line, previous)
        for subject_type, subject_id in line["gone"]:
            self.state.pop((subject_type, subject_id), None)
        for subject_type, subject_id, seq, last_hash in line["heads"]:
            self.state[(subject_type, subject_id)] = (seq, last_hash)
        if len(self.state) != line["chains"]:
            self._file_problem(line["n"], f"记有 {line['chains']} 条链，与此前各检查点合计的 {len(self.state)} 条不符")
        self.last, self.last_mac = checkpoint, line["mac"]

    def _regressions(self, line: dict, since: CheckpointRef | None) -> None:
        """A head that went back or a chain that went away between two checkpoints: changed after the earlier one."""
        for subject_type, subject_id in line["gone"]:
            seq, _ = self.state.get((subject_type, subject_id), (0, ""))
            self.problems.append(
                AuditProblem(subject_type, subject_id, None, f"整条链连同链头被删除（检查点记有 {seq} 个事件）", since)
            )
        for subject_type, subject_id, seq, _ in line["heads"]:
            recorded = self.state.get((subject_type, subject_id))
            if recorded is None or recorded[0] < seq:
                continue
            problem = f"链头从 {recorded[0]} 个事件退回到 {seq} 个" if recorded[0] > seq else "链头哈希变了：链被改写"
            self.problems.append(AuditProblem(subject_type, subject_id, seq, problem, since))

    def _file_problem(self, number: int, problem: str) -> None:
        self.problems.append(AuditProblem(FILE, checkpoint_path().name, number, problem))


def checkpoint_path() -> Path:
    return Path(settings.GAOXIN["AUDIT_CHECKPOINT_DIR"]) / FILE_NAME


def read_checkpoints() -> CheckpointLog:
    """Every line checked (its MAC, its link to the line before, its number) and replayed in order; read under a
    shared lock, so a line being appended is read whole or not at all."""
    try:
        with checkpoint_path().open("rb") as file:
            fcntl.flock(file, fcntl.LOCK_SH)
            return _replay(file.read())
    except FileNotFoundError:
        return CheckpointLog()


def _replay(content: bytes) -> CheckpointLog:
    log = CheckpointLog()
    for position, text in enumerate(content.decode("utf-8", errors="replace").splitlines(), start=1):
        _read_line(log, position, text)
    return log


def _read_line(log: CheckpointLog, position: int, text: str) -> None:
    try:
        line = json.loads(text)
        body = {name: value for name, value in line.items() if name != "mac"}
        authentic = hmac.compare_digest(str(line["mac"]), keyed_digest(PURPOSE, body))
        expected_number = log.last.number + 1 if log.last else 1
    except (ValueError, KeyError, TypeError, AttributeError):
        log._file_problem(position, "不是检查点记录（无法读取）")
        return
    if not authentic:
        log._file_problem(position, "签名不符：检查点被改动，或不是用本平台的审计密钥写的")
        log.last_mac = line["mac"]
        return
    if line["prev"] != log.last_mac or line["n"] != expected_number:
        log._file_problem(position, "与前一个检查点接不上：检查点被删除或调换了顺序")
    log.apply(line)


def checkpoint_write(*, now: datetime | None = None, restored_from: str = "") -> dict:
    """Append a checkpoint of every head and return it. A lock on the file makes concurrent writers take turns, so
    the lines follow the order in which their heads were read."""
    path = checkpoint_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end, whatever anyone else did to the file's offset; 0600 whatever the umask.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        content = path.read_bytes()
        line = _checkpoint_line(_replay(content), now or timezone.now(), restored_from)
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        # A line a crash cut short stays a line of its own (reported), not glued to this one.
        os.write(descriptor, (("\n" if content and not content.endswith(b"\n") else "") + text).encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return line


def _checkpoint_line(log: CheckpointLog, now: datetime, restored_from: str) -> dict:
    heads = current_heads()
    since = {} if restored_from else log.state
    changed = sorted((key, head) for key, head in heads.items() if since.get(key) != head)
    line = {
        "n": log.last.number + 1 if log.last else 1,
        "at": now.isoformat(),
        "chains": len(heads),
        "heads": [[*key, seq, last_hash] for key, (seq, last_hash) in changed],
        "gone": [list(key) for key in sorted(since.keys() - heads.keys())],
        "prev": log.last_mac,
    }
    if restored_from:
        line["restored_from"] = restored_from
    line["mac"] = keyed_digest(PURPOSE, line)
    return line


def current_heads() -> dict[Key, tuple[int, str]]:
    """Every head as of one moment: a single statement reads one snapshot on PostgreSQL and on SQLite alike, so a
    change committing meanwhile is either wholly in the checkpoint or wholly after it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject_type, subject_id, seq, hash FROM core_audithead")
        return {(row[0], row[1]): (row[2], row[3]) for row in cursor.fetchall()}
