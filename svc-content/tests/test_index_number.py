"""索引号 rules and the 主题分类 list."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from content.disclosure import (
    DEFAULT_TEMPLATE,
    TOPICS,
    IndexNumberParts,
    IndexNumberRule,
    IndexNumberTemplate,
    is_topic_code,
    topic_by_code,
    topic_by_name,
)

ORG = "11340000MB1234567X"
LUAN = "{org_code}/{year}{month:02d}-{seq:05d}"


def test_default_rule_renders_the_national_form() -> None:
    assert DEFAULT_TEMPLATE == "{org_code}/{year}-{seq:05d}"
    rule = IndexNumberRule()
    assert rule.render(org_code=ORG, year=2021, seq=148) == f"{ORG}/2021-00148"


def test_seq_wider_than_the_padding_is_written_in_full() -> None:
    assert IndexNumberRule().render(org_code=ORG, year=2021, seq=123456) == f"{ORG}/2021-123456"


def test_default_rule_parses_back() -> None:
    parts = IndexNumberRule().parse(f" {ORG}/2021-00148 ")
    assert parts == IndexNumberParts(seq=148, org_code=ORG, year=2021)


def test_luan_rule_with_year_and_month() -> None:
    rule = IndexNumberRule(LUAN)
    value = "113414000032292570/202112-00113"
    assert rule.parse(value) == IndexNumberParts(
        seq=113, org_code="113414000032292570", year=2021, month=12
    )
    assert rule.render(org_code="113414000032292570", year=2021, month=12, seq=113) == value


def test_topic_code_in_the_number() -> None:
    rule = IndexNumberRule("{org_code}/{topic_code}-{year}-{seq:04d}")
    value = rule.render(org_code="00322925-7", topic_code="01", year=2022, seq=7)
    assert value == "00322925-7/01-2022-0007"
    assert rule.parse(value).topic_code == "01"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{org}/{year}-{seq}", "未知占位符 {org}"),
        ("{org_code}/{year}-{seq}-{xuhao}", "未知占位符 {xuhao}"),
        ("{org_code.__class__}-{seq}", "未知占位符"),
        ("{}-{seq}", "未知占位符"),
        ("{org_code}/{year}", "必须包含流水号"),
        ("{seq}-{seq}", "重复"),
        ("{seq!r}", "不支持 !r"),
        ("{seq:>5}", "补零位数"),
        ("{org_code:05d}-{seq}", "不支持格式说明"),
        ("{org_code}/{seq", "花括号不成对"),
        ("{org_code} / {seq}", "空白字符"),
        ("", "不能为空"),
    ],
)
def test_bad_templates_are_rejected_with_a_chinese_message(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IndexNumberRule(template)


def test_template_validates_as_a_pydantic_field() -> None:
    class SiteRule(BaseModel):
        index_rule: IndexNumberTemplate

    assert SiteRule(index_rule=LUAN).index_rule == LUAN
    with pytest.raises(ValidationError, match="未知占位符"):
        SiteRule(index_rule="{jigou}/{seq}")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"org_code": ORG, "year": 2021, "seq": 0}, "流水号"),
        ({"org_code": ORG, "year": 1900, "seq": 1}, "年份"),
        ({"org_code": ORG, "seq": 1}, "需要年份"),
        ({"org_code": "11340000mb1234567x", "year": 2021, "seq": 1}, "机构代码"),
        ({"org_code": ORG, "year": "2021", "seq": 1}, "年份必须是整数"),
    ],
)
def test_render_rejects_bad_parts(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IndexNumberRule().render(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        f"{ORG}/2021-0000148",  # padding differs from the rule
        f"{ORG}/2021-148",
        f"{ORG}-2021-00148",
        f"{ORG}/21-00148",
        f"{ORG}/2021-00000",
        f"{ORG}/1900-00148",
        "/2021-00148",
        "",
    ],
)
def test_numbers_not_written_by_the_rule_are_invalid(value: str) -> None:
    rule = IndexNumberRule()
    assert not rule.is_valid(value)
    with pytest.raises(ValueError, match=r"索引号|年份|流水号"):
        rule.parse(value)


def test_month_out_of_range_is_invalid() -> None:
    assert not IndexNumberRule(LUAN).is_valid("113414000032292570/202113-00113")


def test_topics_are_the_21_top_level_classes_with_stable_unique_codes() -> None:
    assert len(TOPICS) == 21
    assert len({t.code for t in TOPICS}) == len({t.name for t in TOPICS}) == 21
    assert TOPICS[0].name == "综合政务"
    assert topic_by_code("99").name == "其他"
    assert topic_by_code("03").name == "财政、金融、审计"
    assert all(t.code.isdigit() and len(t.code) == 2 for t in TOPICS)


def test_topic_lookup_by_name_ignores_separators() -> None:
    assert topic_by_name("财政，金融，审计").code == "03"
    assert topic_by_name("城乡建设环境保护").code == "09"
    assert is_topic_code("01") and not is_topic_code("1")
    with pytest.raises(ValueError, match="未知的主题分类"):
        topic_by_name("通知")
    with pytest.raises(ValueError, match="未知的主题分类代码"):
        topic_by_code("42")
