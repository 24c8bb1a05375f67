"""The accounts' background task: tidying the login throttle (gaoxin.accounts.throttle)."""

from django_tasks import task

from gaoxin.accounts.throttle import login_throttle_tidy


@task()
def tidy_login_throttle() -> int:
    """Locks whose time ran out are lifted and audited when it runs, not only when someone tries the name again."""
    return login_throttle_tidy()
