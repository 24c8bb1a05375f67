"""The accounts' background tasks: tidying the login throttle (gaoxin.accounts.throttle), and disabling accounts
nobody uses (GB/T 22239-2019 8.1.4.2 d: 应及时删除或停用多余的、过期的账户)."""

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from gaoxin.accounts.actions import accounts_disable_unused, sign_in_codes_prune
from gaoxin.accounts.throttle import login_throttle_tidy


@task()
def tidy_login_throttle() -> int:
    """Locks whose time ran out are lifted and audited when it runs, not only when someone tries the name again."""
    return login_throttle_tidy()


@task()
def disable_unused_accounts(now: datetime | None = None) -> dict:
    """Disable the accounts unused for GAOXIN["ACCOUNT_UNUSED_DAYS"]; forget the reset codes of past days."""
    now = now or timezone.now()
    return {"disabled": len(accounts_disable_unused(now=now)), "codes_pruned": sign_in_codes_prune(now=now)}
