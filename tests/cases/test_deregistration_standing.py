"""简易注销 is the company's own act: only its legal representative (as the zone's register, or the platform's license,
shows) or an agent with its power of attorney may apply; anyone else is refused, in the API and on the page."""

from gaoxin.accounts.models import User
from gaoxin.economy.models import Enterprise
from tests.cases.test_api_flow import create_and_fill
from tests.cases.test_notice import DEREGISTRATION
from tests.support.files import pdf
from tests.support.forms import form_post_data
from tests.wallet.test_wallet import set_up_company

STRANGER_ID = "41031119880720402X"  # applicant2 李红梅: the legal representative of no company


def as_person(id_number: str, **changes) -> dict:
    return {**DEREGISTRATION, "applicant": {**DEREGISTRATION["applicant"], "id_number": id_number, **changes}}


def materials(case) -> dict:
    return {m["code"]: m for m in case["materials"]}


def test_the_legal_representative_applies(api):
    case = create_and_fill(api("applicant"), DEREGISTRATION)
    assert not materials(case)["power_of_attorney"]["required"]
    assert api("applicant").post(f"/api/cases/{case['id']}/submit").json()["status"] == "submitted"
    assert case["events"][0]["data"]["standing"] == "legal_representative"


def test_someone_who_is_not_the_legal_representative_cannot_apply_without_a_power_of_attorney(api):
    applicant2 = api("applicant2")
    case = applicant2.post("/api/cases", as_person(STRANGER_ID)).json()
    assert materials(case)["power_of_attorney"]["required"], "acting for the company, they must show its authority"
    for code, material in materials(case).items():
        if code != "power_of_attorney" and not material["proved"]:
            applicant2.upload(f"/api/cases/{case['id']}/materials", code, pdf())
    refused = applicant2.post(f"/api/cases/{case['id']}/submit")
    assert refused.status_code == 400 and refused.json()["field"] == "materials"
    assert "授权委托书" in refused.json()["detail"]


def test_an_agent_with_a_power_of_attorney_applies(api):
    applicant2 = api("applicant2")
    case = create_and_fill(applicant2, as_person(STRANGER_ID))
    assert case["events"][0]["data"]["standing"] == "agent"
    assert applicant2.post(f"/api/cases/{case['id']}/submit").json()["status"] == "submitted"


def test_the_item_without_a_power_of_attorney_refuses_anyone_but_the_legal_representative(api):
    from gaoxin.catalog.models import ItemMaterial

    ItemMaterial.objects.filter(item__code="AMR-DEREG-NOTICE", material__code="power_of_attorney").delete()
    refused = api("applicant2").post("/api/cases", as_person(STRANGER_ID))
    assert refused.status_code == 400 and refused.json()["field"] == "applicant.id_number"
    assert "法定代表人不符" in refused.json()["detail"]


def test_a_company_the_zone_does_not_know_or_a_person_is_refused(api):
    unknown = as_person(STRANGER_ID, uscc="91110000710926094P", name="外地某公司")
    refused = api("applicant").post("/api/cases", unknown)
    assert refused.status_code == 400 and refused.json()["field"] == "applicant.uscc"
    person = {**DEREGISTRATION, "applicant": {"kind": "person", "name": "张晓明", "id_number": "410305199003152014"}}
    refused = api("applicant").post("/api/cases", person)
    assert refused.status_code == 400 and refused.json()["field"] == "applicant.kind"
    assert api("applicant").post("/api/cases", as_person("")).json()["field"] == "applicant.id_number"


def test_the_legal_representative_of_a_company_the_platform_licensed_applies(api):
    first = set_up_company(api)
    license = first["license"]
    assert Enterprise.objects.get(uscc=license["uscc"]).legal_representative_id == "11010519491231002X"
    payload = {
        **DEREGISTRATION,
        "applicant": {"kind": "enterprise", "name": "洛阳示例智能科技有限公司", "uscc": license["uscc"]},
    }
    legal = {**payload, "applicant": {**payload["applicant"], "id_number": "11010519491231002X"}}
    case = api("applicant").post("/api/cases", legal).json()
    assert case["events"][0]["data"]["standing"] == "legal_representative"
    assert materials(case)["business_license"]["proved"]


def test_the_page_names_the_refusal_at_the_field(api, client):
    from gaoxin.catalog.models import ItemMaterial

    ItemMaterial.objects.filter(item__code="AMR-DEREG-NOTICE", material__code="power_of_attorney").delete()
    client.force_login(User.objects.get(username="applicant2"))
    data = {
        "kind": "enterprise",
        "name": "洛阳丰华工业软件有限公司",
        "uscc": "91410300MA49F2WH6T",
        "id_number": STRANGER_ID,
        "phone": "13800000002",
        **form_post_data(DEREGISTRATION["form"]),
    }
    response = client.post("/portal/apply/bundle/simple-deregistration/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "身份证号与“洛阳丰华工业软件有限公司”登记的法定代表人不符" in html
