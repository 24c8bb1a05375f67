"""Who may do what in the economy pillar: the one place for it (tested as a matrix in tests/economy).

Everyone with a login reads indicators, parks, enterprises and the innovation figures; the bulletin text is public.
Only statisticians and administrators write figures: the indicator import, enterprise output series, park and
industry of an enterprise, and the year-end innovation counts.
"""

from gaoxin.accounts.models import Role

WRITER_ROLES = {Role.STATISTICIAN, Role.ADMIN}


def may_read(user) -> bool:
    return bool(user and user.is_authenticated)


def sees_nav(user) -> bool:
    """经济运行 in the header for the zone's people; applicants may still open the pages by their address."""
    return may_read(user) and user.role != Role.APPLICANT


def may_import(user) -> bool:
    return may_read(user) and user.role in WRITER_ROLES


def may_record(user) -> bool:
    """Record enterprise figures and innovation counts, classify an enterprise (park, industry)."""
    return may_read(user) and user.role in WRITER_ROLES
