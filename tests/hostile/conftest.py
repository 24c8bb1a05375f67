"""What the hostile tests share: a bearer token for each demo role."""

import pytest

ROLES = ["applicant", "window", "amr", "leader", "officer", "stats", "admin"]


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    from gaoxin.accounts.actions import token_issue
    from gaoxin.accounts.models import ApiToken

    # Issued once for the module (argon2 per login is slow), committed, and removed afterwards.
    with django_db_blocker.unblock():
        issued = {role: token_issue(request=None, username=role, password="gaoxin-demo")[0] for role in ROLES}
    yield issued
    with django_db_blocker.unblock():
        ApiToken.objects.filter(user__username__in=ROLES).delete()
