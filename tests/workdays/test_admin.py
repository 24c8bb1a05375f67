from datetime import date

import pytest

from gaoxin.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["calendarday", "calendaryear"])
def test_admin_pages_open(admin_client, model):
    CalendarYear.objects.create(year=2027, note="国办发明电")
    CalendarDay.objects.create(date=date(2027, 10, 1), is_working_day=False, name="国庆节")
    assert admin_client.get(f"/admin/workdays/{model}/").status_code == 200
    assert admin_client.get(f"/admin/workdays/{model}/add/").status_code == 200


def test_administrator_adds_a_holiday(admin_client):
    response = admin_client.post(
        "/admin/workdays/calendarday/add/", {"date": "2026-11-16", "name": "临时放假", "is_working_day": ""}
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2026, 11, 16)).is_working_day is False
