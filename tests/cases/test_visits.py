"""少跑腿: each case counts the applicant's visits to the hall against its item's maximum, and the leader sees the
share of cases within it."""

from decimal import Decimal

import pytest

from gaoxin.cases import actions
from gaoxin.cases.models import Case
from gaoxin.cases.selectors import leader_figures
from gaoxin.catalog.models import Bundle, ServiceItem
from gaoxin.core.errors import Forbidden
from gaoxin.core.models import AuditEvent
from tests.ratings.helpers import grant_open_tasks, submitted_case, user
from tests.support.files import pdf

pytestmark = pytest.mark.django_db


def test_items_declare_their_maximum_and_a_case_keeps_it():
    assert ServiceItem.objects.get(code="HPF-WD-001").max_visits == 0, "online end to end: 零跑动"
    assert Bundle.objects.get(code="company-setup").max_visits == 0
    online = submitted_case(bundle="company-setup")
    assert (online.visits, online.visits_allowed) == (0, 0)


def test_a_walk_in_counts_registration_coming_back_to_correct_and_collecting(client):
    case = submitted_case(bundle="company-setup", by="window")
    assert case.visits == 1, "registered at the window"
    material = case.materials.select_related("material").first().material
    case = actions.case_request_corrections(case=case, clerk=user("window"), corrections={material.code: "请盖章"})
    actions.case_upload_material(case=case, actor=user("window"), material_code=material.code, uploaded=pdf())
    case = actions.case_submit(case=case, actor=user("window"))
    assert Case.objects.get(pk=case.pk).visits == 2, "came back with the corrections"

    case = actions.case_accept(case=case, clerk=user("window"))
    grant_open_tasks(case)
    client.force_login(user("window"))
    response = client.post(f"/window/cases/{case.pk}/collected/", follow=True)
    assert "已登记申请人来厅领取办理结果" in response.content.decode()
    case.refresh_from_db()
    assert case.visits == 3
    visits = AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk), action="visit").order_by("seq")
    assert [e.data["purpose"] for e in visits] == ["register", "correct", "collect"]
    detail = client.get(f"/window/cases/{case.pk}/").content.decode()
    assert "超过承诺" in detail


def test_only_the_window_records_a_visit_of_a_walk_in_case():
    online = submitted_case(bundle="company-setup")
    with pytest.raises(Forbidden):
        actions.case_record_visit(case=online, clerk=user("window"), purpose="collect")
    walk_in = submitted_case(bundle="company-setup", by="window")
    with pytest.raises(Forbidden):
        actions.case_record_visit(case=walk_in, clerk=user("applicant"), purpose="collect")


def test_the_leader_sees_the_share_of_decided_cases_within_their_maximum():
    within = submitted_case(bundle="hpf-withdrawal")
    over = submitted_case(bundle="hpf-withdrawal", by="window")
    for case in (within, over):
        grant_open_tasks(actions.case_accept(case=case, clerk=user("window")))
    figures = leader_figures(user("leader"))
    assert Bundle.objects.get(code="hpf-withdrawal").max_visits == 0, "the walk-in came once where none was needed"
    assert (figures["visits_within"], figures["visits_none"]) == (1, 1)
    assert figures["visits_within_rate"] == Decimal("50.0")
