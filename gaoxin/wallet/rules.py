"""Whether a kept paper fits a new case: the one rule, read by the wallet's offers and by the action that takes one.

A paper is offered again only to a case about the same subject as the case it was handed in with — the same person
(by resident ID number), the same company (by USCC), the same property (by its certificate number or address) — and
only within its kind's validity. Forms and papers written for one case (申请书, a lease for one address) are never
kept for another (docs/decisions/0018-wallet-reuse.md).
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from gaoxin.catalog.models import MaterialKind, ReuseScope
from gaoxin.core import personal


@dataclass(frozen=True)
class Subjects:
    """Who and what a case is about, as the case states it."""

    person: str = ""  # the applicant's resident ID number
    company: str = ""  # the applying company's USCC
    property: str = ""  # the property's certificate number or its address

    def of(self, scope: str) -> str:
        """The subject a paper of this reuse scope would belong to in this case; "" when the case names none."""
        if scope == ReuseScope.PERSON:
            return person_subject(self.person)
        stated = {ReuseScope.COMPANY: self.company, ReuseScope.PROPERTY: self.property}
        return subject_key(stated.get(scope, ""))


def person_subject(id_number: str) -> str:
    """A person's papers are kept under the keyed digest of their ID number, never the number itself: the wallet
    holds no personal data in the clear (docs/decisions/0029)."""
    return personal.digest(subject_key(id_number))


def subject_key(value: str) -> str:
    """A subject as it is compared: full-width letters and digits folded, spaces dropped, letters upper-case, so
    "洛龙区开元大道 1 号" and "洛龙区开元大道１号" are one address and an ID's x is its X."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def kept_subject(material: MaterialKind, subjects: Subjects) -> str:
    """The subject a paper of this kind handed in with this case belongs to; "" when it is not to be kept."""
    if material.reuse_scope == ReuseScope.NEVER:
        return ""
    return subjects.of(material.reuse_scope)


def reusable_until(material: MaterialKind, kept_on: date) -> date:
    return kept_on + timedelta(days=material.reuse_valid_days)


def fits(*, document, subjects: Subjects, today: date) -> bool:
    """The kept document may be handed in with a case of these subjects today."""
    subject = kept_subject(document.material, subjects)
    return bool(subject) and document.subject == subject and today <= document.valid_until
