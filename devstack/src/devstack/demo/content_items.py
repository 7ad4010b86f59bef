"""Demo content for `make up`: column trees for every demo site and a few hundred items of
all 11 kinds, tagged and published, so search and policy have something real. Q&A and
public letters come from the real 12345 messages under ../shared/data/12345/."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# (code, name, parent, update period in days)
COLUMNS = [
    ("xxgk", "信息公开", None, None),
    ("zcwj", "政策文件", "xxgk", 30),
    ("zcjd", "政策解读", "xxgk", 30),
    ("fdzdgk", "法定主动公开内容", "xxgk", 30),
    ("xwdt", "新闻动态", None, 7),
    ("tzgg", "通知公告", None, 14),
    ("bsfw", "办事服务", None, None),
    ("hdjl", "互动交流", None, None),
    ("yjzj", "意见征集", "hdjl", None),
    ("zxdc", "在线调查", "hdjl", None),
    ("zxft", "在线访谈", "hdjl", None),
    ("dwzs", "答问知识", "hdjl", 30),
    ("sjkf", "政府数据", None, 90),
]
# The portal's topic columns aggregate by tag (信息同步、数据同源).
TOPIC_COLUMNS = [
    ("yshj", "优化营商环境", "enterprise.hot.youhua_yingshang_huanjing"),
    ("ssw", "十四五规划", "government.hot.shisiwu_guihua"),
]

SITE_BODIES = {
    "portal": ("江城市人民政府", "江政", "ZFB"),
    "xc-district": ("新城区人民政府", "新政", "XCQ"),
    "pq-district": ("平桥区人民政府", "平政", "PQQ"),
    "lj-county": ("临江县人民政府", "临政", "LJX"),
    "fgw": ("江城市发展和改革委员会", "江发改", "FGW"),
    "rsj": ("江城市人力资源和社会保障局", "江人社", "RSJ"),
}

POLICY_TOPICS = [
    (
        "关于促进中小企业高质量发展的若干措施",
        "06",
        ["enterprise.hot.zhuanjing_texin", "enterprise.lifecycle.jingying"],
    ),
    (
        "关于进一步优化营商环境的实施意见",
        "08",
        ["enterprise.hot.youhua_yingshang_huanjing", "enterprise.lifecycle.qiye_kaiban"],
    ),
    (
        "关于做好高校毕业生就业创业工作的通知",
        "14",
        ["person.lifecycle.jiuye", "person.lifecycle.chuangye"],
    ),
    (
        "关于推进老旧小区改造工作的实施方案",
        "09",
        ["person.hot.laojiu_xiaoqu_gaizao", "person.subject.zhufang"],
    ),
    (
        "关于加快数字化转型赋能制造业的若干政策",
        "06",
        ["enterprise.hot.shuzihua_zhuanxing", "enterprise.subject.zhishi_chanquan"],
    ),
    (
        "关于实施稳岗返还政策的通知",
        "14",
        ["enterprise.hot.zhuqi_shukun", "enterprise.lifecycle.zhaopin_yonggong"],
    ),
    (
        "“十四五”现代服务业发展规划",
        "02",
        ["government.hot.shisiwu_guihua", "enterprise.lifecycle.touzi_jianshe"],
    ),
    (
        "关于进一步做好义务教育招生入学工作的通知",
        "10",
        ["person.hot.yiwu_jiaoyu_zhaosheng", "person.lifecycle.ruxue"],
    ),
]
NEWS_TOPICS = [
    (
        "召开优化营商环境工作推进会",
        ["enterprise.hot.youhua_yingshang_huanjing", "government.subject.zhongdian_xiangmu"],
    ),
    (
        "开展安全生产大检查",
        ["enterprise.subject.anquan_shengchan", "government.subject.yingji_guanli"],
    ),
    (
        "举办高校毕业生专场招聘会",
        ["person.lifecycle.jiuye", "enterprise.lifecycle.zhaopin_yonggong"],
    ),
    ("推进垃圾分类进小区", ["person.hot.laji_fenlei", "government.subject.chengshi_zhili"]),
    ("部署城乡居民医保集中缴费工作", ["person.hot.jumin_yibao_jiaofei", "person.subject.yiliao"]),
    ("重点项目集中开工", ["government.subject.zhongdian_xiangmu", "government.hot.shisiwu_guihua"]),
    ("开展生态环境保护督察整改", ["government.subject.shengtai_huanjing"]),
    (
        "召开民生实事项目推进会",
        ["government.hot.minsheng_shishi", "person.subject.shehui_baozhang"],
    ),
    (
        "组织专精特新企业政策宣讲",
        ["enterprise.hot.zhuanjing_texin", "enterprise.genre.zhengce_huibian"],
    ),
    ("推进老旧小区改造提质增效", ["person.hot.laojiu_xiaoqu_gaizao", "person.subject.zhufang"]),
]
SERVICES = [
    (
        "住房公积金提取",
        "市住房公积金管理中心服务大厅（市民中心二楼）",
        ["身份证", "不动产权证书或购房合同", "本人银行卡"],
        "person.subject.zhufang",
        "person.lifecycle.anju",
    ),
    (
        "住房公积金贷款申请",
        "市住房公积金管理中心服务大厅（市民中心二楼）",
        ["身份证", "婚姻状况证明", "购房合同", "收入证明"],
        "person.subject.zhufang",
        "person.lifecycle.anju",
    ),
    (
        "社会保障卡补办",
        "各区县人社服务大厅、合作银行网点",
        ["身份证"],
        "person.subject.shehui_baozhang",
        "person.lifecycle.jiuye",
    ),
    (
        "不动产登记（二手房转移登记）",
        "市不动产登记中心（市民中心一楼）",
        ["身份证", "不动产权证书", "买卖合同", "完税凭证"],
        "person.subject.zhufang",
        "person.lifecycle.anju",
    ),
    (
        "新生儿落户",
        "户籍所在地派出所户籍窗口",
        ["出生医学证明", "父母身份证", "户口簿", "结婚证"],
        "person.subject.huji_zhengzhao",
        "person.lifecycle.chusheng",
    ),
    (
        "新生儿医保参保登记",
        "各区县医保服务大厅",
        ["出生医学证明", "户口簿"],
        "person.subject.yiliao",
        "person.lifecycle.chusheng",
    ),
    (
        "预防接种证办理",
        "居住地社区卫生服务中心预防接种门诊",
        ["出生医学证明", "监护人身份证"],
        "person.subject.yiliao",
        "person.lifecycle.chusheng",
    ),
    (
        "高校毕业生报到登记",
        "市人才交流中心",
        ["报到证", "毕业证", "身份证"],
        "person.subject.shehui_baozhang",
        "person.lifecycle.jiuye",
    ),
    (
        "人事档案转递",
        "市人才交流中心档案室",
        ["身份证", "商调函"],
        "person.subject.shehui_baozhang",
        "person.lifecycle.jiuye",
    ),
    (
        "社会保险关系转移",
        "各区县社保经办窗口",
        ["身份证", "参保缴费凭证"],
        "person.subject.shehui_baozhang",
        "person.lifecycle.jiuye",
    ),
    (
        "青年人才生活补贴申领",
        "市人才服务中心",
        ["身份证", "学历证书", "劳动合同", "社保缴费证明"],
        "person.subject.shehui_baozhang",
        "person.lifecycle.jiuye",
    ),
    (
        "企业设立登记（一网通办）",
        "市民中心企业开办专区",
        ["公司章程", "股东身份证明", "住所证明"],
        "enterprise.subject.shichang_jianguan",
        "enterprise.lifecycle.qiye_kaiban",
    ),
    (
        "高新技术企业认定奖励申报",
        "市科技局政务服务窗口",
        ["高新技术企业证书", "申请表", "营业执照"],
        "enterprise.subject.zhishi_chanquan",
        "enterprise.lifecycle.jingying",
    ),
    (
        "稳岗返还申领",
        "各区县人社服务大厅",
        ["单位参保证明", "银行账户信息"],
        "enterprise.subject.shuiwu",
        "enterprise.lifecycle.zhaopin_yonggong",
    ),
    (
        "城乡居民医保缴费",
        "社区服务站、微信“江城医保”",
        ["身份证或医保电子凭证"],
        "person.subject.yiliao",
        "person.lifecycle.jiuyi",
    ),
    (
        "义务教育入学报名",
        "学区学校或“江城教育”平台",
        ["户口簿", "房产证明", "预防接种证"],
        "person.subject.jiaoyu",
        "person.lifecycle.ruxue",
    ),
]
GENRE_BY_KIND = {
    "policy_document": "government.genre.tongzhi",
    "interpretation": "person.genre.tuwen_jiedu",
    "news": "person.genre.bianmin_xinxi",
    "qa": "person.genre.changjian_wenda",
    "solicitation": "government.genre.yijian",
    "survey": "person.genre.wenxin_tishi",
    "interview": "person.genre.tuwen_jiedu",
    "disclosure": "government.genre.gonggao",
    "notice": "government.genre.tongzhi",
    "open_data": "person.genre.bianmin_xinxi",
    "service": "person.genre.banshi_zhinan",
}


@dataclass
class DemoItem:
    site: str
    column: str
    kind: str
    title: str
    body: str
    tags: list[str]
    topic: str = "01"
    fields: dict[str, Any] = field(default_factory=dict)
    disclosure: dict[str, Any] = field(default_factory=dict)
    interprets: str | None = None  # title of the policy document it reads
    serves: str | None = None


def _paragraphs(*lines: str) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def _qa_pairs(data_dir: Path, limit: int) -> list[tuple[str, str, str]]:
    path = data_dir / "12345" / "messages_with_replies.jsonl"
    if not path.exists():
        return []
    pairs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            reply = (row.get("reply") or "").strip()
            if len(reply) < 40 or not row.get("title"):
                continue
            pairs.append(
                (row["title"].strip()[:120], (row.get("body") or "").strip()[:600], reply[:1500])
            )
            if len(pairs) >= limit:
                break
    return pairs


def demo_items(data_dir: Path, seed: int = 2026) -> Iterator[DemoItem]:
    rng = random.Random(seed)
    for n, (site, (body, prefix, _)) in enumerate(SITE_BODIES.items()):
        for i, (title, topic, tags) in enumerate(POLICY_TOPICS):
            if site not in ("portal", "fgw", "rsj") and i % 2:
                continue
            doc_title = f"{body}{title}"
            yield DemoItem(
                site,
                "zcwj",
                "policy_document",
                doc_title,
                _paragraphs(
                    "各有关单位：",
                    f"为深入贯彻落实党中央、国务院决策部署，结合本地实际，现就{title.removeprefix('关于').removesuffix('的通知')}提出如下措施。",
                    "一、加大财政支持力度。对符合条件的市场主体给予资金奖励和补贴，具体标准按有关规定执行。",
                    "二、优化办事流程。相关事项全部纳入“一网通办”，实行一次告知、一表申请、限时办结。",
                    "三、强化组织保障。各地各部门要明确责任分工，确保各项措施落地见效。",
                    "本措施自发布之日起施行，有效期三年。",
                ),
                [GENRE_BY_KIND["policy_document"], *tags],
                topic,
                disclosure={
                    "document_number": f"{prefix}发〔2026〕{10 + i + n * 10}号",
                    "issuing_body": body,
                    "written_on": f"2026-0{1 + i % 9}-1{i % 9}",
                    "validity": "valid",
                    "valid_from": "2026-01-01",
                    "valid_to": "2028-12-31",
                },
            )
            if site in ("portal", "fgw", "rsj"):
                yield DemoItem(
                    site,
                    "zcjd",
                    "interpretation",
                    f"一图读懂《{title}》",
                    _paragraphs(
                        f"近日，{body}印发《{title}》。现就有关内容解读如下。",
                        "一、出台背景：为进一步激发市场主体活力，回应企业和群众关切。",
                        "二、主要内容：明确了支持对象、支持标准和申报流程。",
                        "三、申报方式：符合条件的可通过“一网通办”平台在线申报。",
                    ),
                    [GENRE_BY_KIND["interpretation"], *tags],
                    topic,
                    interprets=doc_title,
                )
        for title, tags in NEWS_TOPICS:
            day = rng.randint(1, 28)
            yield DemoItem(
                site,
                "xwdt",
                "news",
                f"{body.removesuffix('人民政府')}{title}",
                _paragraphs(
                    f"11月{day}日，{body}{title}。会议传达学习了上级有关文件精神，总结前一阶段工作，部署下一步重点任务。",
                    "会议强调，要坚持以人民为中心的发展思想，聚焦群众急难愁盼，把好事办实、实事办好。",
                ),
                [GENRE_BY_KIND["news"], *tags],
                "01",
            )
        for i in range(4):
            yield DemoItem(
                site,
                "tzgg",
                "notice",
                [
                    f"{body}关于2026年元旦放假安排的通知",
                    f"{body}关于开展2026年度政策申报工作的通知",
                    f"{body}关于公开招聘编外工作人员的公告",
                    f"{body}关于停水停电的温馨提示",
                ][i],
                _paragraphs("现将有关事项通知如下，请相互转告。", "特此通知。"),
                [GENRE_BY_KIND["notice"], "government.subject.zhengwu_gongkai"],
                "01",
            )
        for i in range(3):
            yield DemoItem(
                site,
                "fdzdgk",
                "disclosure",
                [
                    f"{body}2026年部门预算公开",
                    f"{body}2025年政府信息公开工作年度报告",
                    f"{body}机构职能与领导分工",
                ][i],
                _paragraphs("根据《中华人民共和国政府信息公开条例》规定，现予以公开。"),
                [
                    GENRE_BY_KIND["disclosure"],
                    "government.subject.caizheng_yujuesuan"
                    if i == 0
                    else "government.subject.zhengwu_gongkai",
                ],
                "03" if i == 0 else "01",
                disclosure={"issuing_body": body, "written_on": "2026-02-1" + str(i)},
            )
        yield DemoItem(
            site,
            "sjkf",
            "open_data",
            f"{body}政务服务事项办件量统计（月度）",
            _paragraphs("本数据集按月发布政务服务事项办件量。"),
            [GENRE_BY_KIND["open_data"], "government.subject.zhengwu_gongkai"],
            "01",
            fields={"data_format": "CSV", "update_frequency": "每月", "record_count": 1200},
        )
    for name, where, materials, subject, lifecycle in SERVICES:
        serves = None
        if "高新" in name:
            serves = "江城市人民政府关于促进中小企业高质量发展的若干措施"
        elif "稳岗" in name:
            serves = "江城市人民政府关于实施稳岗返还政策的通知"
        yield DemoItem(
            "portal",
            "bsfw",
            "service",
            name,
            _paragraphs(
                f"{name}：符合条件的申请人可到现场或在网上办理。",
                "办理流程：申请 → 受理 → 审核 → 办结。",
            ),
            [GENRE_BY_KIND["service"], subject, lifecycle],
            "14",
            fields={
                "where": where,
                "how": "现场办理或网上办理",
                "materials": materials,
                "online_url": "https://zwfw.jiangcheng.gov.cn/",
                "hotline": "12345",
                "time_limit": "5个工作日",
            },
            serves=serves,
        )
    for question, body, reply in _qa_pairs(data_dir, 80):
        yield DemoItem(
            "portal",
            "dwzs",
            "qa",
            question,
            _paragraphs(f"问：{body}" if body else f"问：{question}", f"答：{reply}"),
            [GENRE_BY_KIND["qa"], "government.subject.chengshi_zhili"],
            "09",
        )
    yield DemoItem(
        "portal",
        "yjzj",
        "solicitation",
        "关于《江城市养犬管理规定（征求意见稿）》公开征求意见的公告",
        _paragraphs(
            "为广泛听取社会各界意见，现将《江城市养犬管理规定（征求意见稿）》全文公布，"
            "欢迎社会各界在征集期内提出意见建议。",
            "第一条 为了规范养犬行为，保障公民人身安全和健康，维护市容环境和社会公共秩序，"
            "根据有关法律、法规，结合本市实际，制定本规定。",
            "第二条 本市城市建成区内的养犬管理，适用本规定。",
            "第三条 个人养犬应当向所在地公安派出所办理养犬登记，每户限养一只。",
            "第四条 携犬出户应当束犬链（绳），犬链（绳）长度不超过 1.5 米，"
            "并主动避让老年人、残疾人、孕妇和儿童。",
            "第五条 违反本规定的，由公安机关依照有关法律、法规予以处理。",
        ),
        [GENRE_BY_KIND["solicitation"], "government.lifecycle.zhengqiu_yijian"],
        "09",
        fields={
            "opens_at": "2026-11-01T00:00:00+08:00",
            "closes_at": "2026-12-31T23:59:59+08:00",
            "contact": "市公安局治安支队，电话 0791-12345678",
        },
    )
    yield DemoItem(
        "portal",
        "yjzj",
        "solicitation",
        "关于《江城市生活垃圾分类管理办法（征求意见稿）》公开征求意见的公告",
        _paragraphs(
            "为推进生活垃圾分类工作，现将《江城市生活垃圾分类管理办法（征求意见稿）》"
            "全文公布，公开征求社会各界意见。",
            "第一条 本市生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类。",
            "第二条 居住区应当按照标准设置分类收集容器，实行定时定点投放。",
            "第三条 产生生活垃圾的单位和个人应当按照分类标准投放生活垃圾。",
        ),
        [GENRE_BY_KIND["solicitation"], "government.lifecycle.zhengqiu_yijian"],
        "09",
        fields={"opens_at": "2026-09-01T00:00:00+08:00", "closes_at": "2026-09-30T23:59:59+08:00"},
    )
    yield DemoItem(
        "portal",
        "zxdc",
        "survey",
        "江城市政务服务满意度调查",
        _paragraphs("为进一步提升政务服务水平，诚邀您参与本次调查。"),
        [GENRE_BY_KIND["survey"], "government.subject.zhengwu_gongkai"],
        "01",
        fields={"opens_at": "2026-11-01T00:00:00+08:00", "closes_at": "2026-12-31T23:59:59+08:00"},
    )
    yield DemoItem(
        "portal",
        "zxdc",
        "survey",
        "2026年江城市公共交通出行满意度调查",
        _paragraphs("为了解市民公共交通出行情况，改进公交和地铁服务，开展本次调查。"),
        [GENRE_BY_KIND["survey"], "government.subject.zhengwu_gongkai"],
        "01",
        fields={"opens_at": "2026-10-08T00:00:00+08:00", "closes_at": "2026-11-30T23:59:59+08:00"},
    )
    yield DemoItem(
        "portal",
        "zxft",
        "interview",
        "在线访谈：解读江城市稳岗就业政策",
        _paragraphs("市人社局负责同志做客政府网站，解读稳岗就业政策并回答网友提问。"),
        [GENRE_BY_KIND["interview"], "person.lifecycle.jiuye"],
        "14",
        fields={"starts_at": "2026-12-05T10:00:00+08:00", "guests": ["市人社局副局长 王明"]},
    )
    yield DemoItem(
        "portal",
        "zxft",
        "interview",
        "在线访谈：老旧小区改造惠民生",
        _paragraphs(
            "市住建局负责同志做客政府网站，介绍本市老旧小区改造工作进展，并回答网友关心的问题。"
        ),
        [GENRE_BY_KIND["interview"], "government.subject.zhengwu_gongkai"],
        "09",
        fields={
            "starts_at": "2026-11-20T15:00:00+08:00",
            "guests": ["市住建局副局长 李华", "市住建局城建处处长 赵强"],
        },
    )
