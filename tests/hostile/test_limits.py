"""Limits before work (gaoxin/core/limits.py): a body over its limit is refused before a byte of it is read, an
upload from nobody never reaches the temporary folder or the media folder, and a file over the upload limit is cut
while it streams in. Each request goes through the whole middleware stack with a body stream that records how much
of it was read and what the temporary folder held meanwhile."""

import io
from pathlib import Path

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from gaoxin.accounts.models import User
from gaoxin.cases.models import MaterialFile
from tests.cases.test_api_flow import COMPANY_SETUP
from tests.support.files import MINIMAL_PDF

pytestmark = pytest.mark.django_db

MISSING_CASE = "00000000-0000-0000-0000-000000000000"


class WatchedBody(io.RawIOBase):
    """A request body that counts what the platform reads of it and, at every read, the bytes the temporary folder
    holds: a file written there while the body streams in is seen even if it is deleted when the request ends."""

    def __init__(self, data: bytes, folder: Path):
        self.data = io.BytesIO(data)
        self.folder = folder
        self.read_bytes = 0
        self.most_in_folder = 0

    def read(self, size=-1, /):
        chunk = self.data.read(size)
        self.read_bytes += len(chunk)
        held = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())
        self.most_in_folder = max(self.most_in_folder, held)
        return chunk

    def readline(self, size=-1, /):
        return self.read(size)


@pytest.fixture
def temp_folder(settings, tmp_path):
    """Uploads above 64 kB go to a temporary file in this folder (Django's TemporaryFileUploadHandler)."""
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return folder


def send(client, path, body: bytes, content_type: str, folder: Path, *, chunked=False, **headers) -> tuple:
    watched = WatchedBody(body, folder)
    environ = {"wsgi.input": watched, "CONTENT_TYPE": content_type}
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    else:
        environ["CONTENT_LENGTH"] = str(len(body))
    answer = client.generic("POST", path, headers=headers, **environ)
    return answer, watched


def pdf_upload(size: int, material: str = "id_card") -> bytes:
    content = MINIMAL_PDF + b"0" * (size - len(MINIMAL_PDF))
    return encode_multipart(
        BOUNDARY, {"material": material, "file": _named(content, "大.pdf")}
    )  # the test client's own encoder


def _named(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


def files_in(folder) -> list[Path]:
    root = Path(folder)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- a body over its limit --------------------------------------------------------------------------------------


def test_a_json_body_over_the_limit_is_a_413_before_anything_reads_it(client, temp_folder, settings):
    body = b'{"username": "' + b"a" * settings.GAOXIN["BODY_MAX_BYTES"] + b'"}'
    answer, watched = send(client, "/api/auth/token", body, "application/json", temp_folder)
    assert answer.status_code == 413
    assert answer.json()["code"] == "too_large" and "请求内容过大" in answer.json()["detail"]
    assert watched.read_bytes == 0


def test_a_page_form_over_the_limit_is_a_413_page(client, temp_folder, settings):
    body = b"username=" + b"a" * settings.GAOXIN["BODY_MAX_BYTES"]
    answer, watched = send(client, reverse("login"), body, "application/x-www-form-urlencoded", temp_folder)
    assert answer.status_code == 413 and watched.read_bytes == 0
    page = answer.content.decode()
    assert "提交的内容过大" in page and "上限 256 KB" in page


def test_a_multipart_body_over_the_request_limit_is_a_413_unread(api, client, temp_folder, settings):
    settings.GAOXIN = {**settings.GAOXIN, "REQUEST_MAX_BYTES": 2 * 1024 * 1024}
    applicant = api("applicant")
    answer, watched = send(
        client,
        f"/api/cases/{MISSING_CASE}/materials",
        pdf_upload(3 * 1024 * 1024),
        MULTIPART_CONTENT,
        temp_folder,
        **applicant.headers,
    )
    assert answer.status_code == 413 and watched.read_bytes == 0
    assert watched.most_in_folder == 0 and files_in(settings.MEDIA_ROOT) == []


def test_a_chunked_body_is_counted_and_refused_past_the_limit(client, temp_folder, settings):
    body = b'{"username": "' + b"a" * settings.GAOXIN["BODY_MAX_BYTES"] + b'"}'
    answer, watched = send(client, "/api/auth/token", body, "application/json", temp_folder, chunked=True)
    assert answer.status_code == 413
    assert settings.GAOXIN["BODY_MAX_BYTES"] < watched.read_bytes <= settings.GAOXIN["BODY_MAX_BYTES"] + 64 * 1024


def test_a_small_chunked_body_is_read_like_any_other(client, temp_folder):
    body = b'{"username": "applicant", "password": "gaoxin-demo"}'
    answer, _watched = send(client, "/api/auth/token", body, "application/json", temp_folder, chunked=True)
    assert answer.status_code == 200 and answer.json()["token"]


def test_a_chunked_upload_must_state_its_length(client, temp_folder):
    answer, watched = send(
        client, f"/api/cases/{MISSING_CASE}/materials", pdf_upload(1024), MULTIPART_CONTENT, temp_folder, chunked=True
    )
    assert answer.status_code == 411 and watched.read_bytes == 0


# --- uploads ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [f"/api/cases/{MISSING_CASE}/materials", f"/portal/cases/{MISSING_CASE}/materials/id_card/"],
    ids=["api", "page"],
)
def test_an_anonymous_upload_stores_nothing_anywhere(client, temp_folder, settings, path):
    big = settings.GAOXIN["UPLOAD_MAX_BYTES"] + 1024 * 1024
    answer, watched = send(client, path, pdf_upload(big), MULTIPART_CONTENT, temp_folder)
    assert answer.status_code in (302, 401, 403)
    assert watched.most_in_folder == 0 and files_in(temp_folder) == []
    assert files_in(settings.MEDIA_ROOT) == []
    assert watched.read_bytes < 64 * 1024  # the multipart parser never ran


def test_a_wrong_token_is_anonymous_too(client, temp_folder, settings):
    big = settings.GAOXIN["UPLOAD_MAX_BYTES"] + 1024 * 1024
    answer, watched = send(
        client,
        f"/api/cases/{MISSING_CASE}/materials",
        pdf_upload(big),
        MULTIPART_CONTENT,
        temp_folder,
        Authorization="Bearer not-a-token",
    )
    assert answer.status_code == 401 and watched.most_in_folder == 0


def test_a_file_over_the_upload_limit_is_cut_while_it_streams_in(api, client, temp_folder, settings):
    applicant = api("applicant")
    case = applicant.post("/api/cases", COMPANY_SETUP).json()
    limit = settings.GAOXIN["UPLOAD_MAX_BYTES"]
    answer, watched = send(
        client,
        f"/api/cases/{case['id']}/materials",
        pdf_upload(limit + 5 * 1024 * 1024, case["materials"][0]["code"]),
        MULTIPART_CONTENT,
        temp_folder,
        **applicant.headers,
    )
    assert answer.status_code == 400 and "文件过大" in answer.json()["detail"]
    assert 0 < watched.most_in_folder <= limit + 1
    assert not MaterialFile.objects.exists() and files_in(settings.MEDIA_ROOT) == []


def test_a_signed_in_upload_within_the_limits_still_works(client, temp_folder, settings):
    client.force_login(User.objects.get(username="applicant"))
    from tests.support.files import pdf

    api_answer = client.post("/api/cases", COMPANY_SETUP, content_type="application/json")
    case = api_answer.json()
    answer = client.post(
        f"/api/cases/{case['id']}/materials", {"material": case["materials"][0]["code"], "file": pdf()}
    )
    assert answer.status_code == 201, answer.content
