"""What the demo 12345 tickets are made of: the real citizen messages (../shared/data/12345),
the routing rules of 江城市, and the small guesses a hotline agent makes while typing a
ticket in (kind, subcategory, area). Pure functions; tickets_loader.py applies them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from devstack.demo.orgs import DISTRICTS

MESSAGES = "12345"


@dataclass(frozen=True)
class Message:
    id: int
    title: str
    body: str
    label: str | None = None  # 一级标签 of the labelled set
    reply: str | None = None  # the official reply (答复意见)


def _read(path: Path) -> Iterator[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _clean_title(title: str) -> str:
    return title.strip()[:200]


def load_messages(data_dir: Path) -> tuple[list[Message], list[Message]]:
    """(messages with an official reply, messages without one), titled and deduplicated by
    id; labels carried over where the labelled set knows the message."""
    folder = data_dir / MESSAGES
    labels: dict[int, str] = {}
    answered: list[Message] = []
    open_: list[Message] = []
    seen: set[int] = set()
    for row in _read(folder / "messages_labelled.jsonl"):
        labels[row["id"]] = row["category"]
    for row in _read(folder / "messages_with_replies.jsonl"):
        reply = (row.get("reply") or "").strip()
        if row["id"] in seen or len(reply) < 20 or not _usable(row):
            continue
        seen.add(row["id"])
        answered.append(
            Message(
                row["id"],
                _clean_title(row["title"]),
                row["body"].strip()[:5000],
                labels.get(row["id"]),
                reply[:10000],
            )
        )
    for name in ("messages_labelled.jsonl", "messages_votes.jsonl"):
        for row in _read(folder / name):
            if row["id"] in seen or not _usable(row):
                continue
            seen.add(row["id"])
            open_.append(
                Message(
                    row["id"],
                    _clean_title(row["title"]),
                    row["body"].strip()[:5000],
                    labels.get(row["id"]),
                )
            )
    return answered, open_


def _usable(row: dict) -> bool:  # type: ignore[type-arg]
    return len((row.get("title") or "").strip()) >= 2 and len((row.get("body") or "").strip()) >= 5


@cache
def _codes() -> dict[tuple[str, ...], str]:
    from tickets.categories.catalogue import catalogue

    return {category.path_names: code for code, category in catalogue().by_code.items()}


def category_code(path: tuple[str, ...]) -> str:
    """The positional code of a category named by its path (level 1 to 3)."""
    try:
        return _codes()[path]
    except KeyError:
        raise LookupError("/".join(path)) from None


# --- routing rules -------------------------------------------------------------------------

# (category path, unit): the city-wide rules, level 1 first, then refinements.
CITY_RULES: list[tuple[tuple[str, ...], str]] = [
    (("城乡建设",), "zjj"),
    (("环境保护",), "sthjj"),
    (("交通运输",), "jtysj"),
    (("教育文体",), "jyj"),
    (("劳动和社会保障",), "rsj"),
    (("商贸旅游",), "swj"),
    (("卫生计生",), "wjw"),
    (("国土资源",), "zrzyj"),
    (("民政",), "mzj"),
    (("农村农业",), "nyncj"),
    (("政法",), "sfj"),
    (("经济管理",), "fgw"),
    (("科技与信息产业",), "kjj"),
    (("党务政务",), "zfb"),
    (("纪检监察",), "zfb"),
    (("城乡建设", "城市建设和市政管理"), "cgj"),
    (("城乡建设", "城乡规划"), "zrzyj"),
    (("城乡建设", "安全生产"), "yjglj"),
    (("城乡建设", "住房保障与房地产", "住房公积金"), "gjj"),
    (("教育文体", "文化"), "whlyj"),
    (("教育文体", "体育"), "whlyj"),
    (("教育文体", "文物管理"), "whlyj"),
    (("商贸旅游", "旅游管理"), "whlyj"),
    (("商贸旅游", "市场监管"), "scjgj"),
    (("商贸旅游", "质监检验检疫"), "scjgj"),
    (("卫生计生", "食品药品监管"), "scjgj"),
    (("劳动和社会保障", "城镇居民社会保险", "城镇居民医疗保险"), "ybj"),
    (("劳动和社会保障", "城镇职工社会保险", "职工医疗保险"), "ybj"),
    (("政法", "社会治安"), "gaj"),
    (("政法", "交通管理"), "gaj"),
    (("政法", "户籍证件"), "gaj"),
    (("政法", "刑案侦破"), "gaj"),
    (("农村农业", "水利水电"), "slj"),
    (("经济管理", "金融财税"), "czj"),
    (("经济管理", "安全生产"), "yjglj"),
    (("科技与信息产业", "信息化建设"), "sjj"),
    (("科技与信息产业", "电信"), "gxj"),
]

# Categories each district (or county) handles itself (属地管理): an area rule per district.
LOCAL_CATEGORIES: list[tuple[str, ...]] = [
    ("城乡建设", "城市建设和市政管理"),
    ("城乡建设", "住房保障与房地产", "物业服务"),
    ("民政", "基层选举和社区建设"),
    ("环境保护", "环境污染", "噪音污染"),
]
RURAL_CATEGORIES: list[tuple[str, ...]] = [
    ("农村农业", "土地承包经营"),
    ("城乡建设", "村镇建设"),
]


def area_rules() -> list[tuple[tuple[str, ...], str]]:
    """(category path, district code): the district handles it for its own area."""
    rules = [(path, code) for code, *_ in DISTRICTS for path in LOCAL_CATEGORIES]
    rules += [(path, code) for code, _, _, rural in DISTRICTS if rural for path in RURAL_CATEGORIES]
    return rules


# --- what an agent reads from the text ------------------------------------------------------

# keyword → category path (the first match wins, so specific words come first).
KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("公积金", ("城乡建设", "住房保障与房地产", "住房公积金")),
    ("物业", ("城乡建设", "住房保障与房地产", "物业服务")),
    ("房产证", ("城乡建设", "住房保障与房地产", "房产证登记、办理")),
    ("公租房", ("城乡建设", "住房保障与房地产", "保障性住房")),
    ("廉租房", ("城乡建设", "住房保障与房地产", "保障性住房")),
    ("开发商", ("城乡建设", "住房保障与房地产", "房地产开发管理")),
    ("拆迁", ("城乡建设", "国有土地上房屋征收与补偿", "房屋拆迁")),
    ("棚改", ("城乡建设", "国有土地上房屋征收与补偿", "棚户区和城中村改造")),
    ("安置", ("城乡建设", "国有土地上房屋征收与补偿", "安置补偿")),
    ("违建", ("城乡建设", "城乡规划", "违章建筑")),
    ("违章建筑", ("城乡建设", "城乡规划", "违章建筑")),
    ("规划", ("城乡建设", "城乡规划", "规划方案")),
    ("工程款", ("城乡建设", "建筑市场", "拖欠工程款")),
    ("施工", ("城乡建设", "工程质量", "施工安全")),
    ("地铁", ("城乡建设", "城市建设和市政管理", "地铁城铁")),
    ("公交", ("城乡建设", "城市建设和市政管理", "公共汽车")),
    ("路灯", ("城乡建设", "城市建设和市政管理", "城市公共设施")),
    ("井盖", ("城乡建设", "城市建设和市政管理", "城市公共设施")),
    ("垃圾", ("城乡建设", "城市建设和市政管理", "园林绿化环卫")),
    ("绿化", ("城乡建设", "城市建设和市政管理", "园林绿化")),
    ("占道", ("城乡建设", "城市建设和市政管理", "城管执法")),
    ("城管", ("城乡建设", "城市建设和市政管理", "城管执法")),
    ("停车", ("城乡建设", "城市建设和市政管理", "小区管理")),
    ("供水", ("城乡建设", "城市建设和市政管理", "居民服务设施")),
    ("自来水", ("城乡建设", "城市建设和市政管理", "居民服务设施")),
    ("停水", ("城乡建设", "城市建设和市政管理", "居民服务设施")),
    ("停电", ("城乡建设", "城市建设和市政管理", "居民服务设施")),
    ("燃气", ("城乡建设", "城市建设和市政管理", "居民服务设施")),
    ("道路", ("城乡建设", "城市建设和市政管理", "基础设施")),
    ("修路", ("城乡建设", "城市建设和市政管理", "基础设施")),
    ("积水", ("城乡建设", "城市建设和市政管理", "基础设施")),
    ("下水道", ("城乡建设", "城市建设和市政管理", "基础设施")),
    ("小区", ("城乡建设", "城市建设和市政管理", "小区管理")),
    ("噪音", ("环境保护", "环境污染", "噪音污染")),
    ("噪声", ("环境保护", "环境污染", "噪音污染")),
    ("扰民", ("环境保护", "环境污染", "噪音污染")),
    ("油烟", ("环境保护", "环境污染", "大气污染")),
    ("粉尘", ("环境保护", "环境污染", "大气污染")),
    ("扬尘", ("环境保护", "环境污染", "大气污染")),
    ("废气", ("环境保护", "环境污染", "大气污染")),
    ("臭味", ("环境保护", "环境污染", "大气污染")),
    ("污水", ("环境保护", "环境污染", "水污染")),
    ("排污", ("环境保护", "环境污染", "水污染")),
    ("辐射", ("环境保护", "环境污染", "电磁污染")),
    ("环评", ("环境保护", "建设项目审批", "未批先建")),
    ("网约车", ("交通运输", "出租车管理", "网约车问题")),
    ("出租车", ("交通运输", "出租车管理", "行业监管")),
    ("快递", ("交通运输", "邮政管理", "快递市场管理")),
    ("客运", ("交通运输", "客货运输", "旅客运输")),
    ("高速", ("交通运输", "建设管理", "公路收费")),
    ("公路", ("交通运输", "建设管理", "设施维护")),
    ("幼儿园", ("教育文体", "教育体制", "教育资源配置")),
    ("入学", ("教育文体", "考试招生", "招生录取")),
    ("招生", ("教育文体", "考试招生", "招生录取")),
    ("学位", ("教育文体", "考试招生", "招生录取")),
    ("补课", ("教育文体", "教育行政管理", "校外机构管理")),
    ("培训机构", ("教育文体", "教育行政管理", "校外机构管理")),
    ("教师", ("教育文体", "教师队伍和待遇", "工资福利")),
    ("老师", ("教育文体", "教育行政管理", "教学管理")),
    ("学校", ("教育文体", "教育行政管理", "教学管理")),
    ("学生", ("教育文体", "教育行政管理", "学生负担")),
    ("体育", ("教育文体", "体育", "体育事业")),
    ("养老保险", ("劳动和社会保障", "城镇职工社会保险", "职工养老保险")),
    ("医保", ("劳动和社会保障", "城镇居民社会保险", "城镇居民医疗保险")),
    ("社保", ("劳动和社会保障", "城镇职工社会保险", "职工养老保险")),
    ("工伤", ("劳动和社会保障", "城镇职工社会保险", "职工工伤保险")),
    ("失业", ("劳动和社会保障", "城镇职工社会保险", "职工失业保险")),
    ("退休", ("劳动和社会保障", "退休政策及待遇", "退休金发放")),
    ("欠薪", ("劳动和社会保障", "工资福利", "工资发放")),
    ("拖欠工资", ("劳动和社会保障", "工资福利", "工资发放")),
    ("工资", ("劳动和社会保障", "工资福利", "工资发放")),
    ("劳动合同", ("劳动和社会保障", "劳动关系", "劳动合同纠纷")),
    ("农民工", ("劳动和社会保障", "劳动关系", "农民工权益")),
    ("就业", ("劳动和社会保障", "就业培训", "就业和再就业")),
    ("传销", ("商贸旅游", "市场监管", "传销")),
    ("价格", ("商贸旅游", "市场监管", "物价监督")),
    ("电梯", ("商贸旅游", "质监检验检疫", "特种设备管理")),
    ("景区", ("商贸旅游", "旅游管理", "景区管理")),
    ("旅游", ("商贸旅游", "旅游管理", "旅游市场管理")),
    ("广告", ("商贸旅游", "市场监管", "广告监管")),
    ("假货", ("商贸旅游", "市场监管", "商品质量")),
    ("食品", ("卫生计生", "食品药品监管", "食品安全")),
    ("药店", ("卫生计生", "食品药品监管", "药品和医疗器械管理")),
    ("疫苗", ("卫生计生", "公共卫生", "疾病预防控制")),
    ("生育", ("卫生计生", "人口计生", "计划生育服务管理")),
    ("独生子女", ("卫生计生", "人口计生", "独生子女父母奖励政策")),
    ("医疗事故", ("卫生计生", "医患纠纷", "医疗事故争议")),
    ("诊所", ("卫生计生", "医政监管", "非法行医")),
    ("医院", ("卫生计生", "医政监管", "医疗机构管理")),
    ("医生", ("卫生计生", "医政监管", "医务人员管理")),
]

KIND_WORDS: list[tuple[str, str]] = [
    ("举报", "report"),
    ("投诉", "complaint"),
    ("建议", "suggestion"),
    ("希望", "suggestion"),
    ("求助", "help"),
    ("请求", "help"),
    ("帮助", "help"),
    ("咨询", "consultation"),
    ("请问", "consultation"),
    ("如何", "consultation"),
    ("能否", "consultation"),
    ("是否", "consultation"),
    ("？", "consultation"),
    ("?", "consultation"),
]


def keyword_category(text: str, top: str | None = None) -> tuple[str, ...] | None:
    for word, path in KEYWORDS:
        if (top is None or path[0] == top) and word in text:
            return path
    return None


def kind_of(title: str) -> str | None:
    for word, kind in KIND_WORDS:
        if word in title:
            return kind
    return None


# A1区…A6区 and A7县…A9市 of the anonymised city, mapped onto 江城市's districts and counties.
PLACE = re.compile(r"A([1-9])[区县市]")


def district_of(text: str) -> str | None:
    match = PLACE.search(text)
    if match is None:
        return None
    return DISTRICTS[int(match.group(1)) - 1][0]
