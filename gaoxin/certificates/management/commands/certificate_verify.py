"""Check a license or document PDF offline: `manage.py certificate_verify FILE.pdf [--public-key KEY.pem]`.

Prints VALID, TAMPERED, REVOKED or EXPIRED on the first line, then the details; exits non-zero unless VALID.
The file check needs only the public key (from the signing settings, or --public-key, Ed25519 or SM2); the
register's state (a revoked license, a revoked or lapsed seal) is added when the database is reachable and knows
the file.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from gaoxin.certificates.verification import license_check, verify_pdf
from gaoxin.documents import crypto
from gaoxin.documents.verification import DOCUMENT_MARKER, DocumentState, document_check, verify_document_pdf


class Command(BaseCommand):
    help = "核验电子营业执照或文书 PDF 的电子签名（离线），并在可用时查询登记库中的状态。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="电子营业执照或文书 PDF 文件")
        parser.add_argument("--public-key", type=Path, help="签名公钥 PEM（Ed25519 或 SM2；默认由签名密钥配置推出）")
        parser.add_argument("--offline", action="store_true", help="不查询数据库")

    def handle(self, *args, file: Path, public_key: Path | None, offline: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取 {file}：{error}") from None
        try:
            key = crypto.load_public_key_pem(public_key.read_text(encoding="ascii")) if public_key else None
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取公钥 {public_key}：{error}") from None
        is_document = b"\n" + DOCUMENT_MARKER in data
        try:
            result = verify_document_pdf(data, key) if is_document else verify_pdf(data, key)
        except ImproperlyConfigured as error:
            raise CommandError(f"{error}\n没有签名密钥配置时，请用 --public-key 指定签名公钥。") from None
        if not result.valid:
            self.stdout.write("TAMPERED")
            for problem in result.problems:
                self.stdout.write(f"  {problem}")
            raise CommandError("文件核验失败", returncode=1)
        if is_document:
            self._document(result, offline)
        else:
            self._license(result, offline)

    def _license(self, result, offline: bool) -> None:
        payload = result.payload
        register = "" if offline else self._license_state(result)
        verdict = "REVOKED" if register.startswith("已吊销") else "VALID"
        self.stdout.write(verdict)
        self.stdout.write(f"  执照编号：{payload.get('number')}")
        self.stdout.write(f"  名称：{payload.get('name')}")
        self.stdout.write(f"  统一社会信用代码：{payload.get('uscc')}")
        self.stdout.write(f"  登记机关：{payload.get('authority')}")
        self.stdout.write(f"  签发时间：{payload.get('issued_at')}")
        self.stdout.write(f"  执照标识：{result.license_id}")
        self.stdout.write("  文件签名与登记数据签名：有效")
        self._end(verdict, register)

    def _document(self, result, offline: bool) -> None:
        payload = result.payload
        state, register = (None, "") if offline else self._document_state(result)
        verdict = {DocumentState.REVOKED: "REVOKED", DocumentState.EXPIRED: "EXPIRED"}.get(state, "VALID")
        self.stdout.write(verdict)
        self.stdout.write(f"  文书：{payload.get('title')}")
        self.stdout.write(f"  文号：{payload.get('number')}")
        self.stdout.write(f"  申请人：{payload.get('applicant')}")
        self.stdout.write(f"  办件编号：{payload.get('case_number')}")
        seal = payload.get("seal") or {}
        self.stdout.write(f"  印章：{seal.get('authority')}{seal.get('purpose')}（{seal.get('code')}）")
        self.stdout.write(f"  签发时间：{payload.get('issued_at')}")
        self.stdout.write("  文件签名、文书数据签名与电子签章数据（GB/T 38540）：有效")
        self._end(verdict, register)

    def _end(self, verdict: str, register: str) -> None:
        if register:
            self.stdout.write(f"  登记库状态：{register}")
        if verdict != "VALID" or register.startswith("数据被篡改"):
            raise CommandError(f"登记库状态：{register}", returncode=1)

    def _license_state(self, result) -> str:
        from gaoxin.certificates.models import License

        try:
            license = License.objects.filter(pk=result.license_id).first()
        except DatabaseError:
            return "数据库不可用，未查询吊销状态"
        if license is None:
            return "登记库中没有这份执照（可能来自其他环境）"
        check = license_check(license)
        if check.state == "revoked":
            return f"已吊销（{timezone.localtime(license.revoked_at):%Y-%m-%d %H:%M}，理由：{license.revoke_reason}）"
        if check.state == "tampered":
            return "数据被篡改：" + "；".join(check.problems)
        if license.payload != result.payload_text:
            return "数据被篡改：文件中的登记数据与登记库不一致"
        return "有效"

    def _document_state(self, result) -> tuple[str | None, str]:
        from gaoxin.documents.models import Document

        try:
            document = Document.objects.select_related("seal").filter(pk=result.document_id).first()
        except DatabaseError:
            return None, "数据库不可用，未查询印章状态"
        if document is None:
            return None, "登记库中没有这份文书（可能来自其他环境）"
        check = document_check(document)
        if check.state == DocumentState.TAMPERED or document.payload != result.payload_text:
            return check.state, "数据被篡改：" + "；".join(check.problems or ["文件中的文书数据与登记库不一致"])
        return check.state, check.state_display + ("：" + "；".join(check.problems) if check.problems else "")
