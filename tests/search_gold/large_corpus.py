"""A large Chinese government corpus for the search bench: the real 12345 messages under
shared/data (citizens' questions with officials' answers) plus templated service items,
policy documents and news, spread over sites, kinds, years and tags."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from search.engine.base import SearchDoc

DATA = Path("/work/shared/data/12345")
SITES = ["portal", "xc", "dc", "hd", "cy", "ft", "sjs", "rsj", "zjj", "gaj", "ybj", "scjgj"]
TOPICS = [
    "住房公积金",
    "不动产登记",
    "社保卡",
    "医疗保险",
    "养老保险",
    "失业保险",
    "居住证",
    "营业执照",
    "义务教育入学",
    "垃圾分类",
    "老旧小区改造",
    "稳岗补贴",
    "创业补贴",
    "人才引进",
    "公租房",
    "电动自行车",
    "噪音扰民",
    "食品安全",
    "最低生活保障",
    "出生医学证明",
    "婚姻登记",
    "驾驶证",
    "高新技术企业",
    "专精特新",
    "一网通办",
    "营商环境",
    "异地就医",
    "积分落户",
    "供暖",
    "燃气",
]
BODIES = [
    "市人民政府",
    "市住建局",
    "市人社局",
    "市医保局",
    "市公安局",
    "市市场监管局",
    "市教育局",
    "市民政局",
    "市生态环境局",
    "市发展改革委",
]
REWARDS = ["资金奖励", "资金补贴", "税费减免", "贷款贴息", "荣誉认定"]
INDUSTRIES = ["C13", "C26", "C39", "I65", "M73", "F51", "G54", "E47"]
KINDS = [
    "policy_document",
    "interpretation",
    "news",
    "notice",
    "disclosure",
    "service",
    "measure",
    "ticket",
    "knowledge",
    "qa",
]
SERVICE_ACTIONS = ["办理", "补办", "提取", "申领", "变更", "注销", "预约", "查询"]


def messages() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in (
        "messages_with_replies.jsonl",
        "messages_votes.jsonl",
        "messages_labelled.jsonl",
        "messages_labelled_body_only.jsonl",
    ):
        path = DATA / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            r = json.loads(line)
            body = r.get("body") or ""
            title = r.get("title") or body[:24]
            if body:
                rows.append({"title": title, "body": body, "reply": r.get("reply") or ""})
    return rows


def _template(rng: random.Random, kind: str, topic: str) -> tuple[str, str]:
    district = rng.choice(["西城区", "东城区", "海淀区", "朝阳区", "丰台区", "石景山区"])
    if kind == "service":
        action = rng.choice(SERVICE_ACTIONS)
        return (
            f"{topic}{action}",
            f"{topic}{action}的办理地点为{district}政务服务中心，"
            f"可通过一网通办平台在线申请。所需材料：居民身份证、申请表。办理时限5个工作日。",
        )
    if kind in ("policy_document", "notice", "disclosure"):
        return (
            f"关于进一步做好{topic}工作的通知",
            f"各区人民政府，市政府各委、办、局：为进一步做好{topic}相关工作，现就有关事项通知如下。"
            f"一、提高认识，加强组织领导。二、突出重点，{district}率先开展{topic}试点。"
            f"三、强化保障，确保各项措施落到实处。",
        )
    if kind == "interpretation":
        return (
            f"《关于{topic}的实施意见》政策解读",
            f"近日，市政府印发《关于{topic}的实施意见》。本文就出台背景、主要内容和适用对象进行解读。",
        )
    if kind in ("measure",):
        return (f"{topic}奖励措施", f"对符合条件的企业给予{topic}相关资金支持，最高不超过50万元。")
    return (
        f"{district}扎实推进{topic}工作",
        f"{district}召开专题会议，部署{topic}重点任务，"
        f"要求各部门密切配合，切实解决群众急难愁盼问题。",
    )


def corpus(n: int, seed: int = 42) -> Iterator[SearchDoc]:
    rng = random.Random(seed)
    msgs = messages()
    start = datetime(2016, 1, 1, tzinfo=UTC)
    for i in range(n):
        topic = rng.choice(TOPICS)
        kind = rng.choice(KINDS)
        published = start + timedelta(days=rng.randrange(0, 3960))
        if kind in ("ticket", "knowledge", "qa") and msgs:
            m = msgs[i % len(msgs)]
            title, body = m["title"], m["body"] + "\n" + m["reply"]
        else:
            title, body = _template(rng, kind, topic)
        yield SearchDoc(
            id=f"bench:{i}",
            kind=kind,
            title=title,
            body=body,
            summary=body[:80],
            url=f"/doc/{i}",
            site=rng.choice(SITES),
            column=rng.choice(["zcwj", "zwdt", "tzgg", "bsfw", "hdjl"]),
            issuing_body=rng.choice(BODIES),
            published_at=published,
            industries=rng.sample(INDUSTRIES, rng.randint(0, 2)) if kind == "measure" else [],
            reward_type=rng.choice(REWARDS) if kind == "measure" else "",
            tags=[topic, rng.choice(["民生", "企业", "住房", "教育", "医疗"])],
        )


QUERIES = [
    "公积金提取",
    "不动产登记",
    "社保卡补办",
    "医保异地就医",
    "养老保险",
    "失业保险金申领",
    "居住证办理",
    "营业执照",
    "入学报名",
    "垃圾分类",
    "老旧小区改造",
    "稳岗补贴",
    "创业补贴",
    "人才引进",
    "公租房申请",
    "电动自行车",
    "噪音扰民",
    "物业管理",
    "小区停车",
    "拖欠工资",
    "学校收费",
    "医院看病",
    "公交线路",
    "自来水",
    "燃气",
    "供暖",
    "积分落户",
    "高新技术企业奖励",
    "专精特新",
    "一网通办",
    "营商环境",
    "最低生活保障",
    "婚姻登记",
    "驾驶证",
    "食品安全投诉",
    "污水处理",
    "道路施工",
    "违章建筑",
    "教师待遇",
    "农民工工资",
]
