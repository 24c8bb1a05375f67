"""Schemathesis against /api/openapi.json, in-process through the WSGI app on the test database: every operation,
as a random one of the demo roles (or nobody), with generated valid and invalid input. No answer may be a 5xx, and
every answer must match the schema (status, content type, body).

The examples are the same on every run (derandomized), so CI passes or fails on the code, not on luck. To explore:
GAOXIN_FUZZ_EXAMPLES=200 GAOXIN_FUZZ_RANDOM=1 .venv/bin/pytest tests/hostile/test_api_fuzz.py -p no:cacheprovider
(10 examples per operation by default; the deterministic coverage cases run in addition)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from gaoxin.wsgi import application
from tests.hostile.conftest import ROLES
from tests.support.openapi import served_schema

EXAMPLES = int(os.environ.get("GAOXIN_FUZZ_EXAMPLES", "10"))
RANDOM = os.environ.get("GAOXIN_FUZZ_RANDOM") == "1"

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # The schema gives shapes; rules it cannot state (a known bundle code, a valid ID number, a case in the
            # right state) are refused with 400 or 409 and the field, which is an answer, not a rejected shape.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]},
        },
    }
)


schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)
schema.app = application


@pytest.fixture
def connection_kept_open():
    """Django closes the connection after each request unless it is the test client asking; schemathesis calls the
    WSGI app directly, so do what the test client does, or the test's transaction would be closed under it."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_open")
@schema.parametrize()
@schema.given(role=st.sampled_from([*ROLES, None]))
@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case, role, tokens):
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    case.call_and_validate(headers=headers)
