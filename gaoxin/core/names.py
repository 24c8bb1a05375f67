"""Which name a person reads: the English one in English mode when an administrator gave one, else the Chinese.

The catalog's items, bundles and themes, the departments and the economy's areas all have a Chinese name and may have
an English one; every page and API answer picks between them here, so the rule cannot differ from one to the next.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_active_language(name: str, name_en: str) -> str:
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class EnglishNamed(models.Model):
    """A model with a Chinese `name` and an optional English one."""

    name_en = models.CharField(
        _("英文名称"), max_length=200, blank=True, help_text=_("英文界面中显示；留空则显示中文名称")
    )

    class Meta:
        abstract = True

    @property
    def shown_name(self) -> str:
        return in_active_language(self.name, self.name_en)
