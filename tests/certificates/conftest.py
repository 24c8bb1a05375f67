import pytest

from gaoxin.accounts.models import User
from gaoxin.cases.actions import case_accept
from gaoxin.certificates.models import License
from gaoxin.documents.crypto import ED25519, generate_private_key_pem
from tests.ratings.helpers import grant_open_tasks, submitted_case
from tests.support.forms import COMPANY_FORM

TEST_KEY_PEM = generate_private_key_pem(ED25519)
# The departments of company set-up (企业开办): registration first, then the four of stage 2.
ALL_STEPS = frozenset({"amr", "police", "tax", "hrss", "hpf"})


@pytest.fixture(autouse=True)
def signing_key(settings):
    """Every test here signs with its own key, configured as production would (never a file in var/)."""
    settings.GAOXIN = {**settings.GAOXIN, "SIGNING_KEY_PEM": TEST_KEY_PEM, "SIGNING_KEY_DEV_FALLBACK": False}
    return TEST_KEY_PEM


@pytest.fixture
def make_license(db):
    """make_license(form=…, granted=…) → the License of a company set-up case of the demo applicant.

    The case goes through the case actions: submitted with its materials, accepted, and the steps of the `granted`
    departments approved (all five by default, so the license carries 八证合一; {"amr"} leaves it at what the
    registration integrates). The API flow is covered once, in test_issue.py; the other tests need only a license."""

    def make(form=None, applicant="applicant", granted=ALL_STEPS):
        user = User.objects.get(username=applicant)
        case = submitted_case(
            bundle="company-setup", by=applicant, name=user.display_name, form=COMPANY_FORM if form is None else form
        )
        case = case_accept(case=case, clerk=User.objects.get(username="window"))
        grant_open_tasks(case, departments=set(granted))
        return License.objects.get(case=case)

    return make
