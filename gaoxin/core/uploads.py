"""Checking an uploaded file before anything is stored: size, real type from content, safe name, digest."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

EXTENSION_ALIASES = {"jpeg": "jpg"}


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
    name = safe_file_name(uploaded.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if EXTENSION_ALIASES.get(extension, extension) != allowed[kind.mime]:
        name = f"{name.rsplit('.', 1)[0] if extension else name}.{allowed[kind.mime]}"
    return CheckedUpload(
        safe_name=name, extension=allowed[kind.mime], content_type=kind.mime, size=size, sha256=digest.hexdigest()
    )
