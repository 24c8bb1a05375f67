"""The production settings, as `make serve` loads them: DEBUG off, secrets from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings


def production_environment(tmp_path) -> dict:
    key = tmp_path / "signing.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], check=True)
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "gaoxin.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-production-secret-" + "x9" * 30,
        "ALLOWED_HOSTS": "gaoxin.example.cn",
        "GAOXIN_PUBLIC_BASE_URL": "https://gaoxin.example.cn",
        "GAOXIN_SIGNING_KEY": key.read_text(),
        "GAOXIN_PII_KEY": "a-production-key-of-personal-data-" + "p7" * 8,
        "GAOXIN_VAR_DIR": str(tmp_path),
        "GAOXIN_AUDIT_KEY": "audit-key-for-the-production-test-" + "k7" * 8,
        "GAOXIN_BACKUP_KEY": "backup-key-for-the-production-test-" + "b4" * 8,
    }


def manage(tmp_path, *arguments, environment: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment or production_environment(tmp_path),
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


@pytest.mark.parametrize(
    "change, named",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "x"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": "django-insecure-" + "k3y9" * 12}, "SECRET_KEY is weak"),
        ({"GAOXIN_SIGNING_KEY": None}, "GAOXIN_SIGNING_KEY is not set"),
        ({"GAOXIN_SIGNING_KEY": " "}, "GAOXIN_SIGNING_KEY is not set"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is not set"),
        ({"GAOXIN_PII_KEY": None}, "GAOXIN_PII_KEY is not set"),
        ({"GAOXIN_PII_KEY": "short-key"}, "GAOXIN_PII_KEY is weak"),
        ({"GAOXIN_AUDIT_KEY": None}, "GAOXIN_AUDIT_KEY is not set"),
        ({"GAOXIN_AUDIT_KEY": "short"}, "GAOXIN_AUDIT_KEY is weak"),
        ({"GAOXIN_AUDIT_KEY": "a" * 64}, "GAOXIN_AUDIT_KEY is weak"),
        ({"GAOXIN_BACKUP_KEY": None}, "GAOXIN_BACKUP_KEY is not set"),
        ({"GAOXIN_BACKUP_KEY": "0123456789abcdef"}, "GAOXIN_BACKUP_KEY is weak"),
        # Production is the default: an environment that says nothing of DEBUG is refused the same way.
        ({"DEBUG": None, "SECRET_KEY": None}, "SECRET_KEY is not set"),
    ],
)
def test_production_refuses_to_start_without_each_strong_setting(tmp_path, change, named):
    environment = production_environment(tmp_path)
    for name, value in change.items():
        if value is None:
            del environment[name]
        else:
            environment[name] = value
    result = manage(tmp_path, "check", environment=environment)
    assert result.returncode != 0
    assert "refuses to start" in result.stderr and named in result.stderr, result.stderr
    assert "Traceback" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production_refuses_the_demo_data(tmp_path):
    result = manage(tmp_path, "demo_load")
    assert result.returncode != 0 and "DEBUG=1" in result.stderr, result.stdout + result.stderr


@pytest.mark.django_db
def test_the_demo_accounts_are_named_on_the_login_page_only_in_development(client, settings):
    assert "gaoxin-demo" not in client.get("/accounts/login/").content.decode()
    settings.GAOXIN = {**settings.GAOXIN, "DEVELOPMENT": True}
    assert "gaoxin-demo" in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_the_api_docs_are_for_staff_in_production_and_for_everyone_in_development(client, settings):
    from gaoxin.accounts.models import User

    assert client.get("/api/docs").status_code == 302
    client.force_login(User.objects.get(username="applicant"))
    assert client.get("/api/openapi.json").status_code == 404
    client.force_login(User.objects.get(username="window"))
    assert client.get("/api/openapi.json").status_code == 200
    client.logout()
    settings.GAOXIN = {**settings.GAOXIN, "DEVELOPMENT": True}
    assert client.get("/api/openapi.json").status_code == 200
