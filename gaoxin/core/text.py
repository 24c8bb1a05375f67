"""Text no database or page can take: a lone UTF-16 surrogate has no UTF-8 form, so storing it fails (PostgreSQL,
SQLite's text columns) and so does a page that shows it (the response is encoded as UTF-8). Requests carrying one
are refused (core.middleware.UnreadableTextMiddleware); JSON kept from before that check — SQLite stores JSON with
ASCII escapes, so "\\ud800" could be written — is read with the character replaced, so that no page fails for good."""

import json
import re

# A lone half of a UTF-16 pair: json.loads joins a proper pair ("\ud83d\ude00") into one character.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def without_lone_surrogates(value):
    """value (parsed JSON) with every lone surrogate in its keys and strings replaced by U+FFFD."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    return value


class ReadableJSONDecoder(json.JSONDecoder):
    """A JSONField's decoder that never hands a page a string it cannot encode."""

    def decode(self, s, *args, **kwargs):
        value = super().decode(s, *args, **kwargs)
        return without_lone_surrogates(value) if "\\u" in s else value
