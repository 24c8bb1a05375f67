"""The security administrator finds an account by its whole ID number or phone, which are stored encrypted."""

import pytest

from gaoxin.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["410305199003152014", "13800000001"])
def test_the_admin_finds_an_account_by_its_whole_id_number_or_phone(client, typed):
    client.force_login(User.objects.get(username="security"))
    page = client.get("/admin/accounts/user/", {"q": typed})
    assert page.status_code == 200
    assert [u.username for u in page.context["cl"].result_list] == ["applicant"]
    assert not client.get("/admin/accounts/user/", {"q": typed[:8]}).context["cl"].result_list
