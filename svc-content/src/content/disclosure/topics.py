"""主题分类: the top-level classes of the 国务院公文主题分类 used in 政府信息公开目录.

Codes are stable: they are stored on items, so a class is never renumbered. 其他 is 99 so
that a class added later still sorts before it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    code: str
    name: str


TOPICS: tuple[Topic, ...] = (
    Topic("01", "综合政务"),
    Topic("02", "国民经济管理、国有资产监管"),
    Topic("03", "财政、金融、审计"),
    Topic("04", "国土资源、能源"),
    Topic("05", "农业、林业、水利"),
    Topic("06", "工业、交通"),
    Topic("07", "商贸、海关、旅游"),
    Topic("08", "市场监管、安全生产监管"),
    Topic("09", "城乡建设、环境保护"),
    Topic("10", "科技、教育"),
    Topic("11", "文化、广电、新闻出版"),
    Topic("12", "卫生、体育"),
    Topic("13", "人口与计划生育、妇女儿童工作"),
    Topic("14", "劳动、人事、监察"),
    Topic("15", "公安、安全、司法"),
    Topic("16", "民政、扶贫、救灾"),
    Topic("17", "民族、宗教"),
    Topic("18", "对外事务"),
    Topic("19", "港澳台侨工作"),
    Topic("20", "国防"),
    Topic("99", "其他"),
)

_BY_CODE: dict[str, Topic] = {t.code: t for t in TOPICS}
# Editors and imported data separate the parts with 、 or ， or nothing at all.
_SEPARATORS = str.maketrans("", "", "、，,/ 　")
_BY_NAME: dict[str, Topic] = {t.name.translate(_SEPARATORS): t for t in TOPICS}


def is_topic_code(code: str) -> bool:
    return code in _BY_CODE


def topic_by_code(code: str) -> Topic:
    """The class with this code, or ValueError with a Chinese message."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"未知的主题分类代码“{code}”") from None


def topic_by_name(name: str) -> Topic:
    """The class with this name, whatever separators the name was written with."""
    try:
        return _BY_NAME[name.translate(_SEPARATORS)]
    except KeyError:
        raise ValueError(f"未知的主题分类“{name}”") from None
