"""What the hostile tests share: a bearer token for each demo role."""

import pytest

ROLES = ["applicant", "window", "amr", "leader", "officer", "stats", "admin"]


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    from gaoxin.accounts.actions import token_issue
    from gaoxin.accounts.models import ApiToken, User
    from gaoxin.accounts.signin import confirmed_device
    from tests.support.otp import current_code

    def issue(username: str) -> str:
        device = confirmed_device(User.objects.get(username=username))
        otp = current_code(device) if device else ""
        return token_issue(request=None, username=username, password="gaoxin-demo", otp=otp)[0]

    # Issued once for the module (argon2 per login is slow), committed, and removed afterwards.
    with django_db_blocker.unblock():
        issued = {role: issue(role) for role in ROLES}
    yield issued
    with django_db_blocker.unblock():
        ApiToken.objects.filter(user__username__in=ROLES).delete()
