"""The routes that exist: every Django URL pattern (pages) and every operation of the ninja API."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from gaoxin.api import api, unknown_path

# Not in the access table, with the reason:
SKIPPED_NAMESPACES = {
    # Django's own admin: its own login and staff check (is_staff, the admin account only), tested by Django.
    "admin",
}
SKIPPED_PREFIXES = (
    # Django's language switch: public by design, no object, nothing to refuse.
    "i18n/",
)
# The API's catch-all (unknown_path) answers every other path under /api/ with a JSON 404, for everyone alike.
SKIPPED_VIEWS = {unknown_path}
# ninja's mark of the API's root, there to be reversed: it answers 404 to everyone.
SKIPPED_NAMES = {f"{api.urls_namespace}:api-root"}
# Static files are served by WhiteNoise's middleware before URL resolution and have no URL pattern.


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def api_operations() -> dict[str, dict]:
    """ "METHOD /api/path" → the operation's OpenAPI entry, for every operation the API serves."""
    schema = api.get_openapi_schema(path_prefix="/api")
    return {
        f"{method.upper()} {path}": entry
        for path, methods in schema["paths"].items()
        for method, entry in methods.items()
    }


def _as_schema_path(route: str) -> str:
    """A Django route of the API ("api/cases/<uuidstr:case_id>") as the schema writes it ("/api/cases/{case_id}")."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def django_pages() -> dict[str, list[str]]:
    """URL name ("api:openapi-json" when namespaced) → its path parameters, for every URL pattern that is not an API
    operation (those are in api_operations()) and not skipped above."""
    operation_paths = {key.split(" ", 1)[1] for key in api_operations()}
    pages = {}
    for route, namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace in SKIPPED_NAMESPACES or route.startswith(SKIPPED_PREFIXES) or pattern.callback in SKIPPED_VIEWS:
            continue
        if namespace == api.urls_namespace and _as_schema_path(route) in operation_paths:
            continue
        assert pattern.name, f"the URL pattern {route!r} has no name to put in the access table"
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        if name in SKIPPED_NAMES:
            continue
        pages[name] = list(pattern.pattern.converters)
    return pages
