"""What a catalog search looks in and how a query is read: names, English names, keywords, codes and their pinyin.

People type what they call a thing (开公司, 刻章, 社保) or its pinyin initials on a phone (qykb for 企业开办), not the
catalog's official names. Each item and bundle keeps one lower-case search text with all of these, computed when it
is saved or loaded, so a search is a LIKE over one column and no request computes pinyin for the whole catalog.
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Terms of a query or of the keywords are separated by spaces and by Chinese or Western list punctuation.
SEPARATORS = re.compile(r"[\s,，、;；/|]+")
MAX_TERMS = 5
MAX_TERM_LENGTH = 50


def normalized(text: str) -> str:
    """Full-width letters and digits as half-width (ＱＹＫＢ → qykb), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def keyword_list(keywords: str) -> list[str]:
    return [k for k in SEPARATORS.split(normalized(keywords)) if k]


def _pinyin_forms(text: str) -> tuple[str, str]:
    """The full pinyin and the initials of a Chinese text, letters and digits only: 企业开办 → qiyekaiban, qykb."""

    def joined(syllables: list[str]) -> str:
        return "".join(ch for s in syllables for ch in s.lower() if ch.isascii() and ch.isalnum())

    return joined(lazy_pinyin(text)), joined(lazy_pinyin(text, style=Style.FIRST_LETTER))


def searchable_text(*, code: str, name: str, name_en: str, keywords: str) -> str:
    """One line per form; a term never matches across two lines, since terms hold no line break."""
    words = [normalized(name), *keyword_list(keywords)]
    lines = [*words, normalized(name_en), normalized(code)]
    for word in words:
        lines.extend(_pinyin_forms(word))
    return "\n".join(dict.fromkeys(line for line in lines if line))


def query_terms(q: str) -> list[str]:
    """The terms a result must all contain, at most five of at most 50 characters each."""
    return [t[:MAX_TERM_LENGTH] for t in SEPARATORS.split(normalized(q)) if t][:MAX_TERMS]


def near_pieces(terms: list[str]) -> list[str]:
    """The pieces of a query that found nothing, for suggesting what is near: a Chinese term's two-character runs
    (开个公司 → 开个, 个公, 公司); a pinyin or Latin term less its last letter (a typo is most often at the end), since
    two letters of pinyin would match half the catalog."""
    pieces: list[str] = []
    for term in terms:
        if term.isascii():
            pieces.extend([term[:-1]] if len(term) >= 4 else [])
        elif len(term) <= 2:
            pieces.append(term)
        else:
            pieces.extend(term[i : i + 2] for i in range(len(term) - 1))
    return list(dict.fromkeys(pieces))
