"""A QR code for a page (the walk-in's rating link, the evaluator's address), encoded as the documents encode theirs."""

import base64
import itertools

from reportlab.graphics.barcode.qr import QrCodeWidget

QUIET = 4  # modules of white around the code, as scanners need


def qr_svg(url: str) -> str:
    """The code of `url` (error correction M, as on the documents) as an SVG data address for an <img> (the Content
    Security Policy allows data: images): one path of its dark runs, a few kilobytes, scaled by the page."""
    code = QrCodeWidget(url, barLevel="M", barBorder=QUIET).qr
    code.make()
    runs = []
    for row_number, row in enumerate(code.modules):
        column = 0
        for dark, cells in itertools.groupby(map(bool, row)):
            count = len(list(cells))
            if dark:
                runs.append(f"M{column + QUIET} {row_number + QUIET}h{count}v1h-{count}z")
            column += count
    side = code.getModuleCount() + 2 * QUIET
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
