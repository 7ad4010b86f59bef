"""Demo policies and their measures: a handful of plausible city policies across reward
types, each measure with its eligibility condition as data."""

from __future__ import annotations

from typing import Any


def _all(*items: dict[str, Any]) -> dict[str, Any]:
    return {"op": "all", "items": list(items)}


def _any(*items: dict[str, Any]) -> dict[str, Any]:
    return {"op": "any", "items": list(items)}


def within(code: str) -> dict[str, Any]:
    return {"op": "within", "field": "industry_code", "value": code}


def has(qualification: str) -> dict[str, Any]:
    return {"op": "has", "field": "qualifications", "value": qualification}


def tag(name: str) -> dict[str, Any]:
    return {"op": "has", "field": "tags", "value": name}


def at_least(field: str, value: float) -> dict[str, Any]:
    return {"op": "gte", "field": field, "value": value}


def size_in(*sizes: str) -> dict[str, Any]:
    return {"op": "in", "field": "size_class", "value": list(sizes)}


def years(n: float) -> dict[str, Any]:
    return {"op": "years_since_gte", "field": "founded_on", "value": n}


# (policy fields, [(title, reward type, amount 万元, amount text, condition)])
POLICIES: list[tuple[dict[str, Any], list[tuple[str, str, float | None, str, dict[str, Any]]]]] = [
    (
        {
            "title": "江城市促进制造业高质量发展若干政策",
            "document_number": "江政规〔2026〕3号",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-03-01",
            "valid_to": "2028-12-31",
            "industries": ["C"],
        },
        [
            (
                "首次升规工业企业奖励",
                "资金奖励",
                10,
                "一次性奖励10万元",
                _all(within("C"), at_least("revenue_wan", 2000), tag("首次规上")),
            ),
            (
                "技术改造设备投资补助",
                "补贴补助",
                200,
                "按设备投资额的10%补助，最高200万元",
                _all(within("C"), at_least("revenue_wan", 2000), years(2)),
            ),
            (
                "智能化改造示范奖励",
                "资金奖励",
                50,
                "认定为市级示范的奖励50万元",
                _all(within("C"), tag("数字经济"), at_least("employees", 50)),
            ),
            (
                "专精特新“小巨人”企业奖励",
                "资金奖励",
                100,
                "一次性奖励100万元",
                _all(within("C"), has("专精特新小巨人")),
            ),
            (
                "专精特新中小企业奖励",
                "资金奖励",
                20,
                "一次性奖励20万元",
                _all(has("专精特新"), size_in("中型", "小型", "微型")),
            ),
            (
                "绿色工厂奖励",
                "事后奖补",
                30,
                "获评绿色工厂的奖励30万元",
                _all(within("C"), tag("绿色低碳")),
            ),
            (
                "制造业企业稳产增效奖励",
                "扶持相关",
                15,
                "营业收入增长的规上企业奖励15万元",
                _all(within("C"), at_least("revenue_wan", 5000)),
            ),
        ],
    ),
    (
        {
            "title": "江城市支持科技创新若干措施",
            "document_number": "江政办发〔2026〕12号",
            "issuing_body": "江城市人民政府办公室",
            "published_on": "2026-04-15",
            "valid_to": "2027-12-31",
        },
        [
            (
                "高新技术企业认定奖励",
                "资金奖励",
                30,
                "首次认定奖励30万元，重新认定奖励10万元",
                has("高新技术企业"),
            ),
            (
                "科技型中小企业研发费用补助",
                "补贴补助",
                50,
                "按研发费用的10%补助，最高50万元",
                _all(has("科技型中小企业"), at_least("rd_ratio", 3)),
            ),
            (
                "企业研发投入后补助",
                "事后奖补",
                100,
                "研发投入占比达5%以上的按增量给予补助",
                _all(at_least("rd_ratio", 5), at_least("revenue_wan", 1000)),
            ),
            (
                "高价值发明专利奖励",
                "专利相关",
                5,
                "每件奖励5万元",
                _all(_any(has("高新技术企业"), has("科技型中小企业")), at_least("rd_ratio", 2)),
            ),
            (
                "科技成果转化奖励",
                "创新创业",
                20,
                "技术合同成交额的5%，最高20万元",
                _all(_any(within("73"), within("75")), years(1)),
            ),
            (
                "研发费用加计扣除辅导",
                "税收相关",
                None,
                "研发费用按100%加计扣除，税务部门辅导申报",
                at_least("rd_ratio", 1),
            ),
            (
                "科技创新券",
                "补贴补助",
                10,
                "购买科技服务按50%抵扣，最高10万元",
                _all(size_in("小型", "微型"), at_least("rd_ratio", 1)),
            ),
        ],
    ),
    (
        {
            "title": "江城市稳就业促发展若干措施",
            "document_number": "江人社发〔2026〕8号",
            "issuing_body": "江城市人力资源和社会保障局",
            "published_on": "2026-02-20",
            "valid_to": "2026-12-31",
        },
        [
            (
                "失业保险稳岗返还",
                "补贴补助",
                None,
                "中小微企业按上年实缴失业保险费的60%返还",
                _all(size_in("中型", "小型", "微型"), at_least("employees", 1)),
            ),
            (
                "吸纳高校毕业生一次性扩岗补助",
                "补贴补助",
                0.15,
                "每招用1人补助1500元",
                at_least("employees", 10),
            ),
            (
                "以工代训补贴",
                "补贴补助",
                0.05,
                "每人每月500元，最长6个月",
                _all(_any(within("H"), within("F"), within("C")), at_least("employees", 5)),
            ),
            (
                "吸纳就业困难人员社保补贴",
                "补贴补助",
                None,
                "按实际缴纳的社会保险费给予补贴",
                at_least("employees", 3),
            ),
            (
                "创业带动就业补贴",
                "创新创业",
                3,
                "吸纳就业3人以上的初创企业一次性补贴3万元",
                _all(
                    {"op": "years_since_lt", "field": "founded_on", "value": 3},
                    at_least("employees", 3),
                ),
            ),
        ],
    ),
    (
        {
            "title": "江城市促进服务业繁荣发展若干政策",
            "document_number": "江政规〔2026〕5号",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-05-10",
            "valid_to": "2028-05-09",
            "industries": ["F", "H", "I", "L"],
        },
        [
            (
                "软件和信息技术服务企业成长奖励",
                "资金奖励",
                30,
                "营业收入首次突破5000万元奖励30万元",
                _all(within("65"), at_least("revenue_wan", 5000)),
            ),
            (
                "限额以上批发零售企业入库奖励",
                "资金奖励",
                5,
                "首次入库奖励5万元",
                _all(within("F"), at_least("revenue_wan", 500)),
            ),
            (
                "住宿餐饮企业升限奖励",
                "资金奖励",
                5,
                "首次升限奖励5万元",
                _all(within("H"), at_least("revenue_wan", 200)),
            ),
            (
                "商务服务业集聚区租金补贴",
                "补贴补助",
                20,
                "入驻集聚区的按租金30%补贴",
                _all(within("L"), {"op": "in", "field": "district", "value": ["gx", "xc"]}),
            ),
            ("外贸企业出口信用保险保费补贴", "扶持相关", 10, "按保费的50%补贴", tag("出口")),
            (
                "数字经济示范企业奖励",
                "资金奖励",
                50,
                "认定为示范企业的奖励50万元",
                _all(
                    tag("数字经济"), _any(within("I"), within("C")), at_least("revenue_wan", 3000)
                ),
            ),
        ],
    ),
    (
        {
            "title": "江城市金融支持小微企业发展若干措施",
            "document_number": "江金发〔2026〕2号",
            "issuing_body": "江城市地方金融管理局",
            "published_on": "2026-01-18",
            "valid_to": "2027-01-17",
        },
        [
            (
                "小微企业贷款贴息",
                "贷款相关",
                20,
                "按实际付息的50%贴息，最高20万元",
                size_in("小型", "微型"),
            ),
            (
                "融资担保费补贴",
                "融资相关",
                10,
                "担保费率超过1%的部分全额补贴",
                size_in("中型", "小型", "微型"),
            ),
            (
                "首贷户奖励",
                "贷款相关",
                2,
                "首次获得银行贷款的小微企业奖励2万元",
                _all(
                    size_in("小型", "微型"),
                    {"op": "years_since_lt", "field": "founded_on", "value": 5},
                ),
            ),
            (
                "科技企业知识产权质押融资补贴",
                "融资相关",
                30,
                "按贴息和评估费的50%补贴",
                _all(_any(has("高新技术企业"), has("科技型中小企业")), size_in("中型", "小型")),
            ),
        ],
    ),
    (
        {
            "title": "江城市“江城英才”人才支持若干措施",
            "document_number": "江人才办〔2026〕1号",
            "issuing_body": "中共江城市委人才工作领导小组办公室",
            "published_on": "2026-06-01",
            "valid_to": "2029-05-31",
        },
        [
            (
                "企业人才住房补贴",
                "住房相关",
                10,
                "企业引进的硕士以上人才每人每年1万元",
                _all(_any(has("高新技术企业"), has("专精特新")), at_least("employees", 20)),
            ),
            ("人才子女入学服务", "子女相关", None, "按规定统筹安排子女入学", has("高新技术企业")),
            (
                "人才落户服务",
                "户籍相关",
                None,
                "企业引进人才可在集体户落户",
                at_least("employees", 10),
            ),
            (
                "人才公寓生活补贴",
                "生活相关",
                0.5,
                "每人每月500元",
                _all({"op": "in", "field": "district", "value": ["gx"]}, at_least("employees", 10)),
            ),
        ],
    ),
]


# Policies structured from a 政策文件 item of the portal (found by title): content's events
# then bring its 解读 and 办事服务 links, so the policy page shows 查看原文 / 查看解读 / 去办理.
LINKED_POLICIES: list[
    tuple[str, dict[str, Any], list[tuple[str, str, float | None, str, dict[str, Any]]]]
] = [
    (
        "江城市人民政府关于促进中小企业高质量发展的若干措施",
        {
            "title": "江城市人民政府关于促进中小企业高质量发展的若干措施",
            "issuing_body": "江城市人民政府",
            "published_on": "2026-01-10",
            "valid_to": "2028-12-31",
        },
        [
            (
                "中小企业首次认定高新技术企业奖励",
                "资金奖励",
                20,
                "首次认定的中小企业奖励20万元",
                _all(has("高新技术企业"), size_in("中型", "小型", "微型")),
            ),
            (
                "新城区中小企业数字化转型补贴",
                "补贴补助",
                30,
                "按数字化改造投入的20%补贴，最高30万元",
                _all(
                    {"op": "in", "field": "district", "value": ["xc"]},
                    within("C"),
                    at_least("employees", 20),
                ),
            ),
        ],
    ),
]
