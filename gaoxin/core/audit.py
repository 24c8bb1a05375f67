"""Writing and verifying the hash-chained audit trail."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from gaoxin.core.models import AuditEvent, AuditHead

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


def audit_record(
    *,
    subject_type: str,
    subject_id: str,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
    at=None,
) -> AuditEvent:
    """Append one event to the subject's chain. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records.")
    head, _ = AuditHead.objects.select_for_update().get_or_create(subject_type=subject_type, subject_id=str(subject_id))
    event = AuditEvent(
        subject_type=subject_type,
        subject_id=str(subject_id),
        seq=head.seq + 1,
        at=at or timezone.now(),
        actor_id=getattr(actor, "pk", None),
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
        prev_hash=head.hash or GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


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
