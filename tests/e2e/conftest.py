"""Browser tests: Playwright drives Debian's Chromium against a live server on the test database."""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.support.otp import current_code

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between page
# actions are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# `make screenshots` points this at docs/screenshots/; an ordinary test run keeps its pictures out of the tree.
SCREENSHOTS = Path(os.environ.get("GAOXIN_SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "gaoxin-screenshots"))
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# A page swapped by htmx on a busy machine (xdist, PostgreSQL) may take more than Playwright's default 5 s.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(username=None, viewport=DESKTOP) → a page in its own browser context, logged in if asked.

    Its base URL is the live server's, so page.goto("/portal/") works. A script error on any page (htmx
    failing, say) or anything the Content Security Policy refused fails the test that opened it.
    """
    contexts, script_errors = [], []

    def make(username: str | None = None, viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: script_errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: refused_by_policy(message) and script_errors.append(f"{page.url}: {message.text}"),
        )
        if username:
            log_in(page, username)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not script_errors, script_errors


def refused_by_policy(message) -> bool:
    return message.type == "error" and "Content Security Policy" in message.text


def log_in(page, username: str) -> None:
    """Through the login page, as a person would; done once the header names the person logged in."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("gaoxin-demo")
    page.get_by_role("button", name="登录").click()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:  # an administrator: the second step, the authenticator's code
        page.get_by_label("动态口令").fill(current_code(device))
        page.get_by_role("button", name="验证").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/code/"))
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
