"""The on-time rate (cases.selectors.OnTimeRate): on time ÷ (decided + open overdue), the one definition that /leader/,
the cockpit and its API show; and the few queries that count it."""

from datetime import timedelta
from decimal import Decimal

import pytest

from gaoxin.cases import selectors
from gaoxin.cases.selectors import OnTimeRate
from tests.cockpit.helpers import NOW, make_case, user


@pytest.mark.parametrize(
    "decided, on_time, open_overdue, rate",
    [
        (4, 3, 2, Decimal("50.0")),  # decided cases alone would say 75.0
        (2, 1, 1, Decimal("33.3")),
        (3, 2, 0, Decimal("66.7")),
        (16, 1, 0, Decimal("6.3")),  # 6.25 rounds half up, not to the even 6.2
        (0, 0, 3, Decimal("0.0")),  # nothing decided but late cases open: none on time, not "no figure"
        (0, 0, 0, None),
    ],
)
def test_the_rate_is_on_time_over_decided_and_open_overdue(decided, on_time, open_overdue, rate):
    assert OnTimeRate(decided=decided, on_time=on_time, open_overdue=open_overdue).rate == rate


@pytest.mark.django_db
def test_leader_figures_count_each_kind_of_case_once(django_assert_num_queries):
    day = timedelta(days=1)
    make_case("approved", accepted_at=NOW - 3 * day, decided_at=NOW - 2 * day, deadline=NOW - day)  # on time
    make_case("approved", accepted_at=NOW - 3 * day, decided_at=NOW - 2 * day, deadline=NOW - 2 * day)  # on the dot
    make_case("denied", accepted_at=NOW - 5 * day, decided_at=NOW - 2 * day, deadline=NOW - 3 * day)  # late
    make_case("approved", accepted_at=NOW - 60 * day, decided_at=NOW - 40 * day, deadline=NOW - 50 * day)  # too old
    make_case("in_review", accepted_at=NOW - 90 * day, deadline=NOW - 80 * day)  # overdue for long: counts
    make_case("supplement_requested", accepted_at=NOW - 5 * day, deadline=NOW - day)  # paused, still overdue
    make_case("in_review", accepted_at=NOW - day, deadline=NOW + day)  # not yet due: counts nowhere
    make_case("withdrawn", accepted_at=NOW - 5 * day, decided_at=NOW - day, deadline=NOW - 2 * day)  # not decided

    leader = user("leader")
    with django_assert_num_queries(4):  # first submissions today, decisions, open overdue, visits
        figures = selectors.leader_figures(leader, now=NOW, days=30)

    counts = ("decided_in_window", "on_time_in_window", "open_overdue", "on_time_rate")
    assert [figures[key] for key in counts] == [3, 2, 2, Decimal("40.0")]
    assert figures["open_overdue"] == selectors.overdue_open_count(leader, now=NOW)


@pytest.mark.django_db
def test_a_case_ended_partly_is_decided_like_an_approved_or_denied_one():
    day = timedelta(days=1)
    make_case("partly_approved", accepted_at=NOW - 3 * day, decided_at=NOW - 2 * day, deadline=NOW - day)  # on time
    make_case("partly_approved", accepted_at=NOW - 5 * day, decided_at=NOW - 2 * day, deadline=NOW - 3 * day)  # late
    figures = selectors.leader_figures(user("leader"), now=NOW, days=30)
    assert [figures[key] for key in ("decided_in_window", "on_time_in_window", "on_time_rate")] == [
        2,
        1,
        Decimal("50.0"),
    ]
