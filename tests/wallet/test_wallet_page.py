"""The wallet on the applicant's case page: each fitting paper offered with its date and source case, taken one by
one; a material the platform's license proves shows so on every page."""

from gaoxin.accounts.models import User
from tests.wallet.test_wallet import SECOND_COMPANY, set_up_company


def test_each_offered_paper_is_taken_on_its_own(api, client):
    first = set_up_company(api)
    case = api("applicant").post("/api/cases", SECOND_COMPANY).json()

    client.force_login(User.objects.get(username="applicant"))
    page = client.get(f"/portal/cases/{case['id']}/").content.decode()
    assert "使用这份" in page and first["number"] in page and 'id="use-wallet-legal_rep_id"' in page
    assert 'id="use-wallet-articles"' not in page and 'id="use-wallet-premises_proof"' not in page
    assert "一键使用" not in page

    after = client.post(
        f"/portal/cases/{case['id']}/use-wallet/", {"material": "legal_rep_id"}, follow=True
    ).content.decode()
    assert "已从材料钱包提交 1 项材料" in after and "来自材料钱包" in after and "使用这份" not in after


def test_a_proved_material_shows_as_proved_at_the_window(api, client):
    set_up_company(api)
    applicant = api("applicant")
    license = applicant.get("/api/wallet").json()["certificates"][0]
    enterprise = {"kind": "enterprise", "name": license["company_name"], "uscc": license["uscc"]}
    case = applicant.post("/api/cases", {"item": "POL-SEAL-001", "applicant": enterprise}).json()
    for username in ["applicant", "window"]:
        client.force_login(User.objects.get(username=username))
        url = f"/portal/cases/{case['id']}/" if username == "applicant" else f"/window/cases/{case['id']}/"
        assert "由本平台电子证照证明" in client.get(url).content.decode(), username
