"""The license PDF: signed as a whole, carrying its signed payload, with the CJK font embedded."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from gaoxin.accounts.models import User
from gaoxin.certificates.actions import license_revoke
from gaoxin.certificates.pdf import license_pdf
from gaoxin.certificates.verification import verify_pdf
from gaoxin.documents.crypto import ED25519, generate_private_key_pem, load_private_key_pem, load_public_key_pem

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_file(make_license, tmp_path):
    license = make_license()
    path = tmp_path / "license.pdf"
    path.write_bytes(license_pdf(license))
    return license, path


def flip_byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def verify_command(path: Path, *args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("certificate_verify", str(path), *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_the_signed_pdf_verifies(pdf_file):
    license, path = pdf_file
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.splitlines()[-2] == f"%GAOXIN-LICENSE {license.id}".encode()
    assert data.splitlines()[-1].startswith(b"%GAOXIN-SIGNATURE ")
    result = verify_pdf(data)
    assert result.valid, result.problems
    assert result.license_id == license.id
    assert result.payload["uscc"] == license.uscc and result.payload_text == license.payload

    code, out = verify_command(path)
    assert code == 0
    assert out.splitlines()[0] == "VALID"
    assert license.uscc in out and "登记库状态：有效" in out


def test_one_byte_changed_in_the_middle_fails(pdf_file, tmp_path):
    _, path = pdf_file
    data = path.read_bytes()
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(flip_byte(data, len(data) // 2))
    assert not verify_pdf(changed.read_bytes()).valid
    code, out = verify_command(changed)
    assert code != 0 and out.splitlines()[0] == "TAMPERED"


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.replace(b"%GAOXIN-LICENSE ", b"%GAOXIN-LICENCE "),  # inside the signed part, near its end
        lambda d: d + b"% appended\n",  # anything after the signature line
        lambda d: d[: d.rindex(b"%GAOXIN-SIGNATURE")],  # signature removed
        lambda d: flip_byte(d, 10),
    ],
)
def test_any_other_edit_fails_too(pdf_file, edit):
    _, path = pdf_file
    assert not verify_pdf(edit(path.read_bytes())).valid


def test_a_file_signed_with_another_key_fails(pdf_file, settings, signing_key):
    license, _ = pdf_file
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": generate_private_key_pem(ED25519)}
    forged = license_pdf(license)  # a well-formed file whose signatures come from a key that is not ours
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": signing_key}
    assert not verify_pdf(forged).valid


def test_the_command_says_revoked_when_the_register_knows(pdf_file):
    license, path = pdf_file
    with transaction.atomic():
        license_revoke(license=license, actor=User.objects.get(username="admin"), reason="提交虚假材料取得登记")
    code, out = verify_command(path)
    assert code != 0 and out.splitlines()[0] == "REVOKED"
    assert "提交虚假材料取得登记" in out
    code, out = verify_command(path, "--offline")
    assert code == 0 and out.splitlines()[0] == "VALID", "offline, only the file is checked"


def test_the_command_exits_non_zero_from_a_shell_with_only_the_public_key(pdf_file, tmp_path, signing_key):
    """A real process, as a third party would run it: no database, the public key from a file."""
    license, path = pdf_file
    public = tmp_path / "public.pem"
    public.write_text(load_private_key_pem(signing_key).public_key().pem())
    assert load_public_key_pem(public.read_text())
    env = {**os.environ, "GAOXIN_SIGNING_KEY": "", "DEBUG": "1", "GAOXIN_VAR_DIR": str(tmp_path / "var")}
    command = [sys.executable, "manage.py", "certificate_verify", "--offline", "--public-key", str(public)]
    ok = subprocess.run([*command, str(path)], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == "VALID"
    broken = tmp_path / "broken.pdf"
    data = path.read_bytes()
    broken.write_bytes(flip_byte(data, len(data) // 2))
    bad = subprocess.run([*command, str(broken)], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.splitlines()[0] == "TAMPERED"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_the_cjk_font_is_embedded(pdf_file):
    _, path = pdf_file
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    assert any("WenQuanYi" in row[0] or "CJK" in row[0] or "Noto" in row[0] for row in rows), out
    # Columns: name, type…, encoding, emb, sub, uni, object, generation; every font is embedded.
    assert all(row[-5] == "yes" for row in rows), out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_text_reads_as_a_business_license(pdf_file):
    license, path = pdf_file
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    for words in [
        "营业执照",
        "统一社会信用代码",
        license.uscc,
        license.name,
        "法定代表人",
        "注册资本",
        "人民币壹佰万元整",
        "成立日期",
        "住所",
        "经营范围",
        "洛阳高新技术产业开发区市场监督管理局",
        "（电子执照·八证合一）",
        "本执照集成以下8项证照",
        "公安机关公章刻制备案",
        "住房公积金单位缴存登记",
        "劳动用工备案",
    ]:
        assert "".join(words.split()) in compact, words
    assert "电子口岸企业入网备案" not in compact, "a filing no granted step integrates is not printed"


def test_a_revoked_license_pdf_is_marked(make_license):
    license = make_license()
    with transaction.atomic():
        license = license_revoke(license=license, actor=User.objects.get(username="admin"), reason="吊销测试")
    if shutil.which("pdftotext"):
        data = license_pdf(license)
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        assert "吊销，不再有效" in text


def test_a_machine_without_a_cjk_font_gets_a_clear_error(monkeypatch, tmp_path):
    from gaoxin.core import fonts

    monkeypatch.setattr(fonts, "FONT_CANDIDATES", ((str(tmp_path / "missing.ttc"), 0),))
    monkeypatch.setattr(fonts.pdfmetrics, "getRegisteredFontNames", lambda: [])
    with pytest.raises(fonts.FontMissing, match="fonts-wqy-zenhei"):
        fonts.cjk_font_name()
