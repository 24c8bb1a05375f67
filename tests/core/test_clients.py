"""The source address the throttle counts and the audit trail and access log record: X-Forwarded-For is believed only
from a configured proxy (issue 15, 安全审计)."""

import logging

import pytest
from django.test import RequestFactory

from gaoxin.core.clients import client_address, trusted_proxies


@pytest.fixture
def proxies(settings):
    def configure(*entries):
        settings.GAOXIN = {**settings.GAOXIN, "TRUSTED_PROXIES": list(entries)}
        trusted_proxies.cache_clear()

    yield configure
    trusted_proxies.cache_clear()


def request_from(peer: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_a_forwarded_header_from_anyone_else_is_ignored(proxies):
    proxies()
    assert client_address(request_from("203.0.113.5", "1.2.3.4")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_rightmost_address_not_ours_is_the_client(proxies):
    proxies("10.0.0.0/24", "192.168.1.1")
    forwarded = "6.6.6.6, 198.51.100.7, 192.168.1.1"  # the client forged 6.6.6.6; our proxies appended the rest
    assert client_address(request_from("10.0.0.2", forwarded)) == "198.51.100.7"


def test_a_trusted_proxy_without_a_usable_header_is_itself_the_source(proxies):
    proxies("10.0.0.2")
    assert client_address(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_address(None) == ""


@pytest.mark.django_db
def test_access_log_lines_carry_the_user_and_the_source_address(client, caplog, proxies):
    proxies("127.0.0.1")
    client.post("/accounts/login/", {"username": "window", "password": "gaoxin-demo"})
    with caplog.at_level(logging.INFO, logger="gaoxin.access"):
        client.get("/notifications/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    line = next(r for r in caplog.records if r.name == "gaoxin.access" and r.path == "/notifications/")
    assert line.address == "198.51.100.7" and line.user is not None
