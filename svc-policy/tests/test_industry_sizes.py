"""GB/T 4754-2017 codes and the 2017 size classes (国统字〔2017〕213号)."""

from __future__ import annotations

import pytest

from policy.industry.catalogue import catalogue
from policy.industry.sizes import SizeClass, classify, sector_of


def size(code: str, x: int | None = None, y: float | None = None, z: float | None = None):  # type: ignore[no-untyped-def]
    return classify(code, employees=x, revenue_wan=y, total_assets_wan=z)


def test_the_catalogue_holds_every_level():
    c = catalogue()
    assert len(c) == 1971
    assert [n.code for n in c.lineage("1311")] == ["C", "13", "131", "1311"]
    assert c.is_within("1311", "C") and c.is_within("1311", "13") and not c.is_within("1311", "14")
    assert c.get("9999") is None and c.lineage("9999") == []


# NBS's own example: 工业 is 大型 only with Y ≥ 40000 and X ≥ 1000, 中型 with 2000 ≤ Y and
# 300 ≤ X, otherwise one class down.
@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (1000, 40000, SizeClass.LARGE),
        (999, 40000, SizeClass.MEDIUM),  # one indicator short: one class down
        (5000, 39999, SizeClass.MEDIUM),
        (300, 2000, SizeClass.MEDIUM),
        (299, 100000, SizeClass.SMALL),
        (20, 300, SizeClass.SMALL),
        (19, 100000, SizeClass.MICRO),  # micro as soon as any indicator is below small_min
        (5000, 299, SizeClass.MICRO),
    ],
)
def test_industrial_enterprises_need_every_indicator_for_a_class(x, y, expected):
    result = size("1311", x, y)
    assert result.size == expected and result.sector == "工业"


def test_a_group_scope_wins_over_its_division():
    assert sector_of("5910").name == "交通运输业"  # 591 装卸搬运
    assert sector_of("5920").name == "仓储业"  # 592 通用仓储
    assert sector_of("7010").name == "房地产开发经营"
    assert sector_of("7030").name == "其他未列明行业"


def test_sectors_with_one_indicator_use_only_it():
    assert size("0111", y=20000).size == SizeClass.LARGE  # 农业: Y only
    assert size("7310", x=300).size == SizeClass.LARGE  # 科学研究: X only
    assert size("7310", x=9).size == SizeClass.MICRO


def test_construction_uses_revenue_and_assets():
    assert size("4710", y=80000, z=80000).size == SizeClass.LARGE
    assert size("4710", y=80000, z=79999).size == SizeClass.MEDIUM
    assert size("4710", y=80000, z=299).size == SizeClass.MICRO


@pytest.mark.parametrize("code", ["6610", "8310", "8411", "5311"])  # 金融, 教育, 卫生, 铁路
def test_industries_outside_the_scheme_get_no_class_and_say_why(code):
    result = size(code, 100, 100, 100)
    assert result.size is None and "适用范围" in (result.reason or "")


def test_missing_indicators_are_named_not_guessed():
    result = size("1311", x=500)
    assert result.size is None and result.missing == ("营业收入（万元）",)


def test_unknown_code_is_reported():
    assert "未知" in (size("ZZ99", 1, 1, 1).reason or "")
