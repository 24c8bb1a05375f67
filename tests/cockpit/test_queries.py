"""The cockpit costs the same number of queries for three cases as for thirty: everything is counted in the
database (tests the shape of the work; bench/cockpit_bench.py measures it at a million cases)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gaoxin.cockpit import selectors
from tests.cockpit.helpers import NOW, make_case, rate, user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_already_read")]

SUMMARY_BUDGET = 45  # services 7, projects 6, economy 26 (the demo's three indicators, three years), demands 3


def some_cases(n: int, start: int = 0) -> None:
    day = timedelta(days=1)
    departments = ["amr", "police", "tax", "hrss", "hpf"]
    for i in range(start, start + n):
        code = departments[i % len(departments)]
        if i % 3 == 0:
            make_case(
                "in_review",
                submitted_at=NOW - (i % 9) * day,
                accepted_at=NOW - (i % 9) * day,
                deadline=NOW + (i % 4 - 2) * day,
                department=code,
                tasks=[(code, "open", NOW + (i % 4 - 2) * day)],
            )
        else:
            case = make_case(
                "approved",
                submitted_at=NOW - (i % 20 + 2) * day,
                accepted_at=NOW - (i % 20 + 2) * day,
                decided_at=NOW - (i % 20) * day,
                deadline=NOW - (i % 20 + i % 2) * day,
                department=code,
                tasks=[(code, "approved", NOW - (i % 20) * day)],
            )
            rate(case, 5 - i % 5, open_rectification=i % 5 >= 3)


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries.captured_queries)


def test_summary_queries_do_not_grow_with_the_cases(django_assert_max_num_queries):
    leader = user("leader")
    some_cases(3)
    with django_assert_max_num_queries(SUMMARY_BUDGET):
        selectors.summary(leader, now=NOW)
    few = count_queries(lambda: selectors.summary(leader, now=NOW))
    some_cases(30, start=3)
    many = count_queries(lambda: selectors.summary(leader, now=NOW))
    assert many == few


def test_services_are_seven_queries():
    some_cases(12)
    assert count_queries(lambda: selectors.services(now=NOW)) == 7


def test_the_page_and_the_api_stay_within_budget(client, django_assert_max_num_queries):
    some_cases(12)
    client.force_login(user("leader"))
    client.get("/cockpit/")  # the first request of a process builds the API's schemas and loads templates
    with django_assert_max_num_queries(SUMMARY_BUDGET + 10):  # session, user, the header's counts, session save
        assert client.get("/cockpit/").status_code == 200
    with django_assert_max_num_queries(SUMMARY_BUDGET + 5):
        assert client.get("/api/cockpit/summary").status_code == 200
    page = count_queries(lambda: client.get("/cockpit/tiles/"))
    some_cases(20, start=12)
    assert count_queries(lambda: client.get("/cockpit/tiles/")) == page
