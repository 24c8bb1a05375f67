"""A forgotten password is reset by a code sent to the account's phone (through the real SMS gateway on loopback) or
e-mail (issue 15, hole 11). The answers never tell whether an account exists; codes are hashed, short-lived, tried a
few times, one live per account, and a few an hour."""

import re

import pytest
from django.core import mail
from django.test import Client

from gaoxin.accounts.models import SignInCode, User
from gaoxin.core.models import AuditEvent
from gaoxin.notifications.actions import deliveries_send_pending
from tests.notifications.conftest import gateway  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

NEW = "Kaifaqu-2026"


def ask(browser, account: str):
    return browser.post("/accounts/password/reset/", {"account": account})


def answer(browser, code: str, password: str = NEW):
    return browser.post(
        "/accounts/password/reset/code/", {"code": code, "new_password": password, "new_password_again": password}
    )


def test_a_code_by_sms_through_the_gateway_resets_the_password(gateway):  # noqa: F811
    browser = Client()
    response = ask(browser, "officer")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/code/"
    assert deliveries_send_pending() == 1
    (sms,) = gateway.sent("GX_SIGN_IN_CODE")
    assert sms["PhoneNumbers"] == "13800000011"
    code = sms["TemplateParam"]["code"]
    assert len(code) == 6 and code.isdigit()
    stored = SignInCode.objects.get(user__username="officer")
    assert code not in stored.digest, "only a keyed hash of the code is stored"
    done = answer(browser, code)
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    officer = User.objects.get(username="officer")
    assert officer.check_password(NEW)
    assert AuditEvent.objects.filter(subject_id=str(officer.pk), action="password_reset").exists()
    assert answer(Client(), code).status_code == 302, "no account in a new session: back to step one"
    again = Client()
    ask(again, "officer")
    assert answer(again, code).status_code == 400, "a code works once"


def test_a_code_by_e_mail_to_an_account_named_by_its_address(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(username="leader").update(email="zhao@example.gov.cn")
    browser = Client()
    ask(browser, "ZHAO@example.gov.cn")
    deliveries_send_pending()
    (message,) = mail.outbox
    assert message.to == ["zhao@example.gov.cn"]
    code = re.search(r"\d{6}", message.body).group()
    weak = answer(browser, code, "kaifaqu2026")
    assert weak.status_code == 400 and "至少 3 类" in weak.content.decode()
    assert answer(browser, code).status_code == 302
    assert User.objects.get(username="leader").check_password(NEW)


def test_an_unknown_account_gets_the_same_answers_as_a_known_one(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    known, unknown = Client(), Client()
    first = ask(known, "officer"), ask(unknown, "nobody-here")
    assert [(r.status_code, r["Location"]) for r in first][0] == [(r.status_code, r["Location"]) for r in first][1]
    pages = known.get("/accounts/password/reset/code/"), unknown.get("/accounts/password/reset/code/")
    assert _stable(pages[0]) == _stable(pages[1])
    wrong = answer(known, "000000"), answer(unknown, "000000")
    assert wrong[0].status_code == wrong[1].status_code == 400
    assert _errors(wrong[0]) == _errors(wrong[1]) == ["验证码错误或已失效，请重新获取"]


def _stable(response) -> str:
    """The page without what differs on every answer anyway (the CSRF token, the script nonce)."""
    return re.sub(r'(nonce|value)="[^"]*"|"X-CSRFToken": "[^"]*"', "", response.content.decode())


def _errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("code", [])]


def test_a_code_ends_after_five_wrong_tries(gateway):  # noqa: F811
    browser = Client()
    ask(browser, "officer")
    deliveries_send_pending()
    code = gateway.sent("GX_SIGN_IN_CODE")[0]["TemplateParam"]["code"]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert answer(browser, wrong).status_code == 400
    assert answer(browser, code).status_code == 400, "the right code no longer works after five wrong ones"
    assert not User.objects.get(username="officer").check_password(NEW)


def test_a_new_code_ends_the_one_before(gateway):  # noqa: F811
    browser = Client()
    ask(browser, "officer")
    ask(browser, "officer")
    deliveries_send_pending()
    first, second = (sms["TemplateParam"]["code"] for sms in gateway.sent("GX_SIGN_IN_CODE"))
    assert SignInCode.objects.filter(user__username="officer", ended_at__isnull=True).count() == 1
    if first != second:
        assert answer(browser, first).status_code == 400
    assert answer(browser, second).status_code == 302


def test_at_most_three_codes_an_hour_and_the_answer_stays_the_same(gateway):  # noqa: F811
    browser = Client()
    answers = [ask(browser, "officer")["Location"] for _ in range(5)]
    assert len(set(answers)) == 1
    deliveries_send_pending()
    assert len(gateway.sent("GX_SIGN_IN_CODE")) == 3
    officer = User.objects.get(username="officer")
    assert AuditEvent.objects.filter(subject_id=str(officer.pk), action="sign_in_code_throttled").count() == 2


def test_a_disabled_account_gets_no_code(gateway):  # noqa: F811
    User.objects.filter(username="officer").update(is_active=False)
    ask(Client(), "officer")
    deliveries_send_pending()
    assert gateway.sent("GX_SIGN_IN_CODE") == []
