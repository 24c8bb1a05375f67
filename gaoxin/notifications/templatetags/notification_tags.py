import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def own_links(text: str) -> str:
    """A message's text, escaped, with the platform's own addresses (a decision's PDF, say) as links. Any other
    address stays text: a message may quote what someone outside wrote, and the platform does not link to it."""
    base = settings.GAOXIN["PUBLIC_BASE_URL"].rstrip("/")
    address = re.compile(re.escape(base) + r"(?:/[^\s<>\"']*)?")
    pieces, last = [], 0
    for found in address.finditer(text):
        pieces += [escape(text[last : found.start()]), format_html('<a href="{0}">{0}</a>', found.group())]
        last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
