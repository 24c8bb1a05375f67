"""Writing and verifying the hash-chained audit trail."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from gaoxin.core.models import AuditEvent, AuditHead
from gaoxin.core.sql import for_update

GENESIS = "0" * 64


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
            if self.new_chain or seq == len(self.events):
                cursor.execute(INSERT_HEAD, [self.subject_type, self.subject_id, seq, prev])
            else:
                cursor.execute(UPDATE_HEAD, [seq, prev, self.subject_type, self.subject_id])
        written, self.events = self.events, []
        return written

    def _locked_head(self, cursor) -> tuple[int, str]:
        cursor.execute(SELECT_HEAD + for_update(), [self.subject_type, self.subject_id])
        row = cursor.fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)


EVENT_COLUMNS = (
    "subject_type, subject_id, seq, at, actor_id, action, from_state, to_state, reason, data, prev_hash, hash"
)
INSERT_EVENT = f"INSERT INTO core_auditevent ({EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})"
SELECT_HEAD = "SELECT seq, hash FROM core_audithead WHERE subject_type = %s AND subject_id = %s"
INSERT_HEAD = "INSERT INTO core_audithead (subject_type, subject_id, seq, hash) VALUES (%s, %s, %s, %s)"
UPDATE_HEAD = "UPDATE core_audithead SET seq = %s, hash = %s WHERE subject_type = %s AND subject_id = %s"


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
class AuditProblem:
    subject_type: str
    subject_id: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.subject_type} {self.subject_id}" + (f" #{self.seq}" if self.seq else "")
        return f"{where}: {self.problem}"


def audit_problems() -> Iterator[AuditProblem]:
    """Walk every chain once, in order, and yield each edited, missing or reordered event."""
    heads = {(h.subject_type, h.subject_id): h for h in AuditHead.objects.all()}
    seen: set[tuple[str, str]] = set()
    key, expected_seq, prev = None, 1, GENESIS
    for event in AuditEvent.objects.order_by("subject_type", "subject_id", "seq").iterator(chunk_size=2000):
        this = (event.subject_type, event.subject_id)
        if this != key:
            if key is not None:
                yield from _tail_problems(key, expected_seq - 1, prev, heads)
            key, expected_seq, prev = this, 1, GENESIS
            seen.add(this)
        if event.seq != expected_seq:
            yield AuditProblem(*this, expected_seq, f"事件缺失（期望序号 {expected_seq}，实际 {event.seq}）")
        if event.prev_hash != prev:
            yield AuditProblem(*this, event.seq, "与前一事件的哈希链断开")
        if event_hash(event) != event.hash:
            yield AuditProblem(*this, event.seq, "事件内容被修改（哈希不符）")
        expected_seq, prev = event.seq + 1, event.hash
    if key is not None:
        yield from _tail_problems(key, expected_seq - 1, prev, heads)
    for missing in heads.keys() - seen:
        yield AuditProblem(*missing, None, "全部事件缺失")


def _tail_problems(key, last_seq, last_hash, heads) -> Iterator[AuditProblem]:
    head = heads.get(key)
    if head is None:
        yield AuditProblem(*key, None, "缺少链头记录")
    elif head.seq != last_seq or head.hash != last_hash:
        yield AuditProblem(*key, head.seq, f"末尾事件缺失（链头序号 {head.seq}，最后事件 {last_seq}）")
