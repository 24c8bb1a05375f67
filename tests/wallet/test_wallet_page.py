"""The wallet on the applicant's case page: what it holds is offered, and one click hands it in."""

from gaoxin.accounts.models import User
from tests.wallet.test_wallet import set_up_company


def test_one_click_hands_in_what_the_wallet_holds(api, client):
    set_up_company(api)
    applicant = api("applicant")
    license = applicant.get("/api/wallet").json()["certificates"][0]
    enterprise = {"kind": "enterprise", "name": license["company_name"], "uscc": license["uscc"]}
    case = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": enterprise}).json()

    client.force_login(User.objects.get(username="applicant"))
    page = client.get(f"/portal/cases/{case['id']}/").content.decode()
    assert "一键使用钱包中的材料" in page and "无需提交" in page and license["number"] in page

    after = client.post(f"/portal/cases/{case['id']}/use-wallet/", follow=True).content.decode()
    assert "已从材料钱包提交 2 项材料" in after
    assert "来自材料钱包" in after and "一键使用钱包中的材料" not in after
    assert "材料已齐全，可以提交" in after
