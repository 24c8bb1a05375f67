"""The templates in force: an administrator's edited row, or the zone's default shipped in data/templates.json."""

import json
from functools import cache
from pathlib import Path

from gaoxin.core import sql
from gaoxin.documents.models import DocumentTemplate

DEFAULTS_FILE = Path(__file__).parent / "data" / "templates.json"


@cache
def default_templates() -> dict[str, dict]:
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def default_template(kind: str) -> DocumentTemplate:
    return DocumentTemplate(kind=kind, **default_templates()[kind])


def template_for(kind: str) -> DocumentTemplate:
    edited = sql.one(DocumentTemplate, "FROM documents_documenttemplate WHERE kind = %s", [kind])
    return edited or default_template(kind)
