"""The API's OpenAPI schema as /api/openapi.json serves it (which, in production, only staff may read)."""

import json


def served_schema() -> dict:
    from ninja.responses import Response

    from gaoxin.api import api

    return json.loads(Response(api.get_openapi_schema()).content)
