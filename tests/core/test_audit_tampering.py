"""The audit trail cannot be rewritten unnoticed by someone who can write the database (GB/T 22239-2019 8.1.4.3 c):
cutting a chain back to an older signed head, deleting a chain with its head, or editing an event and recomputing
every later hash are each found by audit_verify, which says after which checkpoint; an honest trail written to
meanwhile verifies clean."""

import io
import json
import os
import stat
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gaoxin.core import keys
from gaoxin.core.audit import audit_problems, audit_record, event_hash
from gaoxin.core.audit_checkpoints import checkpoint_path, checkpoint_write, read_checkpoints
from gaoxin.core.models import AuditEvent, AuditHead
from gaoxin.core.tasks import checkpoint_audit

pytestmark = pytest.mark.django_db


def record(subject_id: str, events: int) -> None:
    with transaction.atomic():
        for n in range(events):
            audit_record(subject_type="test", subject_id=subject_id, actor=None, action=f"step{n}", reason="原因")


def head_row(subject_id: str) -> tuple:
    return AuditHead.objects.filter(subject_type="test", subject_id=subject_id).values_list("seq", "hash", "mac").get()


def execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_fails() -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("audit_verify", stdout=out)
    return out.getvalue() + str(failed.value)


def problems() -> list[str]:
    return [str(problem) for problem in audit_problems()]


# --- the three rewrites ---------------------------------------------------------------------------------------


def cut_back(subject_id: str, to_head: tuple) -> None:
    """What someone with the database can do: delete the newest events and put back the head (signed) they had."""
    seq, last_hash, mac = to_head
    newer = "DELETE FROM core_auditevent WHERE subject_type = 'test' AND subject_id = %s AND seq > %s"
    execute(newer, [subject_id, seq])
    execute(
        "UPDATE core_audithead SET seq = %s, hash = %s, mac = %s WHERE subject_type = 'test' AND subject_id = %s",
        [seq, last_hash, mac, subject_id],
    )


def test_a_chain_cut_back_to_an_older_signed_head_is_found_and_dated_to_the_checkpoint():
    record("s1", 3)
    older_head = head_row("s1")
    record("s1", 2)
    checkpoint = checkpoint_write()
    cut_back("s1", older_head)
    # Without the checkpoint the chain is whole: three events and the head that signed them.
    found = problems()
    assert any("落后于检查点" in p and "第 1 个检查点" in p for p in found), found
    output = verify_fails()
    assert "审计记录在第 1 个检查点" in output and "之后被改动" in output, output
    assert checkpoint["n"] == 1


def test_a_cut_back_a_later_checkpoint_saw_is_dated_between_the_two():
    record("s1", 3)
    older_head = head_row("s1")
    record("s1", 2)
    checkpoint_write()
    cut_back("s1", older_head)
    checkpoint_write()  # the worker's next quarter hour records the head as it now is
    found = problems()
    assert any("退回" in p and "第 1 个检查点" in p for p in found), found
    assert "审计记录在第 1 个检查点" in verify_fails()


def test_a_chain_deleted_with_its_head_is_found():
    record("s1", 2)
    record("s2", 3)
    checkpoint_write()
    execute("DELETE FROM core_auditevent WHERE subject_type = 'test' AND subject_id = 's2'", [])
    execute("DELETE FROM core_audithead WHERE subject_type = 'test' AND subject_id = 's2'", [])
    found = problems()
    assert any(p.startswith("test s2") and "整条链" in p and "第 1 个检查点" in p for p in found), found
    assert "审计记录在第 1 个检查点" in verify_fails()


def recompute_after_editing(subject_id: str, seq: int) -> None:
    """Edit an event and recompute its hash and every later one, and the head's hash, as anyone can (SHA-256 needs
    no key); only the head's MAC cannot be made without the audit key."""
    events = list(AuditEvent.objects.filter(subject_type="test", subject_id=subject_id).order_by("seq"))
    prev = events[seq - 2].hash if seq > 1 else "0" * 64
    for event in events[seq - 1 :]:
        if event.seq == seq:
            event.reason = "改过的原因"
        event.prev_hash = prev
        event.hash = prev = event_hash(event)
        execute(
            "UPDATE core_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.reason, event.prev_hash, event.hash, event.pk],
        )
    execute("UPDATE core_audithead SET hash = %s WHERE subject_type = 'test' AND subject_id = %s", [prev, subject_id])


def test_an_edited_event_with_every_later_hash_recomputed_is_found():
    record("s1", 4)
    recompute_after_editing("s1", 2)
    found = problems()
    assert any("#4" in p and "签名不符" in p for p in found), found
    assert not any("哈希不符）" in p or "断开" in p for p in found), "the chain itself is consistent again"
    verify_fails()


def test_a_recomputed_chain_is_dated_to_the_checkpoint_that_saw_it_whole():
    record("s1", 4)
    checkpoint_write()
    recompute_after_editing("s1", 2)
    found = problems()
    assert any("#4" in p and "检查点记录的哈希不符" in p and "第 1 个检查点" in p for p in found), found
    assert "审计记录在第 1 个检查点" in verify_fails()


def test_a_head_signed_with_another_key_is_found(monkeypatch):
    record("s1", 2)
    monkeypatch.setenv(keys.AUDIT_KEY, "someone-elses-key-" + "0123456789abcdef" * 2)
    record("s1", 1)
    monkeypatch.delenv(keys.AUDIT_KEY)
    assert any("签名不符" in p for p in problems())


# --- an honest trail -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_honest_trail_written_to_while_checkpointed_and_verified_is_clean():
    errors: list[BaseException] = []
    stop = threading.Event()

    def write_events(subject_id: str) -> None:
        try:
            n = 0
            while not stop.is_set() or n < 20:
                # Chains that go on, and chains begun while the heads are being read.
                chain = f"{subject_id}-{n % 7}" if n % 3 else f"{subject_id}-new-{n}"
                with transaction.atomic():
                    audit_record(subject_type="load", subject_id=chain, actor=None, action=f"w{n}")
                n += 1
        except BaseException as error:  # reported by the test thread
            errors.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write_events, args=(name,)) for name in ("a", "b")]
    for writer in writers:
        writer.start()
    try:
        found = []
        for _ in range(6):
            checkpoint_write()
            found += problems()
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=120)
    assert not errors, errors
    assert found == []
    checkpoint_write()
    assert problems() == []
    assert read_checkpoints().last.number == 7
    call_command("audit_verify", stdout=io.StringIO())


def test_the_worker_writes_checkpoints():
    record("s1", 2)
    result = checkpoint_audit.call()
    assert result == {"checkpoint": 1, "chains": AuditHead.objects.count(), "changed": AuditHead.objects.count()}
    record("s1", 1)
    assert checkpoint_audit.call() == {"checkpoint": 2, "chains": AuditHead.objects.count(), "changed": 1}


# --- the checkpoint file ------------------------------------------------------------------------------------


def lines() -> list[dict]:
    return [json.loads(text) for text in checkpoint_path().read_text().splitlines()]


def test_checkpoints_are_appended_chained_and_readable_by_their_owner_only():
    record("s1", 2)
    previous = os.umask(0)
    try:
        checkpoint_write()
        first = checkpoint_path().read_bytes()
        record("s1", 1)
        record("s2", 1)
        checkpoint_write()
    finally:
        os.umask(previous)
    assert stat.S_IMODE(checkpoint_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(checkpoint_path().parent.stat().st_mode) == 0o700
    assert checkpoint_path().read_bytes().startswith(first)
    one, two = lines()
    assert (one["n"], two["n"]) == (1, 2) and two["prev"] == one["mac"] and one["prev"] == "0" * 64
    assert one["chains"] == AuditHead.objects.count() - 1 and two["chains"] == AuditHead.objects.count()
    # The second line names only what changed: s1 moved on to 3, s2 is new.
    assert sorted(head[1:3] for head in two["heads"] if head[0] == "test") == [["s1", 3], ["s2", 1]]
    assert read_checkpoints().state[("test", "s1")] == head_row("s1")[:2]
    assert problems() == []


def rewrite_lines(change) -> None:
    rewritten = change(checkpoint_path().read_text().splitlines(keepends=True))
    checkpoint_path().write_text("".join(rewritten))


def test_an_edited_checkpoint_is_found():
    record("s1", 3)
    checkpoint_write()
    checkpoint_write()

    def lower_the_seq(texts):
        line = json.loads(texts[0])
        line["heads"] = [[*head[:2], 1, head[3]] if head[1] == "s1" else head for head in line["heads"]]
        return [json.dumps(line) + "\n", *texts[1:]]

    rewrite_lines(lower_the_seq)
    assert any("检查点文件" in p and "#1" in p and "签名不符" in p for p in problems())


def test_a_removed_checkpoint_is_found():
    record("s1", 1)
    for _ in range(3):
        checkpoint_write()
    rewrite_lines(lambda texts: [texts[0], texts[2]])
    assert any("检查点文件" in p and "接不上" in p for p in problems())


def test_a_line_cut_short_by_a_crash_stays_apart_from_the_next():
    record("s1", 1)
    checkpoint_write()
    with checkpoint_path().open("a") as file:
        file.write('{"n": 2, "at": ')
    checkpoint_write()
    unreadable = "（检查点文件） checkpoints.jsonl #2: 不是检查点记录（无法读取）"
    assert [p for p in problems() if "检查点文件" in p] == [unreadable]
    assert len(checkpoint_path().read_text().splitlines()) == 3


# --- the keys -------------------------------------------------------------------------------------------------


def test_a_development_key_is_made_once_readable_by_its_owner_only(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(keys.AUDIT_KEY, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.GAOXIN = {**settings.GAOXIN, "KEY_DEV_FALLBACK": True}
    previous = os.umask(0)
    try:
        first = keys.audit_key()
    finally:
        os.umask(previous)
    path = tmp_path / "var" / "dev-audit-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_text()) >= keys.MIN_LENGTH
    assert keys.audit_key() == first != keys.backup_key()


def test_without_the_development_fallback_a_missing_or_weak_key_is_refused(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from gaoxin.core.checks import keys_configured

    settings.GAOXIN = {**settings.GAOXIN, "KEY_DEV_FALLBACK": False}
    monkeypatch.delenv(keys.AUDIT_KEY, raising=False)
    monkeypatch.setenv(keys.BACKUP_KEY, "too-short")
    monkeypatch.setenv(keys.PII_KEY, "a-strong-personal-data-key-" + "0123456789abcdef" * 2)
    with pytest.raises(ImproperlyConfigured, match="GAOXIN_AUDIT_KEY is not set"):
        keys.audit_key()
    with pytest.raises(ImproperlyConfigured, match="GAOXIN_BACKUP_KEY is weak"):
        keys.backup_key()
    assert [error.id for error in keys_configured(None)] == ["gaoxin.core.E001", "gaoxin.core.E001"]
    monkeypatch.setenv(keys.AUDIT_KEY, "a-strong-audit-key-" + "0123456789abcdef" * 2)
    monkeypatch.setenv(keys.BACKUP_KEY, "a-strong-backup-key-" + "0123456789abcdef" * 2)
    assert keys_configured(None) == [] and keys.audit_key() != keys.backup_key()
