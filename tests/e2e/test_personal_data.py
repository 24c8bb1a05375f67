"""Personal data in the browser: a leader reads the applicant's numbers masked with no way to show them; the
department handling the step shows them in full with one button (htmx), and the look is recorded on the case."""

import pytest
from playwright.sync_api import expect

from gaoxin.core.models import AuditEvent
from tests.e2e.conftest import PHONE, screenshot
from tests.ratings.helpers import submitted_case, user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport, suffix", [(None, ""), (PHONE, "-phone")])
def test_masked_for_a_leader_and_shown_in_full_to_the_handler(new_page, viewport, suffix):
    from gaoxin.cases import actions

    case = actions.case_accept(case=submitted_case(bundle="company-setup"), clerk=user("window"))
    task = case.tasks.get(status="open", department__code="amr")
    size = {"viewport": viewport} if viewport else {}

    leader = new_page("leader", **size)
    leader.goto(f"/leader/cases/{case.pk}/")
    numbers = leader.locator("#personal-numbers")
    expect(numbers).to_contain_text("110105********002X")
    expect(numbers).to_contain_text("138****0009")
    expect(leader.get_by_role("button", name="显示完整号码")).to_have_count(0)
    screenshot(leader, f"personal-data-masked-leader{suffix}")

    amr = new_page("amr", **size)
    amr.goto(f"/desk/tasks/{task.pk}/")
    expect(amr.locator("#personal-numbers")).to_contain_text("110105********002X")
    screenshot(amr, f"personal-data-masked-handler{suffix}")
    amr.get_by_role("button", name="显示完整号码").click()
    expect(amr.locator("#personal-numbers")).to_contain_text("11010519491231002X")
    expect(amr.locator("#personal-numbers")).to_contain_text("13800000009")
    expect(amr.locator("#personal-numbers")).to_contain_text("已记入办件的审计记录")
    screenshot(amr, f"personal-data-full-handler{suffix}")
    assert AuditEvent.objects.filter(subject_id=str(case.pk), action="personal_data_view", actor=user("amr")).exists()
