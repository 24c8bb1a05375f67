"""Hostile uploads through the real API and pages: too big, a wrong type behind a right extension, names that try to
leave the media folder, images and workbooks that would explode when unpacked. Each is refused (or its name made
safe) with a clear message, and a refusal leaves no row and no file behind."""

import functools
import io
import random
import struct
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.models import User
from gaoxin.cases.models import MaterialFile
from gaoxin.economy.models import IndicatorImport
from gaoxin.projects.models import Project, ReportPhoto
from tests.cases.test_api_flow import COMPANY_SETUP
from tests.projects.helpers import make_project
from tests.projects.test_import_export import project_row, workbook
from tests.support.files import MINIMAL_PDF, pdf

pytestmark = pytest.mark.django_db


# --- files ------------------------------------------------------------------------------------------


def png_bytes(width: int, height: int) -> bytes:
    """A PNG whose IHDR declares width × height; one tiny IDAT, since nothing here decodes pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int, height: int) -> bytes:
    """SOI, a JFIF APP0 segment, then a baseline frame header (SOF0) declaring width × height, then EOI."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", len(app0) + 2)
        + app0
        + b"\xff\xc0"
        + struct.pack(">H", len(sof0) + 2)
        + sof0
        + b"\xff\xd9"
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@functools.cache
def zip_bomb_xlsx() -> bytes:
    """A workbook-shaped zip whose one sheet unpacks from about 20 kB to 20 MB of the same cell."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"<c>0</c>" * 131072  # 1 MB
            for _ in range(20):
                sheet.write(block)
    return buffer.getvalue()


def lying_xlsx() -> bytes:
    """A small zip whose directory declares its one member to be 3 GB unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    data = bytearray(buffer.getvalue())
    entry = data.index(b"PK\x01\x02")
    data[entry + 24 : entry + 28] = struct.pack("<I", 3 * 1024**3)  # uncompressed size in the central directory
    return bytes(data)


def many_members_xlsx(count: int = 1500) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(count):
            archive.writestr(f"xl/media/{n}.xml", "<x/>")
    return buffer.getvalue()


def _with_member(book: bytes, name: str, content) -> bytes:
    """The workbook with one member replaced by content (bytes, or an iterable of chunks streamed in)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        with target.open(name, "w") as part:
            for chunk in [content] if isinstance(content, bytes) else content:
                part.write(chunk)
    return buffer.getvalue()


def _small_book() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "项目"  # the sheet the projects import reads; the economy import reads any
    book.active.append(["统计期", "2026"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.cache
def shared_strings_bomb_xlsx(megabytes: int = 190) -> bytes:
    """A real workbook whose shared strings unpack to this many MB (190: about 1.2 MB of file): each string
    compresses some 170-fold, under the ratio a zip bomb shows, and 190 MB is less than the unpacked limit of old
    (200 MB)."""
    rng = random.Random(15)

    def strings():
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        written, pad = 0, b"a" * 2000
        while written < megabytes * 1024 * 1024:
            block = b"".join(b"<si><t>" + pad + rng.randbytes(6).hex().encode() + b"</t></si>" for _ in range(1000))
            written += len(block)
            yield block
        yield b"</sst>"

    return _with_member(_small_book(), "xl/sharedStrings.xml", strings())


def wide_sheet_xlsx() -> bytes:
    """A tiny workbook whose sheet declares every cell Excel has (A1:XFD1048576), which a read-only reader pads."""
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
    )
    return _with_member(_small_book(), "xl/worksheets/sheet1.xml", sheet)


def undeclared_cells_xlsx(cells: int) -> bytes:
    """A sheet without a <dimension>, holding `cells` numbers in rows of ten."""
    rows = b"".join(
        b'<row r="%d">' % (n + 1) + b"".join(b"<c><v>%d</v></c>" % (n * 10 + i) for i in range(10)) + b"</row>"
        for n in range(cells // 10)
    )
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return _with_member(_small_book(), "xl/worksheets/sheet1.xml", sheet + rows + b"</sheetData></worksheet>")


# The test client encodes a dict itself when given its own MULTIPART_CONTENT; this body comes encoded already.
ENCODED_MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- case materials through the API ---------------------------------------------------------------


@pytest.fixture
def draft(api):
    """The applicant's draft case and the first material it asks for."""
    applicant = api("applicant")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    return applicant, case["id"], case["materials"][0]["code"]


def refused(response, fragment: str, field: str = "file") -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert fragment in body["detail"] and body["field"] == field, body


def test_an_oversized_file_is_refused_and_nothing_is_stored(draft, settings):
    applicant, case_id, code = draft
    too_big = MINIMAL_PDF + b"0" * (settings.GAOXIN["UPLOAD_MAX_BYTES"] + 1 - len(MINIMAL_PDF))
    refused(
        applicant.upload(f"/api/cases/{case_id}/materials", code, upload("大.pdf", too_big)), "文件过大：上限 10 MB"
    )
    assert not MaterialFile.objects.exists() and media_files(settings) == []


@pytest.mark.parametrize(
    "name, content",
    [
        ("申请书.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("申请书.pdf", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("申请书.pdf", zip_bomb_xlsx()[:4096]),
        ("照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200),  # a Windows program
    ],
    ids=["html", "svg", "zip", "exe"],
)
def test_a_wrong_type_behind_a_right_extension_is_refused(draft, settings, name, content):
    applicant, case_id, code = draft
    answer = applicant.upload(f"/api/cases/{case_id}/materials", code, upload(name, content))
    refused(answer, "文件类型不支持：只接受 PDF、JPG、PNG（按文件内容判断）")
    assert not MaterialFile.objects.exists() and media_files(settings) == []


@pytest.mark.parametrize(
    "name, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\System32\\drivers\\etc\\hosts.pdf", "hosts.pdf"),
        ("C:\\Users\\张三\\Desktop\\营业执照.pdf", "营业执照.pdf"),
        ("/etc/cron.d/x.pdf", "x.pdf"),
        ("a\x07b\x1b[31mc\u202egpj.pdf", "ab_31mcgpj.pdf"),
        ("....", "file.pdf"),
        ("报告.exe", "报告.pdf"),
    ],
    ids=["posix-traversal", "windows-traversal", "windows-absolute", "absolute", "control-characters", "dots", "exe"],
)
def test_a_hostile_name_is_kept_only_as_a_safe_base_name_inside_media(draft, settings, name, kept):
    applicant, case_id, code = draft
    answer = applicant.upload(f"/api/cases/{case_id}/materials", code, upload(name, MINIMAL_PDF))
    assert answer.status_code == 201, answer.content
    assert answer.json()["name"] == kept
    stored = MaterialFile.objects.get()
    on_disk = Path(stored.file.path).resolve()
    assert on_disk.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert on_disk.stem != Path(kept).stem, "the file on disk has a name of our choosing, not the applicant's"
    assert media_files(settings) == [on_disk]


def test_a_nul_in_a_name_never_reaches_the_disk(client, draft, settings):
    """Django's multipart parser already cuts a name at NUL; the stored name and the file on disk show none."""
    applicant, case_id, code = draft
    body = (
        b'--B\r\nContent-Disposition: form-data; name="material"\r\n\r\n' + code.encode() + b"\r\n"
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="x.pdf\x00.html"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + MINIMAL_PDF + b"\r\n--B--\r\n"
    )
    answer = client.post(
        f"/api/cases/{case_id}/materials", body, content_type="multipart/form-data; boundary=B", **_auth(applicant)
    )
    assert answer.status_code in (201, 400), answer.content
    for stored in MaterialFile.objects.all():
        assert "\x00" not in stored.original_name and "\x00" not in stored.file.name
    assert all("\x00" not in str(p) for p in media_files(settings))


def _auth(api_client) -> dict:
    return {"HTTP_AUTHORIZATION": api_client.headers["Authorization"]}


@pytest.mark.parametrize(
    "content, kind",
    [(png_bytes(50_000, 50_000), "image/png"), (jpeg_bytes(65_000, 60_000), "image/jpeg")],
    ids=["png", "jpeg"],
)
def test_an_image_that_declares_absurd_dimensions_is_refused_without_decoding(draft, settings, content, kind):
    applicant, case_id, code = draft
    extension = kind.rsplit("/", 1)[-1]
    answer = applicant.upload(f"/api/cases/{case_id}/materials", code, upload(f"照片.{extension}", content, kind))
    refused(answer, "图片尺寸过大")
    assert "百万像素" in answer.json()["detail"]
    assert not MaterialFile.objects.exists() and media_files(settings) == []


@pytest.mark.parametrize(
    "content", [png_bytes(4000, 3000), jpeg_bytes(4000, 3000)], ids=["png-12-megapixels", "jpeg-12-megapixels"]
)
def test_a_phone_sized_photo_passes(draft, content):
    applicant, case_id, code = draft
    answer = applicant.upload(f"/api/cases/{case_id}/materials", code, upload("照片.jpg", content, "image/jpeg"))
    assert answer.status_code == 201, answer.content


def test_an_image_cut_off_before_its_size_is_refused(draft):
    applicant, case_id, code = draft
    answer = applicant.upload(
        f"/api/cases/{case_id}/materials", code, upload("照片.jpg", jpeg_bytes(10, 10)[:12], "image/jpeg")
    )
    refused(answer, "图片无法读取")


# --- the same guards behind the applicant's page and the project photos ----------------------------


def test_the_portal_page_refuses_a_bomb_next_to_the_material(client, draft, settings):
    _applicant, case_id, code = draft
    client.force_login(User.objects.get(username="applicant"))
    answer = client.post(
        f"/portal/cases/{case_id}/materials/{code}/", {"file": upload("x.png", png_bytes(20_000, 20_000), "image/png")}
    )
    assert answer.status_code == 400
    assert f'id="file-{code}-error">图片尺寸过大' in answer.content.decode()
    assert not MaterialFile.objects.exists() and media_files(settings) == []


def test_report_photos_refuse_a_bomb_and_keep_none_of_the_batch(client, api, settings):
    project = make_project()
    today = timezone.localdate()
    officer = api("officer")
    officer.post(
        f"/api/projects/{project.pk}/reports",
        {"year": today.year, "month": today.month, "invested": "1", "progress": "施工"},
    )
    answer = client.post(
        f"/api/projects/{project.pk}/reports/{today.year}/{today.month}/photos",
        {"photos": [upload("好.png", png_bytes(800, 600), "image/png"), upload("炸弹.png", png_bytes(30_000, 30_000))]},
        headers=officer.headers,
    )
    refused(answer, "图片尺寸过大", field="photos")
    assert not ReportPhoto.objects.exists() and media_files(settings) == []


# --- spreadsheets: the economy import (API and page) and the key-projects import page ----------------


@pytest.mark.parametrize(
    "content, fragment",
    [(zip_bomb_xlsx(), "压缩比异常"), (lying_xlsx(), "解压后过大"), (many_members_xlsx(), "文件过多")],
    ids=["ratio", "declared-size", "members"],
)
def test_the_economy_import_refuses_a_zip_bomb(api, client, content, fragment):
    before = IndicatorImport.objects.count()
    stats = api("stats")
    answer = client.post("/api/economy/import", {"file": upload("报表.xlsx", content)}, headers=stats.headers)
    refused(answer, fragment)

    client.force_login(User.objects.get(username="stats"))
    page = client.post(reverse("economy-import"), {"file": upload("报表.xlsx", content)})
    assert page.status_code == 400 and fragment in page.content.decode()
    assert IndicatorImport.objects.count() == before


@pytest.mark.parametrize("content, fragment", [(zip_bomb_xlsx(), "压缩比异常"), (lying_xlsx(), "解压后过大")])
def test_the_projects_import_page_refuses_a_zip_bomb(client, content, fragment):
    before = Project.objects.count()
    client.force_login(User.objects.get(username="officer"))
    answer = client.post(reverse("projects-import"), {"file": upload("项目.xlsx", content)})
    assert answer.status_code == 400 and fragment in answer.content.decode()
    assert Project.objects.count() == before


@pytest.mark.parametrize(
    "content, fragment",
    [
        (shared_strings_bomb_xlsx(), "文件解压后过大"),
        (shared_strings_bomb_xlsx(40), "表格中的文字解压后过大"),
        (wide_sheet_xlsx(), "表格单元格过多"),
    ],
    ids=["shared-strings-190MB", "shared-strings-40MB", "declared-cells"],
)
def test_a_workbook_that_unpacks_too_much_is_refused_quickly(api, client, content, fragment):
    """Refused from the zip's directory and the sheet's first bytes: the old code took 90 s and 1.5 GB here."""
    assert len(content) < 2 * 1024 * 1024
    body = encode_multipart(BOUNDARY, {"file": upload("报表.xlsx", content)})  # encoded before the clock starts
    stats = api("stats")
    started = time.monotonic()
    answer = client.post("/api/economy/import", body, content_type=ENCODED_MULTIPART, headers=stats.headers)
    assert time.monotonic() - started < 1
    refused(answer, fragment)

    client.force_login(User.objects.get(username="officer"))
    started = time.monotonic()
    page = client.post(reverse("projects-import"), body, content_type=ENCODED_MULTIPART)
    assert time.monotonic() - started < 1
    assert page.status_code == 400 and fragment in page.content.decode()


def test_cells_a_sheet_does_not_declare_are_counted_while_it_is_read(api, client, monkeypatch):
    monkeypatch.setattr("gaoxin.core.uploads.MAX_SHEET_CELLS", 1000)
    stats = api("stats")
    content = undeclared_cells_xlsx(2000)
    answer = client.post("/api/economy/import", {"file": upload("报表.xlsx", content)}, headers=stats.headers)
    refused(answer, "表格单元格过多")

    client.force_login(User.objects.get(username="officer"))
    page = client.post(reverse("projects-import"), {"file": upload("项目.xlsx", content)})
    assert page.status_code == 400 and "表格单元格过多" in page.content.decode()


def test_an_honest_workbook_still_imports(client):
    client.force_login(User.objects.get(username="officer"))
    file = workbook([project_row("HOSTILE-1", 责任领导账号=None, 责任单位=None, 责任人=None, 责任人电话=None)])
    answer = client.post(reverse("projects-import"), {"file": file})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Project.objects.filter(code="HOSTILE-1").exists()


def test_a_pdf_still_uploads(draft):
    applicant, case_id, code = draft
    assert applicant.upload(f"/api/cases/{case_id}/materials", code, pdf()).status_code == 201
