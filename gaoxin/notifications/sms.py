"""SMS gateways, chosen by the SMS_BACKEND setting as Django chooses its mail backend by EMAIL_BACKEND.

ConsoleBackend writes each message to the log (development, the demo). HttpBackend speaks the kind of API the
Chinese SMS gateways offer (Aliyun 短信服务, Tencent Cloud SMS and the operators' own): a POST of JSON naming the
phone number, the sign (签名) and the template code the gateway approved, with the template's parameters; signed with
HMAC-SHA256 over the timestamp, a nonce and the body under the access key's secret, so the gateway knows the sender
and that nothing was changed or replayed. A gateway answers {"Code": "OK", "BizId": …}, anything else is a failure.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not take the message; the text says why (its code and message, or the network's error)."""


@dataclass(frozen=True)
class Sms:
    phone: str
    template_code: str
    params: dict
    text: str  # what the message reads, as the platform's template words it


class ConsoleBackend:
    def send(self, sms: Sms) -> str:
        logger.info("SMS to %s (%s %s): %s", sms.phone, sms.template_code, json.dumps(sms.params), sms.text)
        return "console"


def signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    """Base64 of HMAC-SHA256 over "<timestamp>\\n<nonce>\\n<body>" with the access key's secret."""
    signed = timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body
    return base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()


class HttpBackend:
    def __init__(self):
        config = settings.GAOXIN["SMS"]
        self.url, self.key_id, self.secret = config["URL"], config["KEY_ID"], config["KEY_SECRET"]
        self.sign_name, self.timeout = config["SIGN_NAME"], config["TIMEOUT"]

    def send(self, sms: Sms) -> str:
        if not self.url:
            raise SmsError("GAOXIN_SMS_URL is not set")
        body = json.dumps(
            {
                "PhoneNumbers": sms.phone,
                "SignName": self.sign_name,
                "TemplateCode": sms.template_code,
                "TemplateParam": sms.params,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Sms-Key-Id": self.key_id,
                "X-Sms-Timestamp": timestamp,
                "X-Sms-Nonce": nonce,
                "X-Sms-Signature": signature(self.secret, timestamp, nonce, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (the configured URL)
                answer = _json(response.read())
        except urllib.error.HTTPError as error:
            answer = _json(error.read())
            raise SmsError(f"HTTP {error.code} {answer.get('Code', '')} {answer.get('Message', '')}".strip()) from None
        except (OSError, ValueError) as error:  # unreachable, timed out, refused
            raise SmsError(f"{type(error).__name__}: {error}") from None
        if answer.get("Code") != "OK":
            raise SmsError(f"{answer.get('Code', '?')} {answer.get('Message', '')}".strip())
        return str(answer.get("BizId", ""))


def _json(raw: bytes) -> dict:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return {"Message": raw[:200].decode(errors="replace")}
    return answer if isinstance(answer, dict) else {}


def backend():
    return import_string(settings.SMS_BACKEND)()
