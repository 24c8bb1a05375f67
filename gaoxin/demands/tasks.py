"""The demands' scheduled job: supervision (督办) of the units' time limits."""

from django_tasks import task

from gaoxin.demands.actions import demands_supervise


@task()
def supervise_demands() -> dict:
    """Warn units of deadlines near (80 % used) and escalate missed ones to the unit's head, then the leader."""
    return demands_supervise()
