"""Who may rate a case, appeal a rating, decide an appeal, see and handle rectifications, read the figures: the one
place for all of them.

国办发〔2019〕51号: the rating is the service object's own (一次一评, 一事一评); no member of staff rates for them. So a
case is rated by its applicant's account, or — a walk-in applicant without one — through the case's own link, on
their phone or on the window's evaluator, never by a logged-in member of staff.
"""

from gaoxin.accounts.models import Role
from gaoxin.cases.models import DECIDED_STATUSES, CaseStatus, Channel

# A case may be rated once it is decided: approved, denied, or not accepted at the window. A withdrawn case was
# never decided by anyone, so there is nothing to rate.
RATEABLE_STATUSES = frozenset({*DECIDED_STATUSES, CaseStatus.NOT_ACCEPTED})

# The documents that end a case, whose PDF invites the applicant to rate: a bundle's 办结通知书, a refusal at the
# window, and a single item's decision (a bundle's step decisions are not the end of it).
INVITING_KINDS = frozenset({"completion", "refusal"})
SINGLE_ITEM_INVITING_KINDS = frozenset({"grant", "denial"})


def is_walk_in(case) -> bool:
    """Registered at the window for an applicant without an account: they rate through the case's link."""
    return case.channel == Channel.WINDOW and case.applicant_id is None


def may_rate(user, case) -> bool:
    """Only the applicant's own account rates through the API and the pages; a walk-in case has none."""
    return case.applicant_id is not None and case.applicant_id == user.pk


def is_staff_member(user) -> bool:
    """Logged in with any role but applicant: such a person may not rate, not even through an applicant's link."""
    return user.is_authenticated and user.role != Role.APPLICANT


def may_ask_to_rate(user, case) -> bool:
    """The window shows a walk-in's QR code and sends the case to its evaluator; it never rates."""
    return user.role == Role.CLERK and is_walk_in(case)


def may_appeal(user, rating) -> bool:
    """An approver of the rating's responsible department (who sees its rectification)."""
    return user.role == Role.APPROVER and user.department_id == rating.department_id


def may_decide_appeal(user) -> bool:
    return user.role == Role.ADMIN


def sees_all_rectifications(user) -> bool:
    return user.role in (Role.LEADER, Role.ADMIN)


def may_handle(user, rectification) -> bool:
    """An approver of the responsible department records the callback and closes; an administrator may too."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.APPROVER and user.department_id == rectification.department_id


def sees_satisfaction(user) -> bool:
    return user.is_authenticated and user.role in (Role.LEADER, Role.ADMIN, Role.CLERK)
