"""The addresses the platform prints (QR codes, verification addresses) follow where it is served."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parents[2]


def public_base_url_with(environment: dict) -> str:
    code = "import django; django.setup(); from django.conf import settings; print(settings.GAOXIN['PUBLIC_BASE_URL'])"
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "GAOXIN_PUBLIC_BASE_URL")}
    env.update(environment, DJANGO_SETTINGS_MODULE="gaoxin.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_demo_port_is_the_address_unless_one_is_given():
    assert public_base_url_with({}) == "http://127.0.0.1:8000"
    assert public_base_url_with({"PORT": "8123"}) == "http://127.0.0.1:8123"
    given = {"PORT": "8123", "GAOXIN_PUBLIC_BASE_URL": "https://zwfw.example.gov.cn"}
    assert public_base_url_with(given) == "https://zwfw.example.gov.cn"


@pytest.mark.django_db
def test_the_deploy_check_warns_about_an_address_only_this_machine_opens(settings):
    settings.GAOXIN = {**settings.GAOXIN, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    assert "gaoxin.core.W001" in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.GAOXIN = {**settings.GAOXIN, "PUBLIC_BASE_URL": "https://zwfw.example.gov.cn"}
    assert "gaoxin.core.W001" not in [m.id for m in run_checks(include_deployment_checks=True)]
