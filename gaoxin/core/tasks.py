"""The core's scheduled work: the audit trail's checkpoints (gaoxin.jobs.schedule runs it)."""

from datetime import datetime

from django_tasks import task

from gaoxin.core.audit_checkpoints import checkpoint_write


@task()
def checkpoint_audit(now: datetime | None = None) -> dict:
    """Append a signed checkpoint of every audit chain's head to the file outside the database."""
    line = checkpoint_write(now=now)
    return {"checkpoint": line["n"], "chains": line["chains"], "changed": len(line["heads"])}
