"""The production settings, as `make serve` loads them: DEBUG off, secrets from the environment."""

import json
import os
import subprocess
import sys

from django.conf import settings


def production_environment(tmp_path) -> dict:
    key = tmp_path / "signing.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], check=True)
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-production-secret-" + "x9" * 30,
        "ALLOWED_HOSTS": "gaoxin.example.cn",
        "GAOXIN_PUBLIC_BASE_URL": "https://gaoxin.example.cn",
        "GAOXIN_SIGNING_KEY": key.read_text(),
        "GAOXIN_VAR_DIR": str(tmp_path),
    }


def manage(tmp_path, *arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_cookies_are_secure_and_logs_are_json_lines(tmp_path):
    script = (
        "from django.conf import settings as s; import json, logging; "
        "logging.getLogger('gaoxin.probe').warning('probe'); "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_HSTS_SECONDS > 0, s.SECURE_CONTENT_TYPE_NOSNIFF]))"
    )
    result = manage(tmp_path, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, True, True, True, True]
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "probe" and line["level"] == "WARNING" and line["request_id"] == "-"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = production_environment(tmp_path)
    del environment["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
