"""The 标签库 seed: load and check seed.yaml (the code scheme is documented there).

The database side inserts these rows once; after that, tags change only through requests
the platform office approves, so this file is the starting vocabulary, not the live one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict

SEED_PATH = Path(__file__).with_name("seed.yaml")
_SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_E = TypeVar("_E", bound=StrEnum)


# The same keys as tags/vocabulary.py (the axes the database stores).
class Audience(StrEnum):
    government = "government"  # 政务
    person = "person"  # 个人
    enterprise = "enterprise"  # 企业


class Facet(StrEnum):
    genre = "genre"  # 体裁
    policy = "policy"  # 政策
    hot = "hot"  # 热点
    subject = "subject"  # 主题
    audience = "audience"  # 服务对象
    lifecycle = "lifecycle"  # 生命周期


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.government: "政务",
    Audience.person: "个人",
    Audience.enterprise: "企业",
}
FACET_LABELS: dict[Facet, str] = {
    Facet.genre: "体裁",
    Facet.policy: "政策",
    Facet.hot: "热点",
    Facet.subject: "主题",
    Facet.audience: "服务对象",
    Facet.lifecycle: "生命周期",
}


class SeedTag(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    audience: Audience
    facet: Facet
    parent_code: str | None = None


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; a repeated tag code must be an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"标签种子文件中代码“{'、'.join(repeated)}”重复")
        return super().construct_mapping(node, deep=deep)


def load_seed(path: Path | None = None) -> list[SeedTag]:
    """The seed tags in file order; ValueError (in Chinese) if the file breaks a rule."""
    with (path or SEED_PATH).open(encoding="utf-8") as f:
        return parse_seed(yaml.load(f, Loader=_UniqueKeyLoader))  # a SafeLoader subclass


def parse_seed(raw: object) -> list[SeedTag]:
    """Tags from the parsed YAML: {tags: {audience: {facet: {code: name | {name, parent}}}}}."""
    tree = raw.get("tags") if isinstance(raw, Mapping) else None
    if not isinstance(tree, Mapping):
        raise ValueError("标签种子文件应以 tags: 开头，按 受众 → 分面 → 标签 组织")
    tags: list[SeedTag] = []
    for audience_key, facets in tree.items():
        audience = _member(Audience, audience_key, "受众")
        if not isinstance(facets, Mapping):
            raise ValueError(f"受众 {audience_key} 下应为分面列表")
        for facet_key, entries in facets.items():
            facet = _member(Facet, facet_key, "分面")
            if not isinstance(entries, Mapping):
                raise ValueError(f"{audience_key}.{facet_key} 下应为 代码: 名称 的列表")
            tags.extend(_tag(audience, facet, code, entry) for code, entry in entries.items())
    _check(tags)
    return tags


def _member(enum: type[_E], key: object, what: str) -> _E:
    try:
        return enum(str(key))
    except ValueError:
        raise ValueError(f"未知的{what}“{key}”，可用：{'、'.join(enum)}") from None


def _tag(audience: Audience, facet: Facet, code: object, entry: object) -> SeedTag:
    name, parent = (entry, None) if isinstance(entry, str) else _name_parent(code, entry)
    prefix = f"{audience}.{facet}."
    if not (isinstance(code, str) and code.startswith(prefix) and _SLUG.match(code[len(prefix) :])):
        raise ValueError(f"标签代码“{code}”应为 {prefix}<拼音>，小写字母、数字和下划线")
    if not name.strip() or len(name) > 50:
        raise ValueError(f"标签 {code} 的名称不能为空，且不超过 50 个字")
    return SeedTag(code=code, name=name.strip(), audience=audience, facet=facet, parent_code=parent)


def _name_parent(code: object, entry: object) -> tuple[str, str | None]:
    if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
        parent = entry.get("parent")
        if parent is None or isinstance(parent, str):
            return entry["name"], parent
    raise ValueError(f"标签 {code} 应写作 代码: 名称，或 代码: {{name: 名称, parent: 上级代码}}")


def _check(tags: list[SeedTag]) -> None:
    by_code: dict[str, SeedTag] = {}
    names: set[tuple[Audience, Facet, str]] = set()
    for tag in tags:
        if tag.code in by_code:
            raise ValueError(f"标签代码“{tag.code}”重复")
        by_code[tag.code] = tag
        key = (tag.audience, tag.facet, tag.name)
        if key in names:
            group = f"{AUDIENCE_LABELS[tag.audience]}·{FACET_LABELS[tag.facet]}"
            raise ValueError(f"“{group}”下标签名称“{tag.name}”重复")
        names.add(key)
    for tag in tags:
        seen = {tag.code}
        parent = tag.parent_code
        while parent is not None:
            up = by_code.get(parent)
            if up is None or (up.audience, up.facet) != (tag.audience, tag.facet):
                raise ValueError(f"标签 {tag.code} 的上级“{parent}”不存在或不在同一分面")
            if up.code in seen:
                raise ValueError(f"标签 {tag.code} 的上级关系成环")
            seen.add(up.code)
            parent = up.parent_code
