"""The seal's picture: a round red seal whose characters stay inside the ring and clear of one another."""

import math
import re
from itertools import combinations
from xml.etree import ElementTree

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gaoxin.documents.seal_image import (
    CLEARANCE,
    CODE_SPACING,
    DESIGN_DIAMETER,
    PURPOSE_CLEARANCE,
    RING_WIDTH,
    apart,
    draw_seal,
    name_span,
    seal_drawing,
    seal_layout,
    seal_svg,
)

SEALS = [
    ("洛阳高新技术产业开发区管理委员会", "行政审批专用章"),
    ("洛阳市公安局高新技术产业开发区分局", "行政审批专用章"),
    ("洛阳市公安局高新技术产业开发区分局", "业务专用章"),
    ("洛阳高新区市场监督管理局", "行政审批专用章"),
    ("洛阳高新技术产业开发区行政审批服务局", "行政审批专用章"),  # 18 characters
]
CODE = "4103710000001"


def svg_texts(svg: bytes) -> str:
    return "".join(
        element.text or "" for element in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    )


@pytest.mark.parametrize(("authority", "purpose"), SEALS)
def test_the_svg_holds_every_character(authority, purpose):
    svg = seal_svg(authority=authority, purpose=purpose, code=CODE)
    assert sorted(svg_texts(svg)) == sorted(authority + purpose + CODE)
    # A browser knows the font by its family, not by the name the PDF registers it under.
    assert b"WenQuanYi Zen Hei" in svg


@pytest.mark.parametrize("diameter", [42, 40, 38])
def test_the_drawing_fits_in_its_diameter(diameter):
    drawing = seal_drawing(authority=SEALS[0][0], purpose=SEALS[0][1], code=CODE, diameter_mm=diameter)
    size = diameter * mm
    assert drawing.width == pytest.approx(size) and drawing.height == pytest.approx(size)
    left, bottom, right, top = drawing.getBounds()
    assert left >= -0.01 and bottom >= -0.01 and right <= size + 0.01 and top <= size + 0.01


@pytest.mark.parametrize(("authority", "purpose"), SEALS)
def test_no_character_touches_the_ring_or_another(authority, purpose):
    glyphs = seal_layout(authority=authority, purpose=purpose, code=CODE)
    unit = mm  # at 42 mm a design millimetre is a millimetre
    inner = (DESIGN_DIAMETER / 2 - RING_WIDTH - 0.5) * unit
    for glyph in glyphs:
        assert all(math.hypot(x, y) <= inner for x, y in glyph.corners()), glyph.text
    for a, b in combinations(glyphs, 2):
        assert apart(a.corners(), b.corners(), CODE_SPACING * unit * 0.95), (a.text, b.text)
    name = glyphs[: len(authority)]
    for a, b in zip(name, name[1:], strict=False):
        assert apart(a.corners(), b.corners(), CLEARANCE * unit * 0.95), (a.text, b.text)
    # The purpose line keeps well clear of the ends of the name, which it would otherwise seem to continue.
    for a in glyphs[-len(purpose) :]:
        assert all(apart(a.corners(), b.corners(), PURPOSE_CLEARANCE * unit * 0.99) for b in name), a.text


@pytest.mark.parametrize(("authority", "purpose"), SEALS)
def test_the_name_runs_clockwise_over_the_top_upright_towards_the_centre(authority, purpose):
    name = seal_layout(authority=authority, purpose=purpose, code=CODE)[: len(authority)]
    clockwise_from_top = [math.degrees(math.atan2(glyph.x, glyph.y)) for glyph in name]
    assert clockwise_from_top == sorted(clockwise_from_top)
    assert 210 <= clockwise_from_top[-1] - clockwise_from_top[0] <= 250
    assert clockwise_from_top[0] == pytest.approx(-clockwise_from_top[-1])  # symmetric about the top
    for glyph, bearing in zip(name, clockwise_from_top, strict=True):
        assert glyph.angle == pytest.approx(-bearing)  # its foot towards the centre
    # A long name is compressed, as seal typefaces are; a short one less so.
    assert name[0].squeeze < 1


def test_the_arc_grows_with_the_name():
    assert name_span(8) == 210 and name_span(20) == 250 and 210 < name_span(16) < 250


def test_the_purpose_is_one_centred_line_under_the_star():
    glyphs = seal_layout(authority=SEALS[0][0], purpose="行政审批专用章", code=CODE)
    purpose = [glyph for glyph in glyphs if glyph.angle == 0 and not glyph.text.isdigit()]
    assert "".join(glyph.text for glyph in purpose) == "行政审批专用章"
    assert len({round(glyph.y, 6) for glyph in purpose}) == 1 and purpose[0].y < 0
    assert purpose[0].x == pytest.approx(-purpose[-1].x)


def test_the_stamp_is_red_and_lets_the_print_under_it_through():
    from io import BytesIO

    buffer = BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    draw_seal(canvas, authority=SEALS[0][0], purpose=SEALS[0][1], code=CODE, x=200, y=200)
    canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    assert b"/BM /Multiply" in data and re.search(rb"/ca \.88\b", data)
    assert b".843137 0 .058824 rg" in data  # #d7000f
