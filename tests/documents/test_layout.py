"""The written instruments as PDFs: every part of the document is in the file's text, the font is embedded, long
tables run onto more pages with the seal on the last, and text is printed as given."""

import re
import subprocess
from datetime import date

import pytest

from gaoxin.documents.pdf import KINDS, _break_lines, document_pdf
from gaoxin.documents.rules import written_date

ZONE = "洛阳高新技术产业开发区管理委员会"
RIGHTS = (
    "如不服本决定，可以自收到本决定书之日起六十日内向洛阳市人民政府申请行政复议，"
    "也可以自收到本决定书之日起六个月内依法向洛阳市涧西区人民法院提起行政诉讼。"
)

SAMPLES = {
    "acceptance": ("受理通知书", "洛高审受〔2026〕12号", None),
    "refusal": ("不予受理通知书", "洛高审不受〔2026〕3号", None),
    "corrections": (
        "补正材料通知书",
        "洛高审补〔2026〕7号",
        {
            "columns": ["材料名称", "补正要求"],
            "rows": [["公司章程", "缺少全体股东签字"], ["住所使用证明", "未附房屋产权证明"]],
        },
    ),
    "grant": ("准予行政许可决定书", "洛高审许准〔2026〕21号", None),
    "denial": ("不予行政许可决定书", "洛高审许不〔2026〕2号", None),
    "extension": ("延期通知书", "洛高审延〔2026〕4号", None),
    "completion": (
        "办结通知书",
        "洛高审结〔2026〕15号",
        {
            "columns": ["办理环节", "办理结果"],
            "rows": [["企业设立登记", "营业执照编号410371000123456"], ["涉税事项办理", "已核定发票"]],
        },
    ),
}


def sample(kind: str, /, **changes) -> dict:
    title, number, table = SAMPLES[kind]
    document = {
        "kind": kind,
        "title": title,
        "number": number,
        "case_number": "GX2026120200012",
        "applicant": "洛阳市示例科技有限公司",
        "items": [{"code": "410371001", "name": "企业设立登记"}, {"code": "410371002", "name": "公章刻制备案"}],
        "body": [
            "你单位于2026年12月1日提交的企业设立登记申请及相关材料收悉。经审查，根据《中华人民共和国行政许可法》"
            "第三十二条第一款的规定，作出本决定。",
            "办理进度可凭办件编号在高新政务服务平台查询。",
        ],
        "table": table,
        "closing": [RIGHTS, "特此通知。"],
        "authority": ZONE,
        "issued_on": "2026-12-02",
        "seal": {
            "code": "4103710000001",
            "authority": ZONE,
            "purpose": "行政审批专用章",
            "algorithm": "ed25519",
            "key_id": "0123456789abcdef",
        },
        "verify_url": "http://127.0.0.1:8000/verify/documents/6f1c1d2e-0000-4000-8000-000000000001/",
        "id": "6f1c1d2e-0000-4000-8000-000000000001",
    }
    return document | changes


def poppler(*command: str, data: bytes) -> str:
    """A poppler tool's output for the file given on its standard input ("-")."""
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def text_of(data: bytes, page: int | None = None) -> str:
    """The file's text with all white space removed: lines wrap, justification spreads, layout indents."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return re.sub(r"\s+", "", poppler("pdftotext", "-layout", *pages, "-", "-", data=data))


def info(data: bytes) -> dict[str, str]:
    lines = poppler("pdfinfo", "-", data=data).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_of_the_document_is_in_its_text(kind):
    document = sample(kind)
    data = document_pdf(document)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = text_of(data)
    for part in [document["title"], document["number"], document["applicant"] + "：", *document["closing"]]:
        assert re.sub(r"\s+", "", part) in text
    for row in (document["table"] or {"rows": []})["rows"]:
        assert all(cell in text for cell in row)
    assert "办件编号GX2026120200012·事项企业设立登记、公章刻制备案" in text
    assert 0 <= text.find(ZONE) < text.find("2026年12月2日")  # the authority above the date
    assert "电子签章：Ed25519·印章4103710000001·密钥0123456789abcdef" in text
    assert document["verify_url"] in text and "扫码核验真伪" in text
    assert "本文书经电子签章，与纸质文书具有同等法律效力" in text
    assert "第1页" not in text  # one page: no page numbers


def test_the_file_names_its_title_issuer_and_maker():
    fields = info(document_pdf(sample("grant")))
    assert fields["Title"] == "准予行政许可决定书 洛高审许准〔2026〕21号"
    assert fields["Author"] == ZONE
    assert fields["Creator"] == "高新政务服务平台 Gaoxin"
    assert fields["Pages"] == "1"


def test_the_cjk_font_is_embedded_and_no_other_font_is_named():
    rows = poppler("pdffonts", "-", data=document_pdf(sample("corrections"))).splitlines()[2:]
    assert rows
    for row in rows:
        assert "WenQuanYi" in row and re.search(r"\byes\s+yes\s+yes\b", row), row  # embedded, subset, unicode


def test_an_sm2_seal_says_so():
    document = sample("acceptance")
    document["seal"] = document["seal"] | {"algorithm": "sm2"}
    assert "电子签章：SM2/SM3·印章" in text_of(document_pdf(document))


def test_a_long_table_runs_onto_pages_with_the_seal_on_the_last():
    rows = [[f"补正材料第{n}项", f"第{n}项缺少签字"] for n in range(1, 41)]
    document = sample("corrections", table={"columns": ["材料名称", "补正要求"], "rows": rows})
    data = document_pdf(document)
    pages = int(info(data)["Pages"])
    assert pages >= 2
    whole = text_of(data)
    assert all(name in whole and reason in whole for name, reason in rows)
    for page in range(1, pages + 1):
        text = text_of(data, page)
        assert f"第{page}页共{pages}页" in text
        assert (ZONE in text) == (page == pages)  # the authority's line and the seal only on the last page
        if page > 1 and "补正材料第" in text:
            assert "序号材料名称补正要求" in text  # the header again
    assert "2026年12月2日" in text_of(data, pages)
    assert RIGHTS in text_of(data, pages)


def test_text_is_printed_as_given():
    document = sample(
        "corrections",
        title="补正<b>通知书",
        applicant="示例<script>&公司",
        body=["材料<script>&amp;核对"],
        table={"columns": ["材料<i>", "要求&lt;"], "rows": [["章程<script>&", "签字&amp;"]]},
        closing=["<br/>特此通知&"],
    )
    text = text_of(document_pdf(document))
    for part in [
        "补正<b>通知书",
        "示例<script>&公司：",
        "材料<script>&amp;核对",
        "材料<i>",
        "要求&lt;",
        "章程<script>&",
        "签字&amp;",
        "<br/>特此通知&",
    ]:
        assert part in text


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        document_pdf(sample("acceptance", kind="licence"))


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 2), "2026年12月2日"),
        (date(2026, 10, 31), "2026年10月31日"),
        (date(2030, 1, 20), "2030年1月20日"),
    ],
)
def test_dates_are_written_as_gbt_9704_asks(day, written):
    """成文日期: Arabic numerals, the year in full, no leading zero in month or day (GB/T 9704-2012 7.3.5.1)."""
    assert written_date(day) == written


def test_lines_break_as_chinese_is_set():
    from gaoxin.core.fonts import cjk_font_name

    text = "上传的身份证件已过有效期（有效期至2025年10月8日），请提供营业执照编号410371000123456的“原件”。"
    for width in range(120, 240, 6):  # the number is 108 points long
        lines = [line for _, (line,) in _break_lines(text, cjk_font_name(), 12, [width])]
        assert "".join(lines) == text
        assert not any(line[0] in "，。）”、：；" for line in lines[1:])  # no mark that cannot start a line does
        assert not any(line[-1] in "（“《" for line in lines[:-1])  # nor one that cannot end it
        assert any("410371000123456" in line for line in lines)  # the number is never cut
