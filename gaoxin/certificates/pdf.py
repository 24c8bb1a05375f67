"""The license as a signed A4 PDF that reads like a Chinese business license (营业执照).

The CJK font is embedded (subset) from a system font package, so the file renders the same in any viewer.
The signed payload, its signature and the license id travel inside the file as XMP metadata, and the file as a
whole is signed: after reportlab's %%EOF come two comment lines,

    %GAOXIN-LICENSE <uuid>
    %GAOXIN-SIGNATURE <base64 signature of the approval seal over every byte before this line>

PDF readers ignore comments after %%EOF; changing any byte before the last line breaks the signature.
See gaoxin.documents.signing, gaoxin.certificates.verification.verify_pdf and docs/decisions/0003-license-signing.md.
"""

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.urls import reverse
from django.utils import timezone
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from gaoxin.certificates.formatting import capital_in_words, chinese_date
from gaoxin.core.fonts import cjk_font_name
from gaoxin.core.pages import public_url
from gaoxin.documents import crypto, keys, signing
from gaoxin.documents.actions import seal_for
from gaoxin.documents.selectors import trusted_key

LICENSE_PREFIX = b"%GAOXIN-LICENSE "

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 52, PAGE_WIDTH - 52
INK = colors.HexColor("#1a1a1a")
LABEL = colors.HexColor("#4a4a4a")
FRAME = colors.HexColor("#a2632b")
RULE = colors.HexColor("#c9ad8a")
HEADER_FILL = colors.HexColor("#f6efe4")
MUTED = colors.HexColor("#6b6b6b")
REVOKED_RED = colors.HexColor("#c8102e")


def verification_url(license_id) -> str:
    return public_url(reverse("license-verify", args=[license_id]))


# --- the file ------------------------------------------------------------------------------------------------


def license_pdf(license) -> bytes:
    """The license as a signed PDF. Each call makes a new file (reportlab stamps the time); every one verifies."""
    font = cjk_font_name()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=font, initialFontSize=10, pageCompression=1)
    canvas.setTitle(f"营业执照 · {license.name}")
    canvas.setAuthor(license.authority)
    canvas.setSubject(f"电子营业执照 {license.number} 统一社会信用代码 {license.uscc}")
    canvas.setCreator("高新政务服务平台 Gaoxin")
    canvas.setKeywords(f"gaoxin-license:{license.id}")
    canvas.setCatalogEntry("Metadata", _xmp_stream(license))
    _draw(canvas, license, font)
    canvas.showPage()
    canvas.save()
    return sign_pdf(buffer.getvalue(), license)


def sign_pdf(document: bytes, license) -> bytes:
    key = keys.private_key(seal_for(None, timezone.localdate()))
    return signing.sign_file(document, LICENSE_PREFIX, license.id, key)


def _xmp_stream(license) -> PDFStream:
    """The signed payload and its signature; keyId names the key of the file's own signature, which after a key
    rotation differs from the payload's (the payload names that one itself)."""
    key = keys.private_key(seal_for(None, timezone.localdate()))
    return signing.xmp_stream(
        {
            "licenseId": str(license.id),
            "keyId": key.public_key().key_id(),
            "payload": signing.b64url(license.payload),
            "payloadSignature": license.signature,
        }
    )


# --- the page ------------------------------------------------------------------------------------------------


@dataclass
class _Styles:
    value: ParagraphStyle
    scope: ParagraphStyle
    cell: ParagraphStyle


def _styles(font: str) -> _Styles:
    value = ParagraphStyle("value", fontName=font, fontSize=11.5, leading=16, textColor=INK, wordWrap="CJK")
    return _Styles(
        value=value,
        scope=ParagraphStyle("scope", parent=value, fontSize=10.5, leading=15),
        cell=ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12, textColor=INK, wordWrap="CJK"),
    )


FACTS_TOP = PAGE_HEIGHT - 222
FOOT_TOP = 130  # the table ends above the issuing authority, its date and the notes
GAP = 14
TABLE_TITLE = 30


def _draw(canvas: Canvas, license, font: str) -> None:
    styles = _styles(font)
    _frame(canvas)
    _head(canvas, license, font)
    table = _integrated_table(license, font, styles)
    _, table_height = table.wrapOn(canvas, RIGHT - LEFT, PAGE_HEIGHT)
    y = _facts(canvas, license, font, styles, top=FACTS_TOP)
    # The business scope gets what the other parts leave, between four lines and about eight.
    room = y - GAP - TABLE_TITLE - table_height - FOOT_TOP
    y -= _scope(canvas, license.business_scope, font, styles, y=y, limit=max(58, min(115, room)))
    _table_block(canvas, table, table_height, len(license.integrated), font, top=y - GAP)
    _foot(canvas, license, font)
    if license.revoked_at is not None:
        _revoked_mark(canvas, license, font)


def _frame(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(FRAME)
    canvas.setLineWidth(3)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44)
    canvas.setLineWidth(0.8)
    canvas.rect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58)
    # Corner ornaments: small squares where the two frames meet the eye first.
    for x, y in ((29, 29), (PAGE_WIDTH - 29, 29), (29, PAGE_HEIGHT - 29), (PAGE_WIDTH - 29, PAGE_HEIGHT - 29)):
        canvas.setFillColor(FRAME)
        canvas.rect(x - 4, y - 4, 8, 8, stroke=0, fill=1)
    canvas.restoreState()


def _spaced(canvas: Canvas, text: str, font: str, size: float, y: float, spacing: float, bold=False) -> None:
    """Centred text with extra space between characters; `bold` strokes the outline (the font has no bold)."""
    width = pdfmetrics.stringWidth(text, font, size) + spacing * (len(text) - 1)
    # Character spacing and render mode are graphics state that would leak into every later text: save, restore.
    canvas.saveState()
    line = canvas.beginText((PAGE_WIDTH - width) / 2, y)
    line.setFont(font, size)
    line.setCharSpace(spacing)
    if bold:
        canvas.setLineWidth(size / 40)
        line.setTextRenderMode(2)
    line.textOut(text)
    canvas.drawText(line)
    canvas.restoreState()


def _head(canvas: Canvas, license, font: str) -> None:
    top = PAGE_HEIGHT - 60
    canvas.setFillColor(LABEL)
    canvas.setFont(font, 9.5)
    canvas.drawString(LEFT, top, "统一社会信用代码")
    canvas.setFillColor(INK)
    canvas.setFont(font, 15)
    canvas.drawString(LEFT, top - 19, license.uscc)
    canvas.setFillColor(LABEL)
    canvas.setFont(font, 9.5)
    canvas.drawString(LEFT, top - 38, f"执照编号  {license.number}")

    size = 86
    _qr(canvas, verification_url(license.id), x=RIGHT - size, y=top - size + 12, size=size, font=font)
    canvas.setFont(font, 8)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(RIGHT - size / 2, top - size + 2, "扫码核验真伪与状态")

    canvas.setFillColor(INK)
    canvas.setStrokeColor(INK)
    _spaced(canvas, "营业执照", font, 40, PAGE_HEIGHT - 160, spacing=18, bold=True)
    canvas.setFillColor(LABEL)
    integrated = f" · {_in_chinese(len(license.integrated))}证合一" if license.integrated else ""
    _spaced(canvas, f"（电子执照{integrated}）", font, 12, PAGE_HEIGHT - 186, spacing=1)


def _in_chinese(n: int) -> str:
    """1–99 as a license writes them: 八, 十五 (多证合一 carries at most the catalog's list)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones or not tens else "")


def _qr(canvas: Canvas, url: str, *, x: float, y: float, size: float, font: str) -> None:
    widget = QrCodeWidget(url, barLevel="M", barBorder=2)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.initialFontName = font  # else the drawing names Helvetica, a font the file would not embed
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


LABEL_WIDTH = 70


def _field(canvas, label, value, *, x, y, value_width, style, font) -> float:
    """A label and its (wrapped) value, both starting at y on the same first baseline; returns the height used."""
    canvas.setFillColor(LABEL)
    canvas.setFont(font, 11)
    canvas.drawString(x, y - style.fontSize, label)
    paragraph = Paragraph(escape(value or "—"), style)
    _, height = paragraph.wrap(value_width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x + LABEL_WIDTH, y - height)
    return max(height, style.leading)


def _label(text: str) -> str:
    """Labels are set to four character widths, as on the paper license (名　　称)."""
    if len(text) == 2:
        return f"{text[0]}\u3000\u3000{text[1]}"
    return text


def _facts(canvas: Canvas, license, font: str, styles: _Styles, *, top: float) -> float:
    """The company's data in the paper license's two columns; returns where the business scope starts."""
    middle = LEFT + (RIGHT - LEFT) * 0.56
    left_value = middle - 16 - LEFT - LABEL_WIDTH
    right_value = RIGHT - middle - LABEL_WIDTH
    rows = [
        (("名称", license.name), ("注册资本", capital_in_words(license.registered_capital))),
        (("类型", license.company_type), ("成立日期", chinese_date(license.established_on))),
        (("法定代表人", license.legal_representative), ("住所", license.address)),
    ]
    y = top
    for (left_label, left_text), (right_label, right_text) in rows:
        common = {"y": y, "style": styles.value, "font": font}
        used_left = _field(canvas, _label(left_label), left_text, x=LEFT, value_width=left_value, **common)
        used_right = _field(canvas, _label(right_label), right_text, x=middle, value_width=right_value, **common)
        y -= max(used_left, used_right) + 9
    return y


def _scope(canvas: Canvas, scope: str, font: str, styles: _Styles, *, y: float, limit: float) -> float:
    """经营范围 across the page within `limit` points: a long one gets smaller type, and past that is cut with a
    pointer to the public register, as paper licenses do. Returns the height used."""
    width = RIGHT - LEFT - LABEL_WIDTH
    text = scope or "—"
    for size in (10.5, 9.5, 8.5):
        style = ParagraphStyle("scope-fit", parent=styles.scope, fontSize=size, leading=size * 1.42)
        if Paragraph(escape(text), style).wrap(width, PAGE_HEIGHT)[1] <= limit:
            break
    else:
        note = "……（详见国家企业信用信息公示系统）"
        while len(text) > 10 and Paragraph(escape(text + note), style).wrap(width, PAGE_HEIGHT)[1] > limit:
            text = text[: int(len(text) * 0.9)]
        text += note
    return _field(canvas, "经营范围", text, x=LEFT, y=y, value_width=width, style=style, font=font)


def _integrated_table(license, font: str, styles: _Styles) -> Table:
    header = ParagraphStyle("header", parent=styles.cell, textColor=LABEL)
    data = [[Paragraph("序号", header), Paragraph("证照 / 备案事项", header), Paragraph("原发证（备案）部门", header)]]
    for number, entry in enumerate(license.integrated, start=1):
        data.append(
            [
                str(number),
                Paragraph(escape(entry["name"]), styles.cell),
                Paragraph(escape(entry["department"]), styles.cell),
            ]
        )
    width = RIGHT - LEFT
    table = Table(data, colWidths=[34, width * 0.52, width - 34 - width * 0.52])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
            ]
        )
    )
    return table


def _table_block(canvas: Canvas, table: Table, height: float, count: int, font: str, *, top: float) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(LEFT, top, RIGHT, top)
    canvas.setFillColor(INK)
    canvas.setFont(font, 12)
    canvas.drawString(LEFT, top - 20, f"本执照集成以下 {count} 项证照")
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 8.5)
    canvas.drawRightString(RIGHT, top - 20, "上述证照、备案信息已归集至本执照，不再另行发放")
    table.drawOn(canvas, LEFT, top - TABLE_TITLE - height)


def _foot(canvas: Canvas, license, font: str) -> None:
    canvas.setFillColor(INK)
    canvas.setFont(font, 11)
    canvas.drawRightString(RIGHT, 106, f"登记机关　{license.authority}")
    canvas.drawRightString(RIGHT, 86, chinese_date(timezone.localdate(license.issued_at)))
    canvas.setFillColor(MUTED)
    canvas.setFont(font, 7.5)
    notes = [
        f"电子签名：{_algorithm_name(license)} · 行政审批专用章 · 密钥 {license.key_id}",
        f"核验地址：{verification_url(license.id)}",
        "本执照由高新政务服务平台签发；扫描二维码、访问核验地址或运行 certificate_verify 可核验真伪与状态。",
    ]
    for index, text in enumerate(notes):
        canvas.drawString(LEFT, 40 + (len(notes) - 1 - index) * 11, text)


def _algorithm_name(license) -> str:
    key = trusted_key(license.key_id)
    return crypto.ALGORITHM_NAMES[key.algorithm] if key else ""


def _revoked_mark(canvas: Canvas, license, font: str) -> None:
    """A revoked license's file says so: a large stamp across the page and a plain line under the heading."""
    canvas.saveState()
    canvas.setFillColor(REVOKED_RED)
    canvas.setStrokeColor(REVOKED_RED)
    notice = f"本执照已于 {chinese_date(timezone.localdate(license.revoked_at))} 吊销，不再有效"
    width = pdfmetrics.stringWidth(notice, font, 11) + 24
    canvas.setLineWidth(1)
    canvas.rect((PAGE_WIDTH - width) / 2, PAGE_HEIGHT - 214, width, 18, stroke=1, fill=0)
    canvas.setFont(font, 11)
    canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 209, notice)
    canvas.setFillAlpha(0.2)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2 - 40)
    canvas.rotate(30)
    canvas.setFont(font, 110)
    canvas.drawCentredString(0, -40, "已吊销")
    canvas.restoreState()
