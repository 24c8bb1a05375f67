"""The CJK font every PDF of the platform embeds (licenses, documents, seals), and Chinese line breaking.

reportlab embeds TrueType outlines only, so the font is looked for among the TrueType CJK fonts of the common Linux
distributions; a machine without one gets an error that names the package to install.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import textsplit as _textsplit_module
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import paragraph as _paragraph_module

# Chinese punctuation that must not start a line (GB/T 15834-2011 标点符号用法, 4.1–4.8) which reportlab's CJK
# wrapping does not know; such a character hangs at the end of the line before instead.
for _module in (_paragraph_module, _textsplit_module):  # one-fragment paragraphs wrap in textsplit
    _module.ALL_CANNOT_START += "".join(c for c in "，；：！？”’）》〉" if c not in _module.ALL_CANNOT_START)

FONT_NAME = "GaoxinCJK"

# (path, subfont index in a .ttc), first usable wins. reportlab embeds TrueType outlines only: Debian's
# fonts-noto-cjk ships Noto Sans CJK with CFF outlines, which reportlab refuses; it is tried last so that the error
# says why when it is the only CJK font on the machine.
FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # Debian, Ubuntu: fonts-wqy-zenhei
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),  # Fedora: wqy-zenhei-fonts
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),  # Arch: wqy-zenhei
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # Debian, Ubuntu: fonts-wqy-microhei
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Debian: fonts-noto-cjk (CFF, see above)
)


class FontMissing(ImproperlyConfigured):
    pass


def cjk_font_name() -> str:
    """Register the first usable CJK TrueType font under FONT_NAME (once per process) and return the name."""
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    tried = []
    for path, index in FONT_CANDIDATES:
        if not Path(path).exists():
            continue
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
        except TTFError as error:
            tried.append(f"{path}: {error}")
            continue
        return FONT_NAME
    detail = f"（已尝试：{'；'.join(tried)}）" if tried else ""
    raise FontMissing(
        "找不到可嵌入 PDF 的中文字体：请安装 Debian 软件包 fonts-wqy-zenhei（sudo apt-get install fonts-wqy-zenhei），"
        f"它提供 {FONT_CANDIDATES[0][0]}。{detail}"
    )
