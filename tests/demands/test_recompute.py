"""A changed working-day calendar moves the open demands' deadlines as the loop's actions would have set them, audits
each move on the demand's chain, tells whoever must act in the running stage, and leaves finished demands alone."""

from datetime import date

import pytest

from gaoxin.core.models import AuditEvent
from gaoxin.demands import actions
from gaoxin.demands.models import Demand
from gaoxin.notifications.models import Kind, Notification
from gaoxin.workdays import actions as calendar_actions
from tests.demands.helpers import assigned, at, paired, raised, user

pytestmark = pytest.mark.django_db

# 2027-03-01 is a Monday; 2027 has no holiday notice yet, so its weekdays are working days.
MONDAY = at(2027, 3, 1, 10, 0)


def test_a_day_off_moves_the_open_demands_deadlines_it_counted_and_tells_the_unit():
    paired()
    demand = assigned(MONDAY, to="amr")  # accept by Tue 2nd, respond by Thu 4th, solve by Wed 10th (7 days)
    waiting = raised(MONDAY)  # the office's: assign by Tue 2nd
    done = actions.demand_reply(
        demand=actions.demand_respond(
            demand=actions.demand_accept(demand=assigned(MONDAY, to="tax"), actor=user("tax"), now=MONDAY),
            actor=user("tax"),
            note="已联系",
            now=MONDAY,
        ),
        actor=user("tax"),
        result="solved",
        reply="已解决",
        now=MONDAY,
    )
    before = {d.pk: (d.accept_due, d.respond_due, d.solve_due) for d in Demand.objects.all()}
    assert before[demand.pk] == (at(2027, 3, 2, 17, 0), at(2027, 3, 4, 17, 0), at(2027, 3, 10, 17, 0))

    change = calendar_actions.calendar_day_save(
        actor=user("admin"), day=date(2027, 3, 3), is_working_day=False, name="临时放假"
    )

    demand.refresh_from_db()
    assert (demand.accept_due, demand.respond_due, demand.solve_due) == (
        at(2027, 3, 2, 17, 0),
        at(2027, 3, 5, 17, 0),
        at(2027, 3, 11, 17, 0),
    ), "the day off counts in the response's and the solving limits, not the acceptance's"
    waiting.refresh_from_db()
    assert waiting.assign_due == at(2027, 3, 2, 17, 0)
    done.refresh_from_db()
    assert done.solve_due == before[done.pk][2], "a replied demand is no longer running: it keeps its deadlines"
    assert change.recomputed["demands"] == 1

    event = AuditEvent.objects.get(subject_type="demand", subject_id=str(demand.pk), action="deadline_recompute")
    assert event.actor_id == user("admin").pk
    assert set(event.data) == {"respond_due", "solve_due"}
    assert event.data["solve_due"]["new"] == "2027-03-11T17:00:00+08:00"
    # The running stage is 待签收, whose deadline did not move: nobody needs to hear of it yet.
    assert not Notification.objects.filter(kind=Kind.DEADLINE_MOVED).exists()


def test_the_running_stages_move_is_told_to_the_unit():
    paired()
    demand = assigned(MONDAY, to="amr")
    demand = actions.demand_accept(demand=demand, actor=user("amr"), now=MONDAY)  # running: respond by Thu 4th

    calendar_actions.calendar_day_save(actor=user("admin"), day=date(2027, 3, 3), is_working_day=False, name="临时放假")

    notice = Notification.objects.get(kind=Kind.DEADLINE_MOVED, recipient__username="amr")
    assert demand.number in notice.title and "2027-03-05 17:00" in notice.title
    assert "2027-03-04 17:00" in notice.body and notice.link == f"/demands/{demand.pk}/"
