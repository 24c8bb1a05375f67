"""The one rule of the wallet: a kept paper fits a case of the same subject, within its validity, never a form."""

from datetime import date, timedelta

import pytest

from gaoxin.catalog.models import MaterialKind, ReuseScope
from gaoxin.wallet.models import WalletDocument
from gaoxin.wallet.rules import Subjects, fits, kept_subject, person_subject, reusable_until, subject_key

TODAY = date(2026, 12, 2)
PERSON = Subjects(person="11010519491231002x", company="91410300MA44FUTP0T", property="开元大道 1 号")


def document(scope: str, subject: str, valid_until: date = TODAY) -> WalletDocument:
    """A kept paper of this subject, filed as the wallet files it (a person's under their number's digest)."""
    kept_as = person_subject(subject) if scope == ReuseScope.PERSON else subject
    return WalletDocument(
        material=MaterialKind(reuse_scope=scope, reuse_valid_days=30), subject=kept_as, valid_until=valid_until
    )


@pytest.mark.parametrize(
    ("scope", "subject", "expected"),
    [
        (ReuseScope.PERSON, "11010519491231002X", True),
        (ReuseScope.PERSON, "110105194912310021", False),
        (ReuseScope.COMPANY, "91410300MA44FUTP0T", True),
        (ReuseScope.COMPANY, "91110000710926094P", False),
        (ReuseScope.PROPERTY, "开元大道1号", True),
        (ReuseScope.PROPERTY, "开元大道2号", False),
        (ReuseScope.NEVER, "11010519491231002X", False),
    ],
)
def test_a_paper_fits_only_its_own_subject(scope, subject, expected):
    assert fits(document=document(scope, subject), subjects=PERSON, today=TODAY) is expected


def test_a_paper_past_its_validity_fits_nothing():
    kept = document(ReuseScope.PERSON, "11010519491231002X", valid_until=TODAY - timedelta(days=1))
    assert not fits(document=kept, subjects=PERSON, today=TODAY)


def test_a_case_that_states_no_subject_is_offered_nothing():
    """A company set-up's company has no USCC yet: its papers are kept for no one and no one's are offered to it."""
    assert kept_subject(MaterialKind(reuse_scope=ReuseScope.COMPANY), Subjects(person="x")) == ""
    assert not fits(document=document(ReuseScope.COMPANY, ""), subjects=Subjects(person="x"), today=TODAY)


def test_subjects_compare_as_people_write_them():
    assert subject_key(" 开元大道 １号 ") == subject_key("开元大道1号") == "开元大道1号"
    assert subject_key("11010519491231002x") == "11010519491231002X"


def test_validity_counts_days_from_keeping():
    assert reusable_until(MaterialKind(reuse_valid_days=180), TODAY) == TODAY + timedelta(days=180)


def test_a_persons_papers_are_filed_under_a_digest_never_their_id_number():
    kept = kept_subject(MaterialKind(reuse_scope=ReuseScope.PERSON), PERSON)
    assert kept == person_subject("11010519491231002X") and "1101051949" not in kept and len(kept) == 64
