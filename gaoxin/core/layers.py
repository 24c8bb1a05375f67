"""The order of Gaoxin's apps, lowest first: a module may import its own app and the apps below it, never one above.

Dependencies then run one way, so that an app can be read, tested and changed knowing only what lies beneath it, and
no import cycle can form (Django loads models and app configs in an order; a cycle is an ImportError at start-up, or
a lazy import inside a function that hides it). When a lower app has to react to an upper one, the upper app
registers itself with the lower one — as every app adds its header entries through core/navigation.py — instead of
the lower app importing it. tests/core/test_import_layers.py reads every module under gaoxin/ and fails on an import
that runs back up, naming the file, the line and the import; docs/decisions/0014-layers.md says why the order is so.

The order was read off the imports the code has (module-level and lazy ones alike). Apps next to each other that do
not import one another could change places; the order fixes one way for the future.
"""

# Lowest first. Each line says what the app needs from below.
LAYERS: tuple[str, ...] = (
    "core",  # audit trail, errors, access, uploads, backups, page and API helpers: imports no app
    "identity",  # USCC and resident ID validation: pure
    "accounts",  # users, departments, roles, tokens (validates ID numbers with identity)
    "workdays",  # the working-day calendar and deadline arithmetic; administrators (accounts) edit it
    "notifications",  # messages to any user on every channel; cases, ratings, projects and jobs send them
    "catalog",  # service items and bundles, handled by departments
    "economy",  # enterprises, parks and indicators: licenses name an enterprise, projects sit in a park
    "wallet",  # materials given once, offered again when a case asks for them
    "cases",  # applications, tasks and decisions, over the catalog, the wallet and the calendar
    "documents",  # seals, and the written decisions issued on cases under them (受理 … 办结通知书), signed
    "certificates",  # licenses issued on decided cases, to enterprises of the economy register, under the seal
    "ratings",  # 好差评 of decided cases
    "projects",  # key projects, milestones and element-guarantee requests
    "demands",  # 万人助万企: pairings, visits and demands of the register's enterprises, followed in working days
    "jobs",  # the scheduler: imports the tasks of the apps it runs
    "cockpit",  # the leaders' dashboard: reads every pillar, nothing imports it
)

# The Django project's own modules (gaoxin/<name>.py) wire the apps together and may import any of them; no app may
# import them (settings are read through django.conf.settings).
PROJECT_MODULES: frozenset[str] = frozenset({"__init__", "settings", "urls", "api", "wsgi", "asgi", "gunicorn_conf"})


def rank(app: str) -> int:
    """The app's place in LAYERS (0 is core); a ValueError for a name that is not an app of LAYERS."""
    return LAYERS.index(app)
