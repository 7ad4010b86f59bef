"""Enterprise size class (大/中/小/微) from 国统字〔2017〕213号《统计上大中小微型企业划分办法
（2017）》: derived from the industry and the indicators, never typed in.

Rule (附表注 1): 大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列
指标中的一项即可 — take the highest class whose lower bound every listed indicator meets; an
enterprise below any small-class bound is micro. Units: X 从业人员 (人), Y 营业收入 (万元),
Z 资产总额 (万元).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from policy.industry.catalogue import catalogue


class SizeClass(StrEnum):
    LARGE = "大型"
    MEDIUM = "中型"
    SMALL = "小型"
    MICRO = "微型"


INDICATOR_NAMES = {"X": "从业人员（人）", "Y": "营业收入（万元）", "Z": "资产总额（万元）"}


@dataclass(frozen=True)
class Sector:
    name: str
    scopes: tuple[str, ...]  # GB/T 4754 division or group codes
    # indicator → (large_min, medium_min, small_min), inclusive lower bounds
    bounds: dict[str, tuple[int, int, int]]


def _divisions(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{d:02d}" for d in range(first, last + 1))


SERVICES = {"X": (300, 100, 10)}
SECTORS = (
    Sector("农、林、牧、渔业", _divisions(1, 5), {"Y": (20000, 500, 50)}),
    Sector(
        "工业",
        _divisions(6, 12) + _divisions(13, 43) + _divisions(44, 46),
        {"X": (1000, 300, 20), "Y": (40000, 2000, 300)},
    ),
    Sector("建筑业", _divisions(47, 50), {"Y": (80000, 6000, 300), "Z": (80000, 5000, 300)}),
    Sector("批发业", ("51",), {"X": (200, 20, 5), "Y": (40000, 5000, 1000)}),
    Sector("零售业", ("52",), {"X": (300, 50, 10), "Y": (20000, 500, 100)}),
    # 不含 G53 铁路运输业; 591 装卸搬运 belongs here, the other groups of 59 are 仓储业.
    Sector(
        "交通运输业",
        ("54", "55", "56", "57", "58", "591"),
        {"X": (1000, 300, 20), "Y": (30000, 3000, 200)},
    ),
    Sector(
        "仓储业",
        ("592", "593", "594", "595", "596", "599"),
        {"X": (200, 100, 20), "Y": (30000, 1000, 100)},
    ),
    Sector("邮政业", ("60",), {"X": (1000, 300, 20), "Y": (30000, 2000, 100)}),
    Sector("住宿业", ("61",), {"X": (300, 100, 10), "Y": (10000, 2000, 100)}),
    Sector("餐饮业", ("62",), {"X": (300, 100, 10), "Y": (10000, 2000, 100)}),
    Sector("信息传输业", ("63", "64"), {"X": (2000, 100, 10), "Y": (100000, 1000, 100)}),
    Sector("软件和信息技术服务业", ("65",), {"X": (300, 100, 10), "Y": (10000, 1000, 50)}),
    Sector("房地产开发经营", ("701",), {"Y": (200000, 1000, 100), "Z": (10000, 5000, 2000)}),
    Sector("物业管理", ("702",), {"X": (1000, 300, 100), "Y": (5000, 1000, 500)}),
    Sector("租赁和商务服务业", ("71", "72"), {"X": (300, 100, 10), "Z": (120000, 8000, 100)}),
    Sector(
        "其他未列明行业",
        _divisions(73, 75)
        + _divisions(76, 79)
        + _divisions(80, 82)
        + ("85",)
        + _divisions(86, 90)
        + ("703", "709"),
        SERVICES,
    ),
)


@dataclass(frozen=True)
class SizeResult:
    size: SizeClass | None
    sector: str | None
    # Why there is no class: out of the 办法's scope, unknown code, or missing indicators.
    reason: str | None = None
    missing: tuple[str, ...] = ()


def sector_of(industry_code: str) -> Sector | None:
    """The sector whose most specific scope contains the code (a group before a division)."""
    codes = {node.code for node in catalogue().lineage(industry_code)}
    best: tuple[int, Sector] | None = None
    for sector in SECTORS:
        for scope in sector.scopes:
            if scope in codes and (best is None or len(scope) > best[0]):
                best = (len(scope), sector)
    return best[1] if best else None


def classify(
    industry_code: str,
    *,
    employees: int | None,
    revenue_wan: float | None,
    total_assets_wan: float | None,
) -> SizeResult:
    if catalogue().get(industry_code) is None:
        return SizeResult(None, None, reason=f"未知的行业代码 {industry_code}")
    sector = sector_of(industry_code)
    if sector is None:
        return SizeResult(
            None, None, reason="该行业不在《统计上大中小微型企业划分办法（2017）》适用范围内"
        )
    values = {"X": employees, "Y": revenue_wan, "Z": total_assets_wan}
    missing = tuple(INDICATOR_NAMES[i] for i in sector.bounds if values[i] is None)
    if missing:
        return SizeResult(None, sector.name, reason="划型所需指标缺失", missing=missing)
    for level, size in enumerate((SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL)):
        if all(values[i] >= bound[level] for i, bound in sector.bounds.items()):  # type: ignore[operator]
            return SizeResult(size, sector.name)
    return SizeResult(SizeClass.MICRO, sector.name)
