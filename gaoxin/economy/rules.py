"""Who may do what in the economy pillar: the one place for it (tested as a matrix in tests/economy).

The zone's own people (every logged-in role but applicants) read indicators, parks, enterprises and the innovation
figures: an enterprise's output series is a respondent's own data, which the Statistics Law keeps confidential.
Applicants get a 404, as for anything not for them. The bulletin text is public.
Only statisticians and administrators write figures: the indicator import, enterprise output series, park and
industry of an enterprise, and the year-end innovation counts.
"""

from gaoxin.accounts.models import Role, is_zone_staff

WRITER_ROLES = {Role.STATISTICIAN, Role.ADMIN}


def may_read(user) -> bool:
    return is_zone_staff(user)


def sees_nav(user) -> bool:
    """经济运行 in the header for everyone who may read it."""
    return may_read(user)


def may_import(user) -> bool:
    return may_read(user) and user.role in WRITER_ROLES


def may_record(user) -> bool:
    """Record enterprise figures and innovation counts, classify an enterprise (park, industry)."""
    return may_read(user) and user.role in WRITER_ROLES
