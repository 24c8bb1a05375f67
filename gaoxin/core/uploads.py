"""Checking an uploaded file before anything is stored: size, real type from content, safe name, digest, and the
sizes an image or a zip archive declares, so that nothing downstream unpacks a decompression bomb."""

import hashlib
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

EXTENSION_ALIASES = {"jpeg": "jpg"}

# A 100-megapixel image already takes 400 MB once decoded; a phone photo has about 12.
MAX_IMAGE_PIXELS = 100_000_000
# JPEG start-of-frame markers, which carry the size: every SOFn except C4 (DHT), C8 (reserved) and CC (DAC).
JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# Markers that stand alone, without a length: TEM and RST0-7.
JPEG_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}

# Limits for an uploaded .xlsx (a zip): an honest workbook of our largest import is a few tens of MB unpacked, with
# 10-30 members compressed about tenfold; a zip bomb declares gigabytes or compresses a thousandfold.
MAX_ARCHIVE_MEMBERS = 1000
MAX_ARCHIVE_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_RATIO = 200
# openpyxl streams a worksheet in read-only mode but loads the shared strings whole, as Python strings about ten
# times their XML's size: 190 MB of them took 90 s and 1.5 GB. Twenty thousand rows of long Chinese text are 10 MB.
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
# Cells a workbook may declare (its sheets' <dimension>) or yield while it is read: read-only openpyxl pads every
# row to the declared width, so A1:XFD1048576 alone would be 17 billion cells.
MAX_SHEET_CELLS = 1_000_000
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
# The first bytes of a worksheet hold its <dimension> (after the sheet's properties); the manifest is a few kB.
SHEET_HEAD_BYTES = 64 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
# Below this size a member's ratio says nothing (a few bytes of XML compress to almost nothing).
ARCHIVE_RATIO_FLOOR_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    safe_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def safe_file_name(name: str) -> str:
    """The base name only (no folders from either OS), printable, without characters a shell or URL trips on."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = re.sub(r"[^\w.\-（）()\u4e00-\u9fff]+", "_", base).strip("._")
    return base[:120] or "file"


def check_upload(uploaded, *, field: str = "file") -> CheckedUpload:
    limits = settings.GAOXIN
    size = uploaded.size or 0
    if size == 0:
        raise DomainError(_("文件为空"), field=field)
    if size > limits["UPLOAD_MAX_BYTES"]:
        raise DomainError(
            _("文件过大：上限 %(megabytes)s MB") % {"megabytes": limits["UPLOAD_MAX_BYTES"] // (1024 * 1024)},
            field=field,
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in uploaded.chunks():
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        digest.update(chunk)
    uploaded.seek(0)
    kind = filetype.guess(head)
    allowed = limits["UPLOAD_TYPES"]
    if kind is None or kind.mime not in allowed:
        raise DomainError(_("文件类型不支持：只接受 PDF、JPG、PNG（按文件内容判断）"), field=field)
    if kind.mime.startswith("image/"):
        _require_sane_image(uploaded, kind.mime, field=field)
    name = safe_file_name(uploaded.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if EXTENSION_ALIASES.get(extension, extension) != allowed[kind.mime]:
        name = f"{name.rsplit('.', 1)[0] if extension else name}.{allowed[kind.mime]}"
    return CheckedUpload(
        safe_name=name, extension=allowed[kind.mime], content_type=kind.mime, size=size, sha256=digest.hexdigest()
    )


def image_dimensions(file, content_type: str) -> tuple[int, int] | None:
    """(width, height) as a PNG's IHDR or a JPEG's frame header declares them, read without decoding any pixel;
    None when the header is missing or cut short."""
    file.seek(0)
    if content_type == "image/png":
        head = file.read(24)
        if len(head) < 24 or head[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", head[16:24])
    return _jpeg_dimensions(file)


def _jpeg_dimensions(file) -> tuple[int, int] | None:
    file.seek(2)  # past SOI
    while True:
        byte = file.read(1)
        if byte != b"\xff":
            return None
        code = file.read(1)
        while code == b"\xff":  # fill bytes before a marker
            code = file.read(1)
        if not code:
            return None
        marker = code[0]
        if marker in JPEG_STANDALONE_MARKERS:
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame header
            return None
        length = file.read(2)
        if len(length) < 2:
            return None
        if marker in JPEG_FRAME_MARKERS:
            frame = file.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">xHH", frame)
            return width, height
        file.seek(struct.unpack(">H", length)[0] - 2, 1)


def _require_sane_image(uploaded, content_type: str, *, field: str) -> None:
    dimensions = image_dimensions(uploaded, content_type)
    uploaded.seek(0)
    if dimensions is None or 0 in dimensions:
        raise DomainError(_("图片无法读取：文件不完整或已损坏"), field=field)
    width, height = dimensions
    if width * height > MAX_IMAGE_PIXELS:
        raise DomainError(
            _("图片尺寸过大（%(width)s×%(height)s 像素）：上限 %(megapixels)s 百万像素，请缩小后再上传")
            % {"width": width, "height": height, "megapixels": MAX_IMAGE_PIXELS // 1_000_000},
            field=field,
        )


def check_zip_archive(file, *, field: str = "file") -> None:
    """Refuse a zip (an .xlsx) whose directory declares too many members, too many bytes unpacked, or a
    compression no honest file reaches — before any reader unpacks it. A file that is no zip at all is left to the
    reader, which refuses it in its own words. The declared sizes bind: Python's zipfile
    stops a member at its declared size, and a member that does not match its CRC fails to read."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: the reader refuses it with its own message
    finally:
        file.seek(0)
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise DomainError(
            _("压缩包内文件过多（%(count)s 个）：上限 %(limit)s 个")
            % {"count": len(members), "limit": MAX_ARCHIVE_MEMBERS},
            field=field,
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_ARCHIVE_UNPACKED_BYTES:
        raise _unpacked_too_large(_("文件解压后过大（%(megabytes)s MB）：上限 %(limit)s MB"), unpacked, field=field)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ARCHIVE_RATIO_FLOOR_BYTES and ratio > MAX_ARCHIVE_RATIO:
            raise DomainError(
                _("文件压缩比异常（%(ratio)s 倍），疑似“压缩炸弹”，已拒绝") % {"ratio": int(ratio)}, field=field
            )
    _check_workbook_parts(file, members, field=field)


def _check_workbook_parts(file, members: list[zipfile.ZipInfo], *, field: str) -> None:
    """The parts a reader loads whole or pads: the shared strings by their unpacked size, and the cells every sheet
    declares. Which member is which comes from the manifest ([Content_Types].xml), as openpyxl finds them."""
    by_name = {m.filename: m for m in members}
    types = _part_types(file, by_name.get("[Content_Types].xml"), field=field)
    shared = [
        m
        for m in members
        if types.get(m.filename) == SHARED_STRINGS_TYPE or m.filename.lower().endswith("sharedstrings.xml")
    ]
    strings_size = sum(m.file_size for m in shared)
    if strings_size > MAX_SHARED_STRINGS_BYTES:
        raise _unpacked_too_large(
            _("表格中的文字解压后过大（%(megabytes)s MB）：上限 %(limit)s MB"),
            strings_size,
            limit=MAX_SHARED_STRINGS_BYTES,
            field=field,
        )
    sheets = [m for m in members if types.get(m.filename) == WORKSHEET_TYPE or m.filename.startswith("xl/worksheets/")]
    declared = sum(_declared_cells(file, m) for m in sheets)
    if declared > MAX_SHEET_CELLS:
        raise too_many_cells(declared, field=field)


def _unpacked_too_large(message: str, size: int, *, limit: int = MAX_ARCHIVE_UNPACKED_BYTES, field: str):
    return DomainError(message % {"megabytes": size // (1024 * 1024), "limit": limit // (1024 * 1024)}, field=field)


def too_many_cells(count: int, *, field: str = "file") -> DomainError:
    return DomainError(
        _("表格单元格过多（%(count)s 个）：上限 %(limit)s 个，请分成几个文件导入")
        % {"count": count, "limit": MAX_SHEET_CELLS},
        field=field,
    )


def _part_types(file, manifest: zipfile.ZipInfo | None, *, field: str) -> dict[str, str]:
    """{member name: content type} from the manifest's overrides."""
    if manifest is None:
        return {}
    if manifest.file_size > MAX_MANIFEST_BYTES:
        raise DomainError(_("无法读取文件：请上传 .xlsx 格式的 Excel 文件"), field=field)
    text = _read_member(file, manifest, MAX_MANIFEST_BYTES)
    return {
        name.decode("utf-8", "replace").lstrip("/"): kind.decode("utf-8", "replace")
        for name, kind in re.findall(rb'PartName="([^"]+)"\s+ContentType="([^"]+)"', text)
    }


def _declared_cells(file, sheet: zipfile.ZipInfo) -> int:
    """Rows × columns of the sheet's <dimension ref="A1:K5000">; 0 when it declares none (the reader then yields
    only the cells there are, which bounded_rows counts)."""
    found = DIMENSION.search(_read_member(file, sheet, SHEET_HEAD_BYTES))
    if found is None or found.group(3) is None:
        return 0
    first_column, first_row, last_column, last_row = found.groups()
    columns = _column_number(last_column) - _column_number(first_column) + 1
    return max(columns, 0) * max(int(last_row) - int(first_row) + 1, 0)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _read_member(file, member: zipfile.ZipInfo, limit: int) -> bytes:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive, archive.open(member) as part:
            return part.read(limit)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return b""  # unreadable: the reader refuses it with its own message
    finally:
        file.seek(0)


def bounded_rows(rows, *, field: str = "file"):
    """A sheet's rows as its reader yields them, refused once they pass MAX_SHEET_CELLS cells in all: a sheet that
    declares no size (or a false one) is stopped while it streams, not after it filled the memory."""
    cells = 0
    for row in rows:
        cells += len(row)
        if cells > MAX_SHEET_CELLS:
            raise too_many_cells(cells, field=field)
        yield row
