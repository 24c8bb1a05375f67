"""Writing and verifying the hash-chained audit trail.

Each chain's head is signed with the audit key, which is not in the database (gaoxin.core.keys), so a chain edited
and recomputed is found; the signed checkpoints outside the database (gaoxin.core.audit_checkpoints) find a chain cut
back to an older signed head or deleted whole (docs/decisions/0025-tamper-evident-audit-and-encrypted-backups.md)."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.keys import audit_key
from gaoxin.core.models import AuditEvent, AuditHead
from gaoxin.core.sql import for_update

GENESIS = "0" * 64


def keyed_digest(purpose: str, body) -> str:
    """HMAC-SHA256 under the audit key of the canonical JSON of `body`, for one purpose (a head, a checkpoint)."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(audit_key(), f"{purpose}\n{canonical}".encode(), hashlib.sha256).hexdigest()


def head_mac(subject_type: str, subject_id: str, seq: int, last_hash: str) -> str:
    return keyed_digest("gaoxin audit head", [subject_type, subject_id, seq, last_hash])


def event_hash(event: AuditEvent) -> str:
    body = {
        "subject": [event.subject_type, event.subject_id],
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "reason": event.reason,
        "data": event.data,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class AuditBatch:
    """The events of one change to one subject, appended to its chain together when the change is done.

    One head read, one insert and one head update per change, however many events it records."""

    def __init__(self, subject_type: str, subject_id, *, new_chain: bool = False):
        self.subject_type = subject_type
        self.subject_id = str(subject_id)
        self.new_chain = new_chain
        self.events: list[AuditEvent] = []

    def add(self, *, actor, action: str, from_state="", to_state="", reason="", data=None, at=None, after=None) -> None:
        """Record an event, last or, `after` an event of this batch, right behind it (a consequence of that event
        reads next to it on the timeline)."""
        position = self.events.index(after) + 1 if after is not None else len(self.events)
        self.events.insert(
            position,
            AuditEvent(
                subject_type=self.subject_type,
                subject_id=self.subject_id,
                at=at or timezone.now(),
                actor_id=getattr(actor, "pk", None),
                action=action,
                from_state=from_state,
                to_state=to_state,
                reason=reason,
                data=data or {},
            ),
        )

    def write(self) -> list[AuditEvent]:
        if not self.events:
            return []
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            raise RuntimeError("Audit events must be written inside the transaction of the change they record.")
        # Plain SQL: every write of the platform passes here, and the ORM's per-statement cost was most of its time.
        with connection.cursor() as cursor:
            seq, prev = (0, GENESIS) if self.new_chain else self._locked_head(cursor)
            for event in self.events:
                seq += 1
                event.seq, event.prev_hash = seq, prev
                event.hash = prev = event_hash(event)
            cursor.executemany(INSERT_EVENT, [_event_row(event, connection.ops) for event in self.events])
            mac = head_mac(self.subject_type, self.subject_id, seq, prev)
            if self.new_chain:
                cursor.execute(INSERT_HEAD, [self.subject_type, self.subject_id, seq, prev, mac])
            else:
                cursor.execute(UPDATE_HEAD, [seq, prev, mac, self.subject_type, self.subject_id])
        written, self.events = self.events, []
        return written

    def _locked_head(self, cursor) -> tuple[int, str]:
        """The chain's head, locked. A chain's first events start it empty first: a missing row cannot be locked, and
        two writers that both found none would both write event 1. The second one's insert waits on the first's and
        then finds its head."""
        subject = [self.subject_type, self.subject_id]
        cursor.execute(SELECT_HEAD + for_update(), subject)
        row = cursor.fetchone()
        if row is None:
            cursor.execute(START_EMPTY_HEAD, [*subject, GENESIS])
            cursor.execute(SELECT_HEAD + for_update(), subject)
            row = cursor.fetchone()
        return row


EVENT_COLUMNS = (
    "subject_type, subject_id, seq, at, actor_id, action, from_state, to_state, reason, data, prev_hash, hash"
)
INSERT_EVENT = f"INSERT INTO core_auditevent ({EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})"
SELECT_HEAD = "SELECT seq, hash FROM core_audithead WHERE subject_type = %s AND subject_id = %s"
INSERT_HEAD = "INSERT INTO core_audithead (subject_type, subject_id, seq, hash, mac) VALUES (%s, %s, %s, %s, %s)"
# Overwritten by the same transaction, so never seen empty.
START_EMPTY_HEAD = (
    "INSERT INTO core_audithead (subject_type, subject_id, seq, hash, mac) VALUES (%s, %s, 0, %s, '') "
    "ON CONFLICT (subject_type, subject_id) DO NOTHING"
)
UPDATE_HEAD = "UPDATE core_audithead SET seq = %s, hash = %s, mac = %s WHERE subject_type = %s AND subject_id = %s"


def _event_row(event: AuditEvent, ops) -> list:
    return [
        event.subject_type,
        event.subject_id,
        event.seq,
        ops.adapt_datetimefield_value(event.at),
        event.actor_id,
        event.action,
        event.from_state,
        event.to_state,
        event.reason,
        ops.adapt_json_value(event.data, None),
        event.prev_hash,
        event.hash,
    ]


def audit_record(*, subject_type: str, subject_id, **event) -> AuditEvent:
    """Append one event to the subject's chain. Must run inside the transaction of the change it records."""
    batch = AuditBatch(subject_type, subject_id)
    batch.add(**event)
    return batch.write()[0]


@dataclass(frozen=True)
class CheckpointRef:
    """A checkpoint a problem is dated by: the trail was as it recorded then, and was changed afterwards."""

    number: int
    at: datetime

    def __str__(self) -> str:
        return f"第 {self.number} 个检查点（{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S}）"


@dataclass(frozen=True)
class AuditProblem:
    subject_type: str
    subject_id: str
    seq: int | None
    problem: str
    since: CheckpointRef | None = None

    def __str__(self) -> str:
        where = f"{self.subject_type} {self.subject_id}" + (f" #{self.seq}" if self.seq else "")
        return f"{where}: {self.problem}" + (f"（{self.since}之后被改动）" if self.since else "")


def audit_problems() -> Iterator[AuditProblem]:
    """Walk every chain once, in order, and yield each edited, missing, reordered or re-signed event, each chain cut
    back or deleted since a checkpoint, and each damaged checkpoint.

    The checkpoints are read first, the heads next, the events last: the trail only grows, so each read sees at
    least what the one before it saw, and writes going on meanwhile raise no false alarm (events beyond the head
    read are checked against the head read again at the end)."""
    from gaoxin.core.audit_checkpoints import read_checkpoints

    log = read_checkpoints()
    yield from log.problems
    heads = {(h.subject_type, h.subject_id): h for h in AuditHead.objects.all()}
    yield from _deleted_chains(log, heads)
    walk = _ChainWalk(heads, log)
    yield from walk.problems()
    yield from _ahead_problems(walk.ahead)


def _deleted_chains(log, heads) -> Iterator[AuditProblem]:
    for key in sorted(log.state.keys() - heads.keys()):
        seq, _hash = log.state[key]
        yield AuditProblem(*key, None, f"整条链连同链头被删除（检查点记有 {seq} 个事件）", log.last)


class _ChainWalk:
    def __init__(self, heads: dict, log):
        self.heads, self.log = heads, log
        self.ahead: dict[tuple[str, str], tuple[int, str]] = {}

    def problems(self) -> Iterator[AuditProblem]:
        seen: set[tuple[str, str]] = set()
        key, expected_seq, prev, at_head = None, 1, GENESIS, None
        for event in AuditEvent.objects.order_by("subject_type", "subject_id", "seq").iterator(chunk_size=2000):
            this = (event.subject_type, event.subject_id)
            if this != key:
                if key is not None:
                    yield from self._tail_problems(key, expected_seq - 1, prev, at_head)
                key, expected_seq, prev, at_head = this, 1, GENESIS, None
                seen.add(this)
            if event.seq != expected_seq:
                yield AuditProblem(*this, expected_seq, f"事件缺失（期望序号 {expected_seq}，实际 {event.seq}）")
            if event.prev_hash != prev:
                yield AuditProblem(*this, event.seq, "与前一事件的哈希链断开")
            if event_hash(event) != event.hash:
                yield AuditProblem(*this, event.seq, "事件内容被修改（哈希不符）")
            yield from self._checkpoint_problems(this, event)
            head = self.heads.get(this)
            if head is not None and event.seq == head.seq:
                at_head = event.hash
            expected_seq, prev = event.seq + 1, event.hash
        if key is not None:
            yield from self._tail_problems(key, expected_seq - 1, prev, at_head)
        for missing in self.heads.keys() - seen:
            yield AuditProblem(*missing, None, "全部事件缺失")

    def _checkpoint_problems(self, key, event) -> Iterator[AuditProblem]:
        recorded = self.log.state.get(key)
        if recorded is not None and recorded[0] == event.seq and recorded[1] != event.hash:
            yield AuditProblem(*key, event.seq, "事件与检查点记录的哈希不符：链被改写并重算", self.log.last)

    def _tail_problems(self, key, last_seq, last_hash, at_head) -> Iterator[AuditProblem]:
        head = self.heads.get(key)
        if head is None:
            self.ahead[key] = (last_seq, last_hash)  # a chain begun after the heads were read, or one without a head
            return
        if not hmac.compare_digest(head.mac, head_mac(head.subject_type, head.subject_id, head.seq, head.hash)):
            yield AuditProblem(*key, head.seq, "链头签名不符：链头被改写，或整条链被不持有审计密钥的人重算")
        recorded = self.log.state.get(key)
        if recorded is not None and head.seq < recorded[0]:
            behind = f"链头落后于检查点（检查点记有 {recorded[0]} 个事件，现为 {head.seq} 个）"
            yield AuditProblem(*key, head.seq, behind, self.log.last)
        if last_seq < head.seq or head.hash != at_head:
            yield AuditProblem(*key, head.seq, f"末尾事件缺失（链头序号 {head.seq}，最后事件 {last_seq}）")
        if last_seq > head.seq:
            self.ahead[key] = (last_seq, last_hash)  # written after the heads were read, or added behind the head


def _ahead_problems(ahead: dict) -> Iterator[AuditProblem]:
    """Chains whose events went past the head first read: their head, read again, must have caught up with them."""
    for key, (last_seq, last_hash) in sorted(ahead.items()):
        head = AuditHead.objects.filter(subject_type=key[0], subject_id=key[1]).first()
        if head is None:
            yield AuditProblem(*key, None, "缺少链头记录")
        elif head.seq < last_seq:
            yield AuditProblem(*key, last_seq, "链头之后有不属于链的事件")
        elif head.seq == last_seq and (
            head.hash != last_hash or not hmac.compare_digest(head.mac, head_mac(*key, head.seq, head.hash))
        ):
            yield AuditProblem(*key, head.seq, "链头签名不符：链头被改写，或整条链被不持有审计密钥的人重算")


def timeline(subject_type: str, subject_id, labels: dict) -> list[dict]:
    """A subject's audit events, newest first, as its page and the API show them: each action named by the app's own
    table of labels (its rules.EVENT_LABELS)."""
    events = AuditEvent.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).select_related("actor")
    return [
        {
            "at": e.at,
            "action": e.action,
            "label": str(labels.get(e.action, e.action)),
            "actor": e.actor.name if e.actor else _("系统"),
            "reason": e.reason,
            "data": e.data,
        }
        for e in events.order_by("-seq")
    ]
