"""Check a license PDF offline: `manage.py certificate_verify FILE.pdf [--public-key KEY.pem]`.

Prints VALID, TAMPERED or REVOKED on the first line, then the details; exits non-zero unless VALID.
The file check needs only the public key (from the signing settings, or --public-key); the revocation state is
added when the database is reachable and knows the license.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from gaoxin.certificates import signing
from gaoxin.certificates.verification import license_check, verify_pdf


class Command(BaseCommand):
    help = "核验电子营业执照 PDF 的电子签名（离线），并在可用时查询登记库中的吊销状态。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="电子营业执照 PDF 文件")
        parser.add_argument("--public-key", type=Path, help="签名公钥 PEM（默认由签名密钥配置推出）")
        parser.add_argument("--offline", action="store_true", help="不查询数据库")

    def handle(self, *args, file: Path, public_key: Path | None, offline: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取 {file}：{error}") from None
        try:
            key = signing.load_public_key_pem(public_key.read_bytes()) if public_key else None
        except (OSError, ValueError) as error:
            raise CommandError(f"无法读取公钥 {public_key}：{error}") from None
        try:
            result = verify_pdf(data, key)
        except ImproperlyConfigured as error:
            raise CommandError(f"{error}\n没有签名密钥配置时，请用 --public-key 指定签名公钥。") from None
        if not result.valid:
            self.stdout.write("TAMPERED")
            for problem in result.problems:
                self.stdout.write(f"  {problem}")
            raise CommandError("电子执照文件核验失败", returncode=1)

        payload = result.payload
        register = "" if offline else self._register_state(result)
        verdict = "REVOKED" if register.startswith("已吊销") else "VALID"
        self.stdout.write(verdict)
        self.stdout.write(f"  执照编号：{payload.get('number')}")
        self.stdout.write(f"  名称：{payload.get('name')}")
        self.stdout.write(f"  统一社会信用代码：{payload.get('uscc')}")
        self.stdout.write(f"  登记机关：{payload.get('authority')}")
        self.stdout.write(f"  签发时间：{payload.get('issued_at')}")
        self.stdout.write(f"  执照标识：{result.license_id}")
        self.stdout.write("  文件签名与登记数据签名：有效")
        if register:
            self.stdout.write(f"  登记库状态：{register}")
        if verdict != "VALID" or register.startswith("数据被篡改"):
            raise CommandError(f"登记库状态：{register}", returncode=1)

    def _register_state(self, result) -> str:
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
