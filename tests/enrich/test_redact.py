"""Personal data replaced by typed placeholders, and ordinary numbers left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from loaders.enrich.redact import Redactor, id_checksum_ok, read_name_list

VALID_ID = "11010519491231002X"  # checksum X
VALID_ID_2 = "440306199003071232"
BAD_CHECKSUM_ID = "440306199003071231"


@pytest.mark.parametrize(("text", "original", "kind"), [
    ("Write to wang.li@hospital.com.cn today.", "wang.li@hospital.com.cn", "EMAIL"),
    ("邮箱zhang_san@163.com有问题", "zhang_san@163.com", "EMAIL"),
    ("Call 13812345678 now.", "13812345678", "PHONE"),
    ("电话13812345678。", "13812345678", "PHONE"),
    ("Mobile +86 138 1234 5678.", "138 1234 5678", "PHONE"),
    ("Mobile (+86)138-1234-5678.", "138-1234-5678", "PHONE"),
    ("Mobile 0086-13812345678.", "13812345678", "PHONE"),
    ("Office 010-12345678.", "12345678", "PHONE"),
    ("座机(0731)88889999转123", "88889999", "PHONE"),
    ("London +44 20 7946 0958.", "7946 0958", "PHONE"),
    ("US +1 (415) 555-2671.", "555-2671", "PHONE"),
    ("Call (555) 123-4567.", "123-4567", "PHONE"),
    ("ID " + VALID_ID + ".", VALID_ID, "ID"),
    ("身份证号" + VALID_ID_2 + "。", VALID_ID_2, "ID"),
    ("身份证 440306 19900307 1232", "19900307", "ID"),
    ("See https://example.org/a?b=1.", "example.org", "URL"),
    ("看看www.haodf.com上的文章", "haodf", "URL"),
    ("Our hospital site smhc.org.cn/about lists it.", "smhc", "URL"),
    ("Ask Dr. Wang about it.", "Wang", "NAME"),
    ("Prof. Zhang Wei said so.", "Zhang Wei", "NAME"),
    ("Mrs. O'Brien and Mr Li agreed.", "O'Brien", "NAME"),
    ("我问了王医生。", "王", "NAME"),
    ("李主任和张护士都同意。", "李", "NAME"),
    ("欧阳明教授认为不行。", "欧阳明", "NAME"),
    ("护士长李红说可以。", "李红", "NAME"),
])
def test_each_kind_is_redacted(text: str, original: str, kind: str) -> None:
    r = Redactor().redact(text)
    assert original not in r.text
    assert f"[{kind}]" in r.text
    assert r.counts.get(kind, 0) >= 1


def test_titles_are_kept_and_counts_are_by_type() -> None:
    r = Redactor().redact("Dr. Wang (wang@x.org, 13812345678) met 李主任 and Prof. Chen.")
    assert r.text == "Dr. [NAME] ([EMAIL], [PHONE]) met [NAME]主任 and Prof. [NAME]."
    assert r.counts == {"EMAIL": 1, "PHONE": 1, "NAME": 3}


def test_names_from_a_list(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("# participants\nZhang Wei\n李娜  # a nurse\nX\n", encoding="utf-8")
    names = read_name_list(path)
    assert names == ["Zhang Wei", "李娜", "X"]
    r = Redactor(names).redact("zhang wei told 李娜 about Xanax; X-rays too.")
    assert r.text == "[NAME] told [NAME] about Xanax; X-rays too."  # one-letter names are ignored
    assert r.counts == {"NAME": 2}
    with pytest.raises(BadInput, match="cannot read the name list"):
        read_name_list(tmp_path / "missing.txt")


def test_id_checksum() -> None:
    assert id_checksum_ok(VALID_ID[:17], VALID_ID[17])
    assert not id_checksum_ok(BAD_CHECKSUM_ID[:17], BAD_CHECKSUM_ID[17])
    assert Redactor().redact(f"number {BAD_CHECKSUM_ID}").text == f"number {BAD_CHECKSUM_ID}"


ORDINARY = [
    "In 2024 we gave 50 mg, then 0.5 mg, to 30% of 1,200 patients.",
    "From 10:30-11:45 on 2024-03-01, and again 2024/3/1 and 2024.03.01.",
    "Between 2019-2024; 12345678 visits; pi is 3.14159265358; 1-2 times a day; n=21.",
    "1.5-2.0 mg/kg; 95% CI 0.82-0.91; p<0.001; 24/7; 120/80 mmHg; Q3 2024; ICD-10 F32.1.",
    "GPT-4 and DSM-5; 1:1 sessions at 3:00 pm; 2 x 10 mg; ¥1,500,000; 100 200 3000.",
    "v1.2.3 of report.docx in Node.js for U.S. doctors; e.g. MR imaging of drugs.",
    "2024年3月，剂量50毫克，0.5 mg，30%的患者，10:30，第3次，12个病房。",
    "很多医生认为有用。责任护士、全科医生、班主任、主管医生和精神科医生都提到。",
    "它能提高医生效率，对于医生来说是好事；患者会依赖医生；普通护士没时间；许多医生担心隐私。",
    "包括医生和护士在内；马上医生就来了；医生常常说，要小心；医生何时介入？",
    "这位教授说；一位老师提到；AI医生不能替代人类医生；主任医师查房；护士长期以来很辛苦。",
    "the doctor said; a Professor of psychiatry; the nurse agreed.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_no_false_positive_on_ordinary_text(text: str) -> None:
    r = Redactor().redact(text)
    assert (r.text, r.counts) == (text, {})
