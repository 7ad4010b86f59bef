"""The demo corpus the gold set is judged over: for 30 common matters a service item, a
policy document, its interpretation, a knowledge-base answer and a news item (150 documents),
plus 300 real 12345 messages with their answers (shared/data) as realistic distractors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from search.engine.base import SearchDoc

DATA = Path("/work/shared/data/12345/messages_with_replies.jsonl")

# key, service title, where/how, policy topic, question
MATTERS = [
    (
        "gjj-tq",
        "住房公积金提取",
        "购房、租房、退休可提取住房公积金",
        "住房公积金提取管理",
        "公积金怎么提取",
    ),
    (
        "gjj-dk",
        "住房公积金贷款申请",
        "缴存职工购买自住住房可申请公积金贷款",
        "住房公积金个人贷款",
        "公积金贷款能贷多少",
    ),
    (
        "bdc",
        "不动产登记",
        "房屋买卖、继承后办理不动产权证书",
        "不动产登记便民服务",
        "不动产权证书怎么办",
    ),
    ("sbk", "社会保障卡补办", "社保卡遗失后挂失并补办新卡", "社会保障卡管理", "社保卡丢了怎么补办"),
    (
        "yb-yd",
        "医保异地就医备案",
        "异地长期居住人员办理跨省就医备案",
        "基本医疗保险异地就医结算",
        "异地就医怎么备案",
    ),
    (
        "yb-bx",
        "医疗费用报销",
        "门诊和住院医疗费用按规定报销",
        "城乡居民基本医疗保险",
        "看病报销比例是多少",
    ),
    (
        "ylbx",
        "养老保险待遇领取",
        "达到退休年龄后申领基本养老金",
        "企业职工基本养老保险",
        "养老金怎么领取",
    ),
    (
        "sybx",
        "失业保险金申领",
        "非因本人意愿中断就业可申领失业保险金",
        "失业保险待遇",
        "失业金怎么领",
    ),
    ("jzz", "居住证办理", "在本市居住半年以上可申领居住证", "居住证管理办法", "外地人怎么办居住证"),
    ("yyzz", "营业执照办理", "个体工商户和企业设立登记", "市场主体登记", "开公司怎么办营业执照"),
    (
        "rx",
        "义务教育入学报名",
        "适龄儿童网上报名小学和初中入学",
        "义务教育招生入学",
        "小学入学怎么报名",
    ),
    (
        "ljfl",
        "生活垃圾分类指引",
        "可回收物、有害垃圾、厨余垃圾和其他垃圾分类投放",
        "生活垃圾分类管理",
        "垃圾怎么分类",
    ),
    (
        "lxxq",
        "老旧小区改造申报",
        "小区居民共同申请纳入老旧小区改造计划",
        "老旧小区综合整治",
        "老旧小区改造怎么申请",
    ),
    (
        "wg",
        "稳岗补贴申领",
        "不裁员或少裁员的企业可申领稳岗补贴",
        "失业保险稳岗返还",
        "企业稳岗补贴怎么申请",
    ),
    (
        "cy",
        "创业补贴申领",
        "首次创业的高校毕业生可申请一次性创业补贴",
        "就业创业扶持",
        "大学生创业有什么补贴",
    ),
    (
        "rc",
        "人才引进落户",
        "符合条件的人才可办理引进落户",
        "人才引进实施办法",
        "人才落户需要什么条件",
    ),
    ("gzf", "公共租赁住房申请", "住房困难家庭可申请公租房", "公共租赁住房管理", "公租房怎么申请"),
    ("ddc", "电动自行车登记上牌", "新购电动自行车登记挂牌", "电动自行车管理条例", "电动车怎么上牌"),
    (
        "db",
        "最低生活保障申请",
        "家庭人均收入低于低保标准可申请低保",
        "最低生活保障审核确认",
        "低保怎么申请",
    ),
    (
        "cs",
        "出生医学证明办理",
        "新生儿在助产机构办理出生医学证明",
        "出生医学证明管理",
        "新生儿出生证明怎么办",
    ),
    (
        "hy",
        "结婚登记",
        "内地居民在婚姻登记机关办理结婚登记",
        "婚姻登记工作规范",
        "结婚登记需要带什么",
    ),
    (
        "jsz",
        "机动车驾驶证换证",
        "驾驶证有效期满前九十日内申请换证",
        "机动车驾驶证申领",
        "驾照到期怎么换",
    ),
    (
        "gqrd",
        "高新技术企业认定",
        "企业申请高新技术企业认定并享受奖励",
        "高新技术企业培育",
        "高新技术企业认定有什么奖励",
    ),
    (
        "zjtx",
        "专精特新企业申报",
        "中小企业申报专精特新称号",
        "专精特新中小企业培育",
        "专精特新怎么申报",
    ),
    (
        "ywtb",
        "一网通办平台注册",
        "个人和法人在一网通办平台注册实名账号",
        "一网通办改革",
        "一网通办怎么注册",
    ),
    (
        "jfl",
        "积分落户申请",
        "在本市稳定就业居住的可申请积分落户",
        "积分落户管理办法",
        "积分落户怎么算分",
    ),
    ("gn", "供暖报修与缴费", "冬季采暖不热可报修，按期缴纳采暖费", "城市供热管理", "暖气不热找谁"),
    ("rq", "燃气开户", "新房入住办理燃气开户通气", "城镇燃气管理", "燃气开户需要什么材料"),
    (
        "ldzc",
        "劳动争议仲裁申请",
        "劳动者被拖欠工资可申请劳动仲裁",
        "劳动人事争议调解仲裁",
        "公司拖欠工资怎么办",
    ),
    (
        "spaq",
        "食品安全投诉举报",
        "发现食品安全问题可通过12345投诉举报",
        "食品安全监督管理",
        "买到过期食品怎么投诉",
    ),
]


def _doc(doc_id: str, kind: str, title: str, body: str, day: int, **extra: object) -> SearchDoc:
    return SearchDoc(
        id=doc_id,
        kind=kind,
        title=title,
        body=body,
        summary=body[:60],
        url=f"/demo/{doc_id}",
        site="portal",
        site_name="市政府门户网站",
        published_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day),
        **extra,  # type: ignore[arg-type]
    )


def corpus() -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for i, (key, service, how, topic, question) in enumerate(MATTERS):
        docs += [
            _doc(
                f"svc:{key}",
                "service",
                service,
                f"{how}。办理地点：市政务服务中心。可在一网通办平台在线办理。",
                i,
            ),
            _doc(
                f"pol:{key}",
                "policy_document",
                f"关于印发《{topic}办法》的通知",
                f"为规范{topic}，制定本办法。{how}。",
                i + 30,
            ),
            _doc(
                f"int:{key}",
                "interpretation",
                f"《{topic}办法》政策解读",
                f"本办法明确了{service}的条件和流程。{how}。",
                i + 60,
            ),
            _doc(
                f"kb:{key}",
                "knowledge",
                question,
                f"{how}。具体可咨询12345热线或到市政务服务中心{service}窗口办理。",
                i + 90,
            ),
            _doc(
                f"news:{key}",
                "news",
                f"我市持续优化{topic}工作",
                f"近日，市有关部门召开会议，部署{topic}重点任务。",
                i + 120,
            ),
        ]
    if DATA.exists():
        for n, line in enumerate(DATA.read_text("utf-8").splitlines()[:300]):
            r = json.loads(line)
            docs.append(
                _doc(
                    f"ticket:{r['id']}",
                    "ticket",
                    r["title"],
                    r["body"] + "\n" + (r.get("reply") or ""),
                    n % 700,
                )
            )
    return docs
