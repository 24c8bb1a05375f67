"""The test suite's settings: the platform's own, started in development mode (a made-up secret and signing key, no
HTTPS redirect), but showing the pages as production does (no demo hint, API docs for staff). Production itself is
tested in subprocesses with DEBUG=0 (tests/core/test_production_settings.py)."""

import os

os.environ.setdefault("DEBUG", "1")

from gaoxin.settings import *  # noqa: E402,F403

GAOXIN["DEVELOPMENT"] = False  # noqa: F405
