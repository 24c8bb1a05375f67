"""A real SMS gateway for tests: an HTTP server on 127.0.0.1 (a free port) that answers as the Chinese gateways do.

It checks each request's HMAC-SHA256 signature with its own copy of the access key's secret (computed here, not with
the platform's code), refuses a stale timestamp or a replayed nonce, records what it accepted, and answers the next
`failures` requests with an error, as a busy gateway does."""

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY_ID = "LTAI-test-key"
SECRET = "gaoxin-test-secret"
SIGN_NAME = "洛阳高新政务服务"


class Gateway:
    def __init__(self):
        self.received: list[dict] = []  # the accepted messages' bodies
        self.refused: list[str] = []  # why requests were refused
        self.failures = 0
        self.nonces: set[str] = set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}/sms/send"

    def start(self) -> "Gateway":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sent(self, template_code: str) -> list[dict]:
        return [body for body in self.received if body["TemplateCode"] == template_code]

    def answer(self, headers, body: bytes) -> tuple[int, dict]:
        timestamp, nonce = headers.get("X-Sms-Timestamp", ""), headers.get("X-Sms-Nonce", "")
        signed = f"{timestamp}\n{nonce}\n".encode() + body
        expected = base64.b64encode(hmac.new(SECRET.encode(), signed, hashlib.sha256).digest()).decode()
        with self.lock:
            if headers.get("X-Sms-Key-Id") != KEY_ID:
                return self._refuse(403, "InvalidAccessKeyId.NotFound")
            if not hmac.compare_digest(expected, headers.get("X-Sms-Signature", "")):
                return self._refuse(403, "SignatureDoesNotMatch")
            if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300 or nonce in self.nonces:
                return self._refuse(403, "SignatureNonceUsed")
            self.nonces.add(nonce)
            if self.failures:
                self.failures -= 1
                return 500, {"Code": "isp.SYSTEM_ERROR", "Message": "系统繁忙"}
            self.received.append(json.loads(body))
            return 200, {"Code": "OK", "Message": "OK", "BizId": uuid.uuid4().hex}

    def _refuse(self, status: int, code: str) -> tuple[int, dict]:
        self.refused.append(code)
        return status, {"Code": code, "Message": code}


def _handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, answer = gateway.answer(self.headers, body)
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    return Handler
