"""A property of the whole API: no value a client can send in one field makes it answer 5xx, and every refusal is
in Chinese. The served OpenAPI schema is walked for every text and number field of every operation (path, query,
JSON and form bodies, nested objects and lists); each example fills an operation's request with plain valid values,
then puts one hostile value into one field: a lone surrogate, a NUL, text far past any column, numbers past 64 bits
or negative, dates no calendar has, a value of the wrong type. Run on SQLite and on PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/gx_limits .venv/bin/pytest tests/hostile/test_hostile_values.py"""

import json
import os
import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cases.test_api_flow import COMPANY_SETUP
from tests.hostile.conftest import ROLES
from tests.support.openapi import served_schema

EXAMPLES = int(os.environ.get("GAOXIN_HOSTILE_EXAMPLES", "6"))

HOSTILE = [
    "\ud800",
    "前\udfff后",
    "a\x00b",
    "\x00",
    "长" * 6000,
    "x" * 100_000,
    "line\nbreak",
    "𝕏" * 300,
    "' OR 1=1 --",
    "",
    " ",
    2**63,
    -(2**63) - 1,
    10**40,
    -1,
    0,
    1.5,
    1e308,
    True,
    None,
    "99999999999999999999999",
    "-9223372036854775809",
    "1e400",
    "NaN",
    "99999-01-01",
    "0000-00-00",
    "2026-02-30",
    "-0001-01-01",
    "2026-13-01T25:61:61+99:00",
    [],
    {},
]

SCHEMA = served_schema()
COMPONENTS = SCHEMA["components"]["schemas"]


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        options = [resolve(s) for s in schema.get(key, []) if resolve(s).get("type") != "null"]
        if options:
            return options[0]
    return schema


def plain(schema: dict):
    """A value the schema accepts, for every field but the one under attack."""
    schema = resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {name: plain(p) for name, p in schema.get("properties", {}).items() if name in required}
    if kind == "array":
        return [plain(schema.get("items", {}))] if schema.get("minItems") else []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    return {"uuid": str(uuid.uuid4()), "date": "2026-01-05", "date-time": "2026-01-05T09:00:00+08:00"}.get(
        schema.get("format"), "x"
    )


def slots(schema: dict, path: tuple) -> list[tuple]:
    """Every scalar field below schema, as a path of keys (0 for a list's one element)."""
    schema = resolve(schema)
    if schema.get("type") == "object" or "properties" in schema:
        return [slot for name, p in schema.get("properties", {}).items() for slot in slots(p, (*path, name))]
    if schema.get("type") == "array":
        return slots(schema.get("items", {}), (*path, 0))
    if schema.get("format") == "binary":
        return []
    return [path]


def with_value(body, path: tuple, value):
    """body with value at path, the objects and lists on the way made as needed."""
    if not path:
        return value
    key, rest = path[0], path[1:]
    if isinstance(key, int):
        items = list(body) if isinstance(body, list) and body else [None]
        items[0] = with_value(items[0] if items[0] is not None else {}, rest, value)
        return items
    body = dict(body) if isinstance(body, dict) else {}
    body[key] = with_value(body.get(key, {}), rest, value)
    return body


def operations() -> list[tuple]:
    found = []
    for url, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            params = operation.get("parameters", [])
            content = operation.get("requestBody", {}).get("content", {})
            kind, media = next(iter(content.items()), (None, {}))
            body_schema = media.get("schema", {})
            fields = [(p["in"], (p["name"],)) for p in params if p["in"] in ("path", "query")]
            fields += [("body", path) for path in slots(body_schema, ())] if kind else []
            if fields:
                found.append(pytest.param(url, method, params, kind, body_schema, fields, id=f"{method} {url}"))
    return found


def text(value) -> str:
    """A value as it goes into a URL: UTF-8 (a lone surrogate as the three bytes CESU would write), escaped."""
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def request_for(url, params, kind, body_schema, target, value, known_ids) -> tuple[str, dict]:
    where, path = target
    values = {p["name"]: known_ids.get(p["name"], plain(p.get("schema", {}))) for p in params}
    if where in ("path", "query"):
        values[path[0]] = value
    for p in params:
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", text(values[p["name"]]))
    query = "&".join(
        f"{p['name']}={text(values[p['name']])}"
        for p in params
        if p["in"] == "query" and (p.get("required") or p["name"] == path[0])
    )
    body = plain(body_schema) if kind else None
    if where == "body":
        body = with_value(body, path, value)
    return url + ("?" + query if query else ""), body


def chinese(answer) -> bool:
    detail = answer.json().get("detail", "") if answer.get("Content-Type", "").startswith("application/json") else ""
    return any("\u4e00" <= c <= "\u9fff" for c in str(detail))


@pytest.fixture
def known_ids(api):
    """Objects the demo has, so that a request reaches its body's checks and not only a 404."""
    from gaoxin.projects.models import Project

    case = api("applicant").post("/api/cases", COMPANY_SETUP).json()
    return {"case_id": case["id"], "project_id": str(Project.objects.order_by("code").first().pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("url, method, params, kind, body_schema, fields", operations())
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_hostile_value_in_any_field_is_a_500(
    client, tokens, known_ids, url, method, params, kind, body_schema, fields, data
):
    target = data.draw(st.sampled_from(fields), label="field")
    value = data.draw(st.sampled_from(HOSTILE), label="value")
    role = data.draw(st.sampled_from([*ROLES, None]), label="role")
    path, body = request_for(url, params, kind, body_schema, target, value, known_ids)
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    if kind == "application/json":
        answer = client.generic(method.upper(), path, json.dumps(body), "application/json", headers=headers)
    elif kind:
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (body or {}).items()}
        answer = client.generic(method.upper(), path, _encoded(form), _FORM, headers=headers)
    else:
        answer = client.generic(method.upper(), path, headers=headers)
    assert answer.status_code < 500, (path, answer.status_code, answer.content[:500])
    if 400 <= answer.status_code < 500:
        assert chinese(answer), (path, answer.status_code, answer.content[:500])


_FORM = "multipart/form-data; boundary=HostileBoundary"


def _encoded(form: dict) -> bytes:
    """A multipart body written by hand: the test client's encoder refuses a lone surrogate before it is sent."""
    parts = [
        b'--HostileBoundary\r\nContent-Disposition: form-data; name="'
        + name.encode()
        + b'"\r\n\r\n'
        + value.encode("utf-8", "surrogatepass")
        + b"\r\n"
        for name, value in form.items()
    ]
    return b"".join(parts) + b"--HostileBoundary--\r\n"
