"""Who may rate a case, who sees and handles rectifications, who reads the figures: the one place for all three."""

from gaoxin.accounts.models import Role
from gaoxin.cases.models import DECIDED_STATUSES, CaseStatus, Channel

# A case may be rated once it is decided: approved, denied, or not accepted at the window. A withdrawn case was
# never decided by anyone, so there is nothing to rate.
RATEABLE_STATUSES = frozenset({*DECIDED_STATUSES, CaseStatus.NOT_ACCEPTED})


def is_walk_in(case) -> bool:
    """Registered at the window for an applicant without an account (一次一评 at the counter)."""
    return case.channel == Channel.WINDOW and case.applicant_id is None


def may_rate(user, case) -> bool:
    """The applicant rates their own case; the window rates a walk-in case on the applicant's behalf."""
    if case.applicant_id is not None:
        return case.applicant_id == user.pk
    return user.role == Role.CLERK and is_walk_in(case)


def sees_all_rectifications(user) -> bool:
    return user.role in (Role.LEADER, Role.ADMIN)


def may_handle(user, rectification) -> bool:
    """An approver of the responsible department records the callback and closes; an administrator may too."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.APPROVER and user.department_id == rectification.department_id


def sees_satisfaction(user) -> bool:
    return user.is_authenticated and user.role in (Role.LEADER, Role.ADMIN, Role.CLERK)
