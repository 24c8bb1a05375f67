"""A written instrument of the Administrative Licensing Law (受理通知书, 补正材料通知书, 准予行政许可决定书 …) as an
unsigned A4 PDF that reads like a Chinese administrative notice.

The page follows GB/T 9704-2012 党政机关公文格式: a type area of 156 mm with margins of 37 mm at the top, 28 mm left
and 26 mm right; the title centred in large type, the document number under it, the addressee with a full-width
colon, body paragraphs indented by two characters, then the issuing authority above the date written in Chinese
numerals, the date four characters from the right, and the seal pressed over both so that they sit a little below
its centre. A verification QR code and the electronic signature's details stand in the foot.

Long bodies and tables flow onto more pages (a table repeats its header); the authority, date and seal are one block
kept with the last paragraph, so they are always together on the last page. The file is unsigned: the caller signs
its bytes (comment lines after %%EOF, as gaoxin.certificates.pdf does for licenses).
"""

import io
import itertools
import math
import re
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from gaoxin.core.fonts import cjk_font_name  # importing it also teaches the wrapping which punctuation cannot start
from gaoxin.documents.crypto import ALGORITHM_NAMES
from gaoxin.documents.rules import written_date
from gaoxin.documents.seal_image import draw_seal
from gaoxin.documents.signing import xmp_stream

KINDS = ("acceptance", "refusal", "corrections", "grant", "denial", "extension", "completion")

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP_MARGIN, BOTTOM_MARGIN, LEFT_MARGIN, RIGHT_MARGIN = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#333333")
HEADER_FILL = colors.HexColor("#e9e9e9")

TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
BODY_LEADING = 26  # 1.625 lines: a little closer than the 22 lines a page of GB/T 9704
CELL_SIZE = 12  # 小四
NOTE_SIZE = 10.5
FOOT_SIZE = 7.5
SEAL_DIAMETER_MM = 42
MAX_SPREAD = 0.15  # the most space justification adds between two characters, in ems
CELL_PADDING = 5
QR_SIZE = 24 * mm  # with its quiet zone: the code itself is about 20 mm


@dataclass
class _Styles:
    body: ParagraphStyle
    addressee: ParagraphStyle
    number: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    header: ParagraphStyle


def _styles(font: str) -> _Styles:
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        firstLineIndent=2 * BODY_SIZE,
        alignment=TA_LEFT,  # _Justified spreads the lines
        textColor=INK,
        wordWrap="CJK",
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.45, firstLineIndent=0)
    return _Styles(
        body=body,
        addressee=ParagraphStyle("addressee", parent=body, firstLineIndent=0, spaceBefore=BODY_LEADING / 2),
        number=ParagraphStyle("number", parent=body, firstLineIndent=0, alignment=TA_CENTER),
        note=ParagraphStyle(
            "note",
            parent=body,
            fontSize=NOTE_SIZE,
            leading=NOTE_SIZE * 1.5,
            firstLineIndent=0,
            alignment=TA_CENTER,
            textColor=MUTED,
        ),
        cell=cell,
        header=ParagraphStyle("header", parent=cell, alignment=TA_CENTER),
    )


# --- words -------------------------------------------------------------------------------------------------------


def _signature_line(seal: dict) -> str:
    algorithm = ALGORITHM_NAMES.get(seal["algorithm"], seal["algorithm"])
    return f"电子签章：{algorithm} · 印章 {seal['code']} · 密钥 {seal['key_id']}"


def _case_line(document: dict) -> str:
    items = "、".join(item["name"] for item in document["items"])
    return f"办件编号 {document['case_number']} · 事项 {items}" if items else f"办件编号 {document['case_number']}"


# --- the flowables -----------------------------------------------------------------------------------------------


# A run of Latin letters, digits and the signs inside numbers and addresses breaks as one word (91410371MA9XXXXXXX,
# 2025年 splits after the 5, a URL stays whole unless it is longer than the line).
_WORD = re.compile(r"[0-9A-Za-z.,:;/%#&@_+\-=?~]+|.", re.DOTALL)


def _words(text: str, font: str, size: float, longest: float) -> list[str]:
    """The units a line breaks between: each Chinese character or mark, each Latin or number run (unless it is
    longer than a line, as a long URL can be: that is cut anywhere)."""
    words = []
    for word in _WORD.findall(text):
        too_long = len(word) > 1 and pdfmetrics.stringWidth(word, font, size) > longest
        words.extend(word if too_long else [word])
    return words


def _break_lines(text: str, font: str, size: float, widths: list[float]) -> list[tuple[float, list[str]]]:
    """Chinese line breaking, as GB/T 15834 asks and reportlab does only in part: a line breaks between any two
    characters, never inside a number or Latin word; the marks that cannot start a line (，。）” …) all hang at the
    end of the line before (justification then draws the line closer), and one that cannot end a line (（“《 …)
    goes down with the character after it. Returns (space left, [text]) a line, as reportlab's wrapping does."""
    cannot_start, cannot_end = textsplit.ALL_CANNOT_START, textsplit.ALL_CANNOT_END  # as gaoxin.core.fonts left them
    lines, line = [], []

    def room() -> float:
        return widths[min(len(lines), len(widths) - 1)]

    def close(words: list[str]) -> None:
        done = "".join(words)
        lines.append((room() - pdfmetrics.stringWidth(done, font, size), [done]))

    for word in _words(text, font, size, min(widths)):
        full = pdfmetrics.stringWidth("".join(line) + word, font, size) > room() + 1e-6
        if line and full and not all(c in cannot_start for c in word):
            carried = []
            while len(line) > 1 and line[-1] in cannot_end:
                carried.insert(0, line.pop())
            close(line)
            line = carried
        line.append(word)
    if line:
        close(line)
    return lines


class _SpreadText(PDFTextObject):
    """A paragraph's text object that sets each line with its own spacing between characters."""

    def __init__(self, canvas, x, y, spreads: list[float]):
        super().__init__(canvas, x, y)
        self.spreads = spreads

    def _textOut(self, text, TStar=0):
        spread = self.spreads.pop(0) if self.spreads else 0
        self.setCharSpace(spread)
        super()._textOut(text, TStar)
        self.setCharSpace(0)


class _Justified(Paragraph):
    """A paragraph justified as Chinese is (两端对齐). reportlab justifies by widening the spaces of a line, and a
    Chinese line has none: here each line but the paragraph's last spreads its characters over the line, or draws
    them closer when a punctuation mark that cannot start a line hangs at its end."""

    def breakLinesCJK(self, maxWidths):
        broken = super().breakLinesCJK(maxWidths)
        if broken.kind == 0 and len(self.frags) == 1 and not getattr(self, "_splitpara", 0):
            widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
            broken.lines = _break_lines(self.frags[0].text, self.style.fontName, self.style.fontSize, widths)
        return broken

    def beginText(self, x, y):
        lines = self.blPara.lines if self.blPara.kind == 0 else []  # one run of text: (extra space, [text]) a line
        spreads = [extra / max(1, len(words[0]) - 1) for extra, words in lines]
        # A line that broke before a long number would spread into gaps that read as spaces: it stays flush left.
        spreads = [spread if spread <= MAX_SPREAD * self.style.fontSize else 0 for spread in spreads]
        if spreads and not getattr(self, "_JustifyLast", False):  # a page break's first part justifies its last line
            spreads[-1] = min(0, spreads[-1])  # the paragraph's end is not spread, only drawn in if a mark hangs
        return _SpreadText(self.canv, x, y, spreads)


def _stroked_text(canvas, text: str, font: str, size: float, x: float, y: float, spacing: float = 0) -> None:
    """Text set bold by stroking its outline as well (the font has no bold), with extra space between characters."""
    canvas.saveState()  # render mode and character spacing would leak into every later text
    line = canvas.beginText(x, y)
    line.setFont(font, size)
    line.setCharSpace(spacing)
    line.setTextRenderMode(2)
    canvas.setLineWidth(size / 36)
    canvas.setStrokeColor(INK)
    canvas.setFillColor(INK)
    line.textOut(text)
    canvas.drawText(line)
    canvas.restoreState()


class _Title(Flowable):
    """The title, centred and bold; a short one is spaced out (受 理 通 知 书) as notices set it."""

    def __init__(self, text: str, font: str):
        super().__init__()
        self.text, self.font = text, font
        self.spacing = TITLE_SIZE * (0.35 if len(text) <= 6 else 0.1)

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, TITLE_SIZE * 1.6

    def draw(self):
        width = pdfmetrics.stringWidth(self.text, self.font, TITLE_SIZE) + self.spacing * (len(self.text) - 1)
        _stroked_text(
            self.canv,
            self.text,
            self.font,
            TITLE_SIZE,
            (self.width - width) / 2,
            TITLE_SIZE * 0.45,
            spacing=self.spacing,
        )


class _Signature(Flowable):
    """The issuing authority above the date, and the seal pressed over both (GB/T 9704 7.3.5.1: the date four
    characters from the right, the authority centred on it, both a little below the seal's centre). The block ends
    under the date: the seal's lower edge hangs into the bottom margin, where the foot leaves it room."""

    SEAL = SEAL_DIAMETER_MM * mm
    DATE_BASELINE = 0.25 * BODY_SIZE  # room for the date's descenders
    SEAL_CENTRE = DATE_BASELINE + BODY_LEADING + 0.4 * BODY_SIZE  # a little above the authority's line

    def __init__(self, authority: str, issued_on: str, seal: dict, font: str):
        super().__init__()
        self.authority, self.seal, self.font = authority, seal, font
        self.date = written_date(date.fromisoformat(issued_on))

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.SEAL_CENTRE + self.SEAL / 2

    def _centre(self) -> float:
        """The date ends four characters from the right; a longer authority name moves left to end two from it."""
        name = pdfmetrics.stringWidth(self.authority, self.font, BODY_SIZE)
        day = pdfmetrics.stringWidth(self.date, self.font, BODY_SIZE)
        return min(self.width - 4 * BODY_SIZE - day / 2, self.width - 2 * BODY_SIZE - name / 2)

    def draw(self):
        canvas, centre = self.canv, self._centre()
        canvas.setFillColor(INK)
        canvas.setFont(self.font, BODY_SIZE)
        canvas.drawCentredString(centre, self.DATE_BASELINE + BODY_LEADING, self.authority)
        canvas.drawCentredString(centre, self.DATE_BASELINE, self.date)
        draw_seal(
            canvas,
            authority=self.seal["authority"],
            purpose=self.seal["purpose"],
            code=self.seal["code"],
            x=centre,
            y=self.SEAL_CENTRE,
            diameter_mm=SEAL_DIAMETER_MM,
        )


def _table_cost(texts: list[list[float]], widths: list[float]) -> tuple[int, int]:
    """How tall a table comes out with these column widths, in lines: the rows' heights, then as a tie-break the
    lines of all cells (fewer wrapped cells read better)."""
    height = cells = 0
    for row in texts:
        lines = [math.ceil(text / (width - 2 * CELL_PADDING)) for text, width in zip(row, widths, strict=True)]
        height += max(lines)
        cells += sum(lines)
    return height, cells


def _column_widths(columns: list[str], rows: list[list[str]], font: str) -> list[float]:
    """A narrow 序号 column; the rest shared out so that the table is as short as it can be (a reason gets more
    room than a material's name), no column under four characters. The shares are tried a character at a time
    (coarser for many columns, so that there are at most a few thousand to try)."""
    number = 3.2 * CELL_SIZE
    rest = TEXT_WIDTH - number
    least = 4 * CELL_SIZE + 2 * CELL_PADDING
    texts = [[pdfmetrics.stringWidth(text, font, CELL_SIZE) for text in row] for row in [columns, *rows]]
    count = len(columns)
    step = max(CELL_SIZE, rest / 2000 ** (1 / max(1, count - 1)))
    choices = [least + k * step for k in range(int((rest - count * least) / step) + 1)]
    candidates = ([*head, rest - sum(head)] for head in itertools.product(choices, repeat=count - 1))
    return [number, *min((w for w in candidates if w[-1] >= least), key=lambda w: _table_cost(texts, w))]


def _table(table: dict, styles: _Styles, font: str) -> Table:
    """The table, numbered, its header shaded and repeated on every page it runs onto."""
    columns, rows = table["columns"], table["rows"]
    data = [[Paragraph(escape(text), styles.header) for text in ["序号", *columns]]]
    for number, row in enumerate(rows, start=1):
        data.append([Paragraph(str(number), styles.header)] + [_Justified(escape(text), styles.cell) for text in row])
    flowable = Table(
        data, colWidths=_column_widths(columns, rows, font), repeatRows=1, spaceBefore=6, spaceAfter=BODY_LEADING / 2
    )
    flowable.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, CELL_SIZE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ]
        )
    )
    return flowable


def _story(document: dict, font: str) -> list[Flowable]:
    styles = _styles(font)
    story = [
        _Title(document["title"], font),
        Paragraph(escape(document["number"]), styles.number),
        Paragraph(escape(_case_line(document)), styles.note),
        Paragraph(escape(document["applicant"]) + "：", styles.addressee),
    ]
    story += [_Justified(escape(text), styles.body) for text in document["body"]]
    if document.get("table"):
        story.append(_table(document["table"], styles, font))
    story += [_Justified(escape(text), styles.body) for text in document["closing"]]
    signature = _Signature(document["authority"], document["issued_on"], document["seal"], font)
    signature.spaceBefore = BODY_LEADING / 3  # the seal's top within a line of the text (GB/T 9704 7.3.5.1)
    # The seal never stands alone on a page: it keeps the last paragraph with it.
    last = [story.pop()] if isinstance(story[-1], Paragraph) else []
    return story + [KeepTogether(last + [signature])]


# --- the page ----------------------------------------------------------------------------------------------------


def qr_drawing(url: str, size: float) -> Drawing:
    """A QR code (error correction M) of `url`, `size` points square with its quiet zone (the four modules of white
    around the code a scanner needs), to place with renderPDF.draw."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=4)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    return drawing


def _foot(canvas, document: dict, font: str, *, page: int, pages: int) -> None:
    """The foot of every page: the page number when there are several, the electronic signature's details, and on
    the last page the QR code to verify the document. The right of the margin's top is left to the seal."""
    canvas.saveState()
    canvas.setFillColor(MUTED)
    if pages > 1:
        canvas.setFont(font, NOTE_SIZE)
        canvas.drawCentredString(PAGE_WIDTH / 2, 23 * mm, f"第 {page} 页 共 {pages} 页")
    bottom = 10 * mm
    if page == pages:
        drawing = qr_drawing(document["verify_url"], QR_SIZE)
        drawing.initialFontName = font  # else the drawing names Helvetica, a font the file would not embed
        quiet = 2 * mm  # about the quiet zone: the code's edge lines up with the text's
        renderPDF.draw(drawing, canvas, LEFT_MARGIN - quiet, bottom - quiet)
        canvas.setFont(font, FOOT_SIZE)
        canvas.drawCentredString(LEFT_MARGIN - quiet + QR_SIZE / 2, bottom - quiet - 2.5 * mm, "扫码核验真伪")
    lines = [
        _signature_line(document["seal"]),
        f"核验地址：{document['verify_url']}",
        "本文书经电子签章，与纸质文书具有同等法律效力",
    ]
    canvas.setFont(font, FOOT_SIZE)
    for index, text in enumerate(reversed(lines)):
        canvas.drawString(LEFT_MARGIN + QR_SIZE, bottom + index * 3.5 * mm, text)
    canvas.restoreState()


def _invitation_head(canvas, invitation: dict, font: str) -> None:
    """The first page's top right, above the title: a QR code inviting the reader to do something (rate the
    service), its caption and its address, clear of the text (the top margin is 37 mm)."""
    canvas.saveState()
    quiet = 2 * mm
    right, top = PAGE_WIDTH - RIGHT_MARGIN + quiet, PAGE_HEIGHT - 8 * mm
    drawing = qr_drawing(invitation["url"], QR_SIZE)
    drawing.initialFontName = font
    renderPDF.draw(drawing, canvas, right - QR_SIZE, top - QR_SIZE)
    canvas.setFillColor(MUTED)
    canvas.setFont(font, FOOT_SIZE)
    words = right - quiet - QR_SIZE - 2 * mm
    canvas.drawRightString(words, top - 9 * mm, invitation["caption"])
    canvas.drawRightString(words, top - 9 * mm - 3.5 * mm, invitation["url"])
    canvas.restoreState()


def _render(document: dict, font: str, pages: int, metadata: dict | None) -> tuple[bytes, int]:
    """One pass of the layout, the page count assumed; returns the file and the count it came to."""
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT_MARGIN,
        rightMargin=RIGHT_MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"{document['title']} {document['number']}",
        author=document["authority"],
        subject=_case_line(document),
        creator="高新政务服务平台 Gaoxin",
        keywords=[f"gaoxin-document:{document['id']}"],
        lang="zh-CN",
        displayDocTitle=True,
        pageCompression=1,
        initialFontName=font,
    )
    frame = Frame(
        LEFT_MARGIN,
        BOTTOM_MARGIN,
        TEXT_WIDTH,
        PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN,
        id="text",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def foot(canvas, doc):
        if metadata is not None and doc.page == 1:
            canvas.setCatalogEntry("Metadata", xmp_stream(metadata))  # the signed payload, for checking offline
        if document.get("invitation") and doc.page == 1:
            _invitation_head(canvas, document["invitation"], font)
        _foot(canvas, document, font, page=doc.page, pages=pages)

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=foot)])
    template.build(_story(document, font))
    return buffer.getvalue(), template.page


def document_pdf(document: dict, metadata: dict[str, str] | None = None) -> bytes:
    """The unsigned PDF of one document (its signed payload and the display extras verify_url and id); `metadata`
    are the XMP fields that carry the payload and its signatures (gaoxin.documents.signing.xmp_stream)."""
    if document["kind"] not in KINDS:
        raise ValueError(f"unknown document kind: {document['kind']!r}")
    font = cjk_font_name()
    # The foot names the page count, which is known only once the text has flowed: most documents are one page and
    # take one pass; a longer one is laid out again with its count (the foot does not move the text).
    data, pages = _render(document, font, pages=1, metadata=metadata)
    if pages > 1:
        data, _ = _render(document, font, pages=pages, metadata=metadata)
    return data
