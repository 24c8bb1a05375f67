"""Signing what the platform issues, the same way for licenses and documents, whatever the seal's algorithm.

- a payload: its canonical JSON (sorted keys, UTF-8 characters as they are, no spaces), signed as bytes;
- a PDF: the payload and its signature ride inside the file as XMP metadata, and after reportlab's %%EOF two comment
  lines follow,

      %GAOXIN-<KIND> <uuid>
      %GAOXIN-SIGNATURE <base64 signature over every byte before this line>

  PDF readers ignore comments after %%EOF; changing any byte before the last line breaks the signature, and so does
  anything appended after it. See docs/decisions/0003-license-signing.md.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

from gaoxin.documents import crypto

SIGNATURE_PREFIX = b"%GAOXIN-SIGNATURE "
XMP_NAMESPACE = "urn:gaoxin:signed:1"
# The last line: the signature over every byte before it (a trailing newline, and nothing else, may follow).
SIGNATURE_LINE = re.compile(rb"\n" + re.escape(SIGNATURE_PREFIX) + rb"([A-Za-z0-9+/]{40,200}={0,2})\r?\n?\Z")
XMP_FIELD = re.compile(rb"<gaoxin:(\w+)>([^<]*)</gaoxin:\1>")


def canonical_json(data: dict) -> str:
    """The one text a payload is signed as."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sign_b64(key: crypto.PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode("ascii")


def verify_b64(key: crypto.PublicKey, data: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return key.verify(data, raw)


def xmp_stream(fields: dict[str, str]) -> PDFStream:
    """XMP metadata (uncompressed, as the PDF standard recommends) carrying the signed payload and its signatures."""
    lines = "\n".join(f"   <gaoxin:{name}>{escape(value)}</gaoxin:{name}>" for name, value in fields.items())
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:gaoxin="{XMP_NAMESPACE}">
{lines}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>
"""
    dictionary = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
    return PDFStream(dictionary, xmp.encode("utf-8"), filters=[])


def b64url(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def sign_file(document: bytes, marker: bytes, ident, key: crypto.PrivateKey) -> bytes:
    """The PDF with its id line and, last, the signature over every byte before it."""
    if not document.endswith(b"\n"):
        document += b"\n"
    document += marker + str(ident).encode("ascii") + b"\n"
    return document + SIGNATURE_PREFIX + sign_b64(key, document).encode("ascii") + b"\n"


@dataclass
class FileCheck:
    """A signed file read back: whether its own signature holds, its id, and the XMP fields it carries."""

    valid: bool
    problems: list[str] = field(default_factory=list)
    ident: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def check_file(data: bytes, marker: bytes, key_for) -> FileCheck:
    """Check the file's signature with the key its XMP names (`key_for(key_id)` → PublicKey or None)."""
    line = SIGNATURE_LINE.search(data)
    if line is None:
        return FileCheck(False, [_("文件末尾没有高新电子签名（%GAOXIN-SIGNATURE 行）")])
    signed = data[: line.start() + 1]
    ident = re.search(rb"\n" + re.escape(marker) + rb"([0-9a-f-]{36})\r?\n\Z", signed)
    found: dict[str, list[str]] = {}
    for name, value in XMP_FIELD.findall(signed):
        found.setdefault(name.decode("ascii"), []).append(value.decode("utf-8", "replace"))
    if ident is None or any(len(values) != 1 for values in found.values()) or "keyId" not in found:
        return FileCheck(False, [_("文件中缺少或重复了标识、签名数据或其签名")])
    fields = {name: values[0] for name, values in found.items()}
    key = key_for(fields["keyId"])
    if key is None:
        return FileCheck(False, [_("签名密钥未知：这份文件不是本平台的印章签发的，或其密钥已不再受信任")])
    if not verify_b64(key, signed, line.group(1).decode("ascii")):
        return FileCheck(False, [_("文件签名不符：文件在签发后被改动，或不是用此密钥签发的")])
    return FileCheck(True, [], ident.group(1).decode("ascii"), fields)


def payload_of(fields: dict[str, str]) -> tuple[bytes, dict] | None:
    """The payload a file carries (its bytes and its JSON), or None when it cannot be read."""
    try:
        payload_bytes = base64.urlsafe_b64decode(fields.get("payload", ""))
        return payload_bytes, json.loads(payload_bytes.decode("utf-8"))
    except (binascii.Error, ValueError):
        return None
