"""Who reads the leaders' cockpit: leaders and administrators. Anyone else gets a 404 (the page is not theirs to know
of), as the case overview does; an anonymous person is sent to log in (pages) or gets a 401 (API)."""

from gaoxin.accounts.models import Role

READERS = {Role.LEADER, Role.ADMIN}


def may_view(user) -> bool:
    return bool(user and user.is_authenticated and user.role in READERS)
