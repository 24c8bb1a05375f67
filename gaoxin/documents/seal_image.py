"""The picture of an official seal (公章), drawn by the platform: the red round stamp a written instrument bears.

It follows how Chinese official seals are made (GA 241; 国务院关于国家行政机关和企业事业单位社会团体印章管理的规定):
round, one thick red ring and no inner ring, a five-pointed star in the centre, the authority's full name along the
upper arc from left to right (clockwise), each character upright towards the centre, the seal's purpose (行政审批专用章)
in one horizontal line under the star and the 13-digit seal code in small digits along the lower arc.

Every part is a vector shape or a string in the embedded CJK font, so the seal is crisp at any zoom, in a PDF
(draw_seal) as in a web page or the GB/T 38540 seal record (seal_svg). The geometry is designed for the standard
42 mm seal and scales with the diameter; seal_layout says where each character goes, and no two characters, nor a
character and the ring, touch (tests/documents/test_seal_image.py checks it for the longest names).
"""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, String, mmult, rotate, scale, translate
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.units import mm
from reportlab.lib.validators import isColor, isNumber

from gaoxin.core.fonts import cjk_font_name

SEAL_RED = colors.HexColor("#d7000f")

# The design, in millimetres of the standard 42 mm seal (scaled to other diameters).
DESIGN_DIAMETER = 42.0
RING_WIDTH = 1.2
STAR_RADIUS = 6.6  # the star's points lie on a circle of about a third of the seal's diameter
STAR_CENTRE = 0.9  # a little above the centre, so the purpose line under it has room between the ends of the name
NAME_GAP = 0.9  # between the ring and the tops of the name's characters
PURPOSE_SIZES = (4.6, 4.3, 4.0, 3.7, 3.4, 3.1)
PURPOSE_TOP = -7.2
PURPOSE_SPACING = 0.1  # between the purpose's characters, in ems
CODE_SIZE = 2.3
CODE_GAP = 0.7  # between the ring and the feet of the code's digits
CODE_SPACING = 0.3  # between two digits of the code, set closer than the name as seal makers do
CLEARANCE = 0.45  # the least space between two neighbouring characters of a line
PURPOSE_CLEARANCE = 0.8  # between the purpose line and the ends of the name, which would read as one text if nearer

# Where the ink of a glyph of the font lies, in ems above the baseline: the CJK characters fill nearly their whole
# em square, the digits sit on the baseline. Layout works with ink boxes, so the gaps are the gaps one sees.
CJK_INK = (-0.14, 0.86)
DIGIT_INK = (0.0, 0.70)
DIGIT_ADVANCE = 0.6
# The font has one light weight; seal characters are cut bold, so each glyph's outline is stroked too (in ems).
BOLD = 0.04


@dataclass(frozen=True)
class Glyph:
    """One character of the seal: the centre of its ink box (points, from the seal's centre), its rotation (degrees,
    counter-clockwise, 0 is upright), font size (points) and horizontal compression."""

    text: str
    x: float
    y: float
    angle: float
    size: float
    squeeze: float = 1.0

    @property
    def ink(self) -> tuple[float, float]:
        return DIGIT_INK if self.text.isdigit() else CJK_INK

    @property
    def width(self) -> float:
        return self.size * (self.squeeze * (DIGIT_ADVANCE if self.text.isdigit() else 1.0) + BOLD)

    @property
    def height(self) -> float:
        bottom, top = self.ink
        return self.size * (top - bottom + BOLD)

    def corners(self) -> list[tuple[float, float]]:
        """The ink box's corners, counter-clockwise, in the seal's coordinates."""
        turn = math.radians(self.angle)
        cos, sin = math.cos(turn), math.sin(turn)
        half_w, half_h = self.width / 2, self.height / 2
        box = ((-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h))
        return [(self.x + u * cos - v * sin, self.y + u * sin + v * cos) for u, v in box]


def apart(a: list[tuple[float, float]], b: list[tuple[float, float]], gap: float) -> bool:
    """Whether two convex polygons are at least `gap` apart along one of their edges' normals (separating axes:
    a sufficient test, so "apart" is never wrong)."""
    for polygon in (a, b):
        for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
            length = math.hypot(x2 - x1, y2 - y1)
            nx, ny = (y2 - y1) / length, (x1 - x2) / length
            on_a = [x * nx + y * ny for x, y in a]
            on_b = [x * nx + y * ny for x, y in b]
            if min(on_b) - max(on_a) >= gap or min(on_a) - max(on_b) >= gap:
                return True
    return False


# --- where the characters go -------------------------------------------------------------------------------------


def name_span(count: int) -> float:
    """The arc the name covers, in degrees: 210° for a short name, growing to 250° for twenty characters."""
    return min(250.0, max(210.0, 210.0 + (count - 8) * 40 / 12))


def _name_size(count: int) -> float:
    """A long name is set a little smaller (6.6 mm down to 5.6 mm), and then compressed, as seal makers do."""
    return min(6.6, max(5.6, 6.6 - 0.1 * (count - 10)))


def _name_glyphs(name: str, unit: float) -> list[Glyph]:
    count = len(name)
    size = _name_size(count) * unit
    height = size * (CJK_INK[1] - CJK_INK[0] + BOLD)
    top = (DESIGN_DIAMETER / 2 - RING_WIDTH - NAME_GAP) * unit
    middle = top - height / 2
    span = name_span(count)
    step = span / (count - 1) if count > 1 else 0.0
    # Neighbours come closest at their feet, on the inner circle: the width is what the chord there leaves.
    chord = 2 * (top - height) * math.sin(math.radians(step) / 2) if count > 1 else size
    squeeze = min(0.92, (chord - CLEARANCE * unit) / size - BOLD)
    glyphs = []
    for index, character in enumerate(name):
        angle = 90 + span / 2 - index * step  # from the left end of the arc, clockwise over the top
        turn = math.radians(angle)
        glyphs.append(Glyph(character, middle * math.cos(turn), middle * math.sin(turn), angle - 90, size, squeeze))
    return glyphs


def _code_glyphs(code: str, unit: float) -> list[Glyph]:
    """The seal code along the lower arc, left to right, each digit upright with its foot towards the ring."""
    size = CODE_SIZE * unit
    height = size * (DIGIT_INK[1] - DIGIT_INK[0] + BOLD)
    feet = (DESIGN_DIAMETER / 2 - RING_WIDTH - CODE_GAP) * unit
    middle = feet - height / 2
    squeeze = 0.9
    pitch = size * (DIGIT_ADVANCE * squeeze + BOLD) + CODE_SPACING * unit
    step = math.degrees(pitch / (feet - height))  # the digits' heads, towards the centre, come closest
    glyphs = []
    for index, digit in enumerate(code):
        angle = 270 + (index - (len(code) - 1) / 2) * step
        turn = math.radians(angle)
        glyphs.append(Glyph(digit, middle * math.cos(turn), middle * math.sin(turn), angle - 270, size, squeeze))
    return glyphs


def _purpose_line(purpose: str, size: float, squeeze: float, unit: float) -> list[Glyph]:
    """The purpose set in one line of this size and compression, centred, its top just under the star."""
    pitch = size * (squeeze + BOLD + PURPOSE_SPACING)
    left = -pitch * (len(purpose) - 1) / 2
    y = PURPOSE_TOP * unit - size * (CJK_INK[1] - CJK_INK[0] + BOLD) / 2
    return [Glyph(c, left + i * pitch, y, 0.0, size, squeeze) for i, c in enumerate(purpose)]


def _purpose_glyphs(purpose: str, obstacles: list[Glyph], unit: float) -> list[Glyph]:
    """The purpose in one line under the star, as large as the ends of the name allow: seal typefaces are narrow
    (about three quarters of their height) and are compressed further, down to about half, before a line is set
    smaller. The first line that clears the name and the code is the one."""
    gap = PURPOSE_CLEARANCE * unit
    lines = [
        _purpose_line(purpose, size * unit, squeeze / 100, unit)
        for size in PURPOSE_SIZES
        for squeeze in range(78, 51, -2)
    ]
    for line in lines:
        if all(apart(glyph.corners(), other.corners(), gap) for glyph in line for other in obstacles):
            return line
    return lines[-1]  # a purpose too long for any seal: the smallest line


def seal_layout(*, authority: str, purpose: str, code: str, diameter_mm: float = 42) -> list[Glyph]:
    """Every character of the seal, placed: the name, then the code, then the purpose."""
    unit = diameter_mm / DESIGN_DIAMETER * mm
    arcs = _name_glyphs(authority, unit) + _code_glyphs(code, unit)
    return arcs + _purpose_glyphs(purpose, arcs, unit)


# --- the drawing -------------------------------------------------------------------------------------------------


def _star(cx: float, cy: float, radius: float) -> Polygon:
    """A regular five-pointed star, one point up."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for index in range(10):
        turn = math.radians(90 + index * 36)
        reach = radius if index % 2 == 0 else inner
        points += [cx + reach * math.cos(turn), cy + reach * math.sin(turn)]
    return Polygon(points, fillColor=SEAL_RED, strokeColor=None, strokeWidth=0)


class _BoldString(String):
    """A red string whose outline is stroked as well as filled: bold, from a font that has one weight."""

    _attrMap = AttrMap(
        BASE=String,
        strokeColor=AttrMapValue(isColor),
        strokeWidth=AttrMapValue(isNumber),
        strokeLineJoin=AttrMapValue(isNumber),
    )

    def __init__(self, x, y, text, **kw):
        super().__init__(x, y, text, fillColor=SEAL_RED, strokeColor=SEAL_RED, strokeLineJoin=1, **kw)
        self.textRenderMode = 2


def _glyph_shape(glyph: Glyph, centre: float, font: str) -> Group:
    """The character as a string centred on its ink box, turned and compressed around that centre."""
    baseline = -glyph.size * sum(glyph.ink) / 2
    text = _BoldString(0, baseline, glyph.text, fontName=font, fontSize=glyph.size, textAnchor="middle")
    text.strokeWidth = glyph.size * BOLD
    place = mmult(translate(centre + glyph.x, centre + glyph.y), mmult(rotate(glyph.angle), scale(glyph.squeeze, 1)))
    return Group(text, transform=place)


def seal_drawing(*, authority: str, purpose: str, code: str, diameter_mm: float = 42) -> Drawing:
    """The seal as a reportlab drawing, diameter_mm across, its centre at the middle of the drawing."""
    font = cjk_font_name()
    unit = diameter_mm / DESIGN_DIAMETER * mm
    size = diameter_mm * mm
    centre = size / 2
    drawing = Drawing(size, size)
    drawing.initialFontName = font  # else the drawing names Helvetica, a font the file would not embed
    ring = (DESIGN_DIAMETER - RING_WIDTH) / 2 * unit
    drawing.add(Circle(centre, centre, ring, fillColor=None, strokeColor=SEAL_RED, strokeWidth=RING_WIDTH * unit))
    drawing.add(_star(centre, centre + STAR_CENTRE * unit, STAR_RADIUS * unit))
    for glyph in seal_layout(authority=authority, purpose=purpose, code=code, diameter_mm=diameter_mm):
        drawing.add(_glyph_shape(glyph, centre, font))
    return drawing


def draw_seal(canvas, *, authority, purpose, code, x: float, y: float, diameter_mm=42, opacity: float = 0.88) -> None:
    """Stamp the seal on a reportlab canvas, centred at (x, y) points. Red ink over black print: the ink multiplies
    with what is under it and lets a little through, so the text under the seal still reads."""
    drawing = seal_drawing(authority=authority, purpose=purpose, code=code, diameter_mm=diameter_mm)
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    canvas.setFillAlpha(opacity)
    canvas.setStrokeAlpha(opacity)
    renderPDF.draw(drawing, canvas, x - drawing.width / 2, y - drawing.height / 2)
    canvas.restoreState()


def seal_svg(*, authority, purpose, code, diameter_mm=42) -> bytes:
    """The seal as an SVG file, diameter_mm across when printed, titled with its name for screen readers. A browser
    has no font called by the PDF's name, so the SVG names the font's family and common CJK fonts after it."""
    drawing = seal_drawing(authority=authority, purpose=purpose, code=code, diameter_mm=diameter_mm)
    family = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
    svg = renderSVG.drawToString(
        drawing,
        fontHacks={cjk_font_name(): {"family": family}},
        svgAttrs={"width": f"{diameter_mm}mm", "height": f"{diameter_mm}mm"},
    )
    # reportlab writes "..." for the title and description
    svg = svg.replace("<title>...</title>", f"<title>{escape(authority + purpose)}</title>", 1)
    svg = svg.replace("<desc>...</desc>", f"<desc>印章编码 {escape(code)}</desc>", 1)
    return svg.encode("utf-8")
