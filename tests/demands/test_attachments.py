"""Attachments (附件) of demands and photos of visits: uploaded on the raise, reply and visit forms and through the API,
checked by the platform's upload rules, served only to those who see the demand or the visit, audited on the chain."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.core.models import AuditEvent
from gaoxin.demands import actions
from gaoxin.demands.models import Attachment, Demand, Visit
from tests.demands.helpers import assigned, category, paired, raised, replied, unit, user
from tests.projects.test_actions import PNG, png
from tests.support.files import MINIMAL_PDF, pdf, text_file

pytestmark = pytest.mark.django_db


def upload(client, api, username: str, demand, *files):
    return client.post(
        f"/api/demands/{demand.pk}/attachments", {"attachments": list(files)}, headers=api(username).headers
    )


def download(api, username: str, demand, attachment_id):
    return api(username).get(f"/api/demands/{demand.pk}/attachments/{attachment_id}")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_enterprise_uploads_and_every_party_of_the_demand_downloads(client, api):
    paired("company")
    demand = assigned(by="company", to="amr")
    sent = upload(client, api, "company", demand, pdf("租赁合同.pdf"), png("现场.png"))
    assert sent.status_code == 201, sent.content
    names = [a["name"] for a in sent.json()]
    assert names == ["租赁合同.pdf", "现场.png"]
    contract = sent.json()[0]["id"]
    for username in ("company", "cadre", "office", "leader", "amr", "amr-head"):
        got = download(api, username, demand, contract)
        assert got.status_code == 200, username
        assert got["Content-Type"] == "application/pdf" and got["X-Content-Type-Options"] == "nosniff"
        assert "filename" in got["Content-Disposition"]
        assert body(got) == MINIMAL_PDF
    for outsider in ("company2", "cadre2", "police", "police-head", "applicant", "stats"):
        assert download(api, outsider, demand, contract).status_code == 404, outsider
    detail = api("cadre").get(f"/api/demands/{demand.pk}").json()
    assert sorted(a["name"] for a in detail["attachments"]) == sorted(names)


def test_uploads_are_refused_to_who_sees_the_demand_but_did_not_raise_it_and_to_outsiders(client, api):
    paired("company")
    demand = assigned(by="company", to="amr")
    for username in ("office", "leader", "cadre"):
        assert upload(client, api, username, demand, png()).status_code == 403, username
    for outsider in ("company2", "police", "cadre2"):
        assert upload(client, api, outsider, demand, png()).status_code == 404, outsider
    assert upload(client, api, "amr", demand, pdf("核查意见.pdf")).status_code == 201
    assert not Attachment.objects.exclude(original_name="核查意见.pdf").exists()


def test_a_wrong_type_a_too_big_file_and_too_many_files_are_refused_clearly(client, api, settings):
    paired("company")
    demand = raised(by="company")
    wrong = upload(client, api, "company", demand, text_file("说明.pdf"))
    assert wrong.status_code == 400 and wrong.json()["field"] == "attachments"
    assert "文件类型不支持" in wrong.json()["detail"]
    settings.GAOXIN = {**settings.GAOXIN, "UPLOAD_MAX_BYTES": 200, "DEMANDS_ATTACHMENTS_MAX": 2}
    big = upload(client, api, "company", demand, pdf(extra=b"0" * 300))
    assert big.status_code == 400 and "文件过大" in big.json()["detail"]
    assert upload(client, api, "company", demand, png("1.png"), png("2.png")).status_code == 201
    third = upload(client, api, "company", demand, png("3.png"))
    assert third.status_code == 400 and "最多 2 个附件" in third.json()["detail"]
    assert demand.attachments.count() == 2


def test_no_file_is_added_once_the_demand_is_closed(client, api):
    demand = replied(by="company")
    actions.demand_confirm(demand=demand, actor=user("company"), satisfaction="satisfied")
    actions.demand_close(demand=demand, actor=user("office"))
    assert upload(client, api, "company", demand, png()).status_code == 403


def test_uploads_are_on_the_demands_timeline_with_their_digests(client, api):
    paired("company")
    demand = raised(by="company")
    upload(client, api, "company", demand, png("门头.png"))
    event = AuditEvent.objects.get(subject_type="demand", subject_id=str(demand.pk), action="attach")
    assert event.actor == user("company")
    (described,) = event.data["attachments"]
    assert described["name"] == "门头.png" and described["size"] == len(PNG) and len(described["sha256"]) == 64
    labels = [e["label"] for e in api("company").get(f"/api/demands/{demand.pk}").json()["events"]]
    assert labels[0] == "上传附件", "newest first"


def test_one_refused_file_of_several_leaves_nothing_written(client, api, settings):
    paired("company")
    demand = raised(by="company")
    assert upload(client, api, "company", demand, png("好的.png"), text_file("坏的.png")).status_code == 400
    assert not Attachment.objects.exists()
    stored = settings.MEDIA_ROOT / "demands"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


# --- the pages ------------------------------------------------------------------------------------


def test_the_raise_form_takes_files_and_the_demand_page_lists_and_serves_them(client):
    paired("company")
    category()
    client.force_login(user("company"))
    sent = client.post(
        reverse("demands-new"),
        {
            "category": "labour",
            "title": "招工难",
            "text": "急需焊工",
            "urgency": "normal",
            "contact_name": "陈志远",
            "contact_phone": "13800000051",
            "attachments": [pdf("用工计划.pdf"), png("车间.png")],
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:500]
    stored = Attachment.objects.get(original_name="用工计划.pdf")
    raise_event = AuditEvent.objects.get(subject_type="demand", subject_id=str(stored.demand_id), action="raise")
    assert [a["name"] for a in raise_event.data["attachments"]] == ["用工计划.pdf", "车间.png"]
    page = client.get(reverse("demands-demand", args=[stored.demand_id])).content.decode()
    url = reverse("demands-attachment", args=[stored.demand_id, stored.pk])
    assert url in page and "用工计划.pdf" in page
    assert body(client.get(url)) == MINIMAL_PDF
    client.force_login(user("company2"))
    assert client.get(url).status_code == 404


def test_a_wrong_file_on_the_raise_form_is_a_form_error_and_nothing_is_raised(client):
    category()
    client.force_login(user("applicant"))
    answer = client.post(
        reverse("demands-new"),
        {
            "category": "labour",
            "title": "求职",
            "text": "想找份工作",
            "urgency": "normal",
            "contact_name": "张晓明",
            "contact_phone": "13800000001",
            "attachments": [text_file("简历.pdf")],
        },
    )
    assert answer.status_code == 400 and "文件类型不支持" in answer.content.decode()
    assert not Demand.objects.filter(raised_by=user("applicant")).exists()
    assert not Attachment.objects.exists()


def test_the_unit_replies_with_a_document_of_the_result(client, django_capture_on_commit_callbacks):
    demand = assigned(by="company", to="amr")
    actions.demand_accept(demand=demand, actor=user("amr"))
    client.force_login(user("amr"))
    replied_page = client.post(
        reverse("demands-demand", args=[demand.pk]),
        {"step": "reply", "result": "solved", "reply": "已办结，见附件。", "attachments": [pdf("办结通知.pdf")]},
    )
    assert replied_page.status_code == 302, replied_page.content.decode()[:500]
    (document,) = demand.attachments.all()
    assert (document.original_name, document.uploaded_by) == ("办结通知.pdf", user("amr"))
    reply_event = AuditEvent.objects.get(subject_type="demand", subject_id=str(demand.pk), action="reply")
    assert reply_event.data["attachments"][0]["name"] == "办结通知.pdf"
    client.force_login(user("company"))
    assert client.get(reverse("demands-attachment", args=[demand.pk, document.pk])).status_code == 200


def test_a_resident_attaches_to_their_own_demand_on_its_page(client):
    category()
    demand = actions.demand_raise(
        actor=user("applicant"),
        problem=actions.Problem(category(), "噪声扰民", "工地夜间施工"),
        contact_name="张晓明",
        contact_phone="13800000001",
    )
    client.force_login(user("applicant"))
    answer = client.post(reverse("demands-demand", args=[demand.pk]), {"step": "attach", "attachments": [png()]})
    assert answer.status_code == 302
    assert demand.attachments.count() == 1
    client.force_login(user("applicant2"))
    refused = client.post(reverse("demands-demand", args=[demand.pk]), {"step": "attach", "attachments": [png()]})
    assert refused.status_code == 404 and demand.attachments.count() == 1


def test_the_visit_form_takes_photos_seen_by_who_sees_the_visit_or_its_demands(client):
    enterprise = paired("company")
    category()
    client.force_login(user("cadre"))
    sent = client.post(
        reverse("demands-visit-new"),
        {
            "enterprise": enterprise.pk,
            "visited_on": timezone.localdate().isoformat(),
            "met": "陈志远",
            "contact_phone": "13800000051",
            "topics": "用工需求",
            "photos": [png("车间一.png"), png("车间二.png")],
            "p0-category": "labour",
            "p0-title": "招工难",
            "p0-text": "急需焊工",
            "p0-urgency": "normal",
        },
    )
    assert sent.status_code == 302, sent.content.decode()[:800]
    visit = Visit.objects.get()
    photos = list(visit.photos.order_by("original_name"))
    assert [p.original_name for p in photos] == ["车间一.png", "车间二.png"]
    url = reverse("demands-visit-photo", args=[visit.pk, photos[0].pk])
    demand = visit.demands.get()
    actions.demand_assign(demand=demand, actor=user("office"), unit=unit("amr"))
    for username in ("cadre", "office", "leader", "company", "amr"):
        client.force_login(user(username))
        got = client.get(url)
        assert got.status_code == 200 and got["Content-Type"] == "image/png", username
    for outsider in ("cadre2", "company2", "applicant"):
        client.force_login(user(outsider))
        assert client.get(url).status_code == 404, outsider
    client.force_login(user("company"))
    page = client.get(reverse("demands-demand", args=[demand.pk])).content.decode()
    assert "走访照片" in page and url in page


def test_a_pdf_is_no_visit_photo(client):
    enterprise = paired("company")
    client.force_login(user("cadre"))
    answer = client.post(
        reverse("demands-visit-new"),
        {
            "enterprise": enterprise.pk,
            "visited_on": timezone.localdate().isoformat(),
            "met": "陈志远",
            "topics": "政策宣讲",
            "photos": [pdf()],
        },
    )
    assert answer.status_code == 400 and "走访照片只接受 JPG、PNG 图片" in answer.content.decode()
    assert not Visit.objects.exists()
