"""The 标签库 seed: shape, counts, code scheme and the loader's checks."""

from __future__ import annotations

from collections import Counter
from itertools import product
from pathlib import Path

import pytest

from content.tags.seed import AUDIENCE_LABELS, FACET_LABELS, Audience, Facet, load_seed, parse_seed


def test_count_matches_the_luan_library() -> None:
    assert 110 <= len(load_seed()) <= 130  # the Lu'an library has 119


def test_every_audience_and_facet_has_tags() -> None:
    groups = Counter((t.audience, t.facet) for t in load_seed())
    assert set(groups) == set(product(Audience, Facet))
    assert min(groups.values()) >= 3


def test_codes_are_unique_ascii_and_follow_the_scheme() -> None:
    tags = load_seed()
    assert len({t.code for t in tags}) == len(tags)
    for tag in tags:
        assert tag.code.isascii() and len(tag.code) <= 64
        assert tag.code.startswith(f"{tag.audience}.{tag.facet}.")


def test_names_are_unique_within_each_audience_and_facet() -> None:
    tags = load_seed()
    assert len({(t.audience, t.facet, t.name) for t in tags}) == len(tags)


def test_tags_named_in_the_luan_text_are_present() -> None:
    by_name = {t.name: t for t in load_seed()}
    assert by_name["入学"].code == "person.lifecycle.ruxue"
    assert by_name["就业"].facet is Facet.lifecycle
    assert by_name["经营"].audience is Audience.enterprise
    for name in ("住房", "医疗", "企业开办", "疫情防控", "城市治理", "优化营商环境", "十四五规划"):
        assert name in by_name


def test_labels_cover_the_axes() -> None:
    assert list(AUDIENCE_LABELS.values()) == ["政务", "个人", "企业"]
    assert list(FACET_LABELS.values()) == ["体裁", "政策", "热点", "主题", "服务对象", "生命周期"]


def _seed(entries: dict[str, object], audience: str = "person", facet: str = "subject") -> object:
    return {"tags": {audience: {facet: entries}}}


def test_parent_in_the_same_facet_is_accepted() -> None:
    tags = parse_seed(
        _seed(
            {
                "person.subject.zhufang": "住房",
                "person.subject.gongjijin": {"name": "公积金", "parent": "person.subject.zhufang"},
            }
        )
    )
    assert tags[1].parent_code == "person.subject.zhufang"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_seed({"person.subject.zhufang": "住房", "person.subject.zf": "住房"}), "名称“住房”重复"),
        (_seed({"person.subject.zhufang": "住房"}, audience="public"), "未知的受众"),
        (_seed({"person.target.zhufang": "住房"}, facet="target"), "未知的分面"),
        (_seed({"person.hot.zhufang": "住房"}), "应为 person.subject."),
        (_seed({"person.subject.ZhuFang": "住房"}), "小写字母"),
        (_seed({"person.subject.zhufang": "  "}), "名称不能为空"),
        (_seed({"person.subject.a": {"name": "甲", "parent": "person.subject.b"}}), "不存在"),
        (
            _seed(
                {
                    "person.subject.a": {"name": "甲", "parent": "person.subject.b"},
                    "person.subject.b": {"name": "乙", "parent": "person.subject.a"},
                }
            ),
            "成环",
        ),
        ({"tag": {}}, "tags:"),
    ],
)
def test_bad_seed_is_rejected_in_chinese(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_seed(raw)


def test_code_repeated_in_the_yaml_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(
        "tags:\n  person:\n    subject:\n"
        "      person.subject.zhufang: 住房\n      person.subject.zhufang: 住房公积金\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"person\.subject\.zhufang"):
        load_seed(path)
