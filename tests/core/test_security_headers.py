import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings

from gaoxin.core.logs import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/catalog/items", "/api/docs", "/healthz"])
def test_every_answer_carries_the_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize("template", sorted(Path(settings.BASE_DIR, "gaoxin").rglob("templates/**/*.html")), ids=str)
def test_no_template_holds_script_the_policy_would_block(template):
    html = template.read_text()
    assert not INLINE_HANDLER.search(html) and not INLINE_SCRIPT.search(html)


@pytest.mark.django_db
def test_a_request_gets_an_id_and_every_log_line_of_it_carries_that_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="gaoxin.access"):
        response = client.get("/api/catalog/items/does-not-exist")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    access = [r for r in caplog.records if r.name == "gaoxin.access"]
    assert [(r.request_id, r.status, r.path) for r in access] == [
        (request_id, 404, "/api/catalog/items/does-not-exist")
    ]


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-4f1c2a9e77"})["X-Request-ID"] == "lb-4f1c2a9e77"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>\nforged"})["X-Request-ID"]
    assert replaced != "<script>\nforged" and len(replaced) == 32


def test_json_lines_hold_the_request_id_and_the_extra_fields():
    record = logging.makeLogRecord(
        {"name": "gaoxin.access", "levelname": "INFO", "msg": "GET %s", "args": ("/",), "status": 200}
    )
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /" and line["status"] == 200 and line["request_id"] == "-"
    assert set(line) >= {"time", "level", "logger", "request_id", "message"}


@pytest.mark.django_db
def test_the_access_line_names_the_user_a_page_loaded(client, caplog, django_user_model):
    client.login(username="applicant", password="gaoxin-demo")
    with caplog.at_level(logging.INFO, logger="gaoxin.access"):
        client.get("/portal/")
    [line] = [r for r in caplog.records if r.name == "gaoxin.access"]
    assert line.user == django_user_model.objects.get(username="applicant").pk
