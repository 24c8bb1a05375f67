"""Who may do what to a license: the one place for both."""

from gaoxin.accounts.models import Role
from gaoxin.cases import rules as case_rules


def may_download(user, license) -> bool:
    """The case's applicant, and the people who see every case (window clerks, leaders, administrators)."""
    if not user.is_authenticated:
        return False
    return case_rules.is_owner(user, license.case) or case_rules.sees_all_cases(user)


def may_revoke(user) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN
