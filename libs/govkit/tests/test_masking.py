"""PII masking: each kind, what must stay, and the real 12345 messages."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from govkit.masking import PiiKind, Span, find_pii, mask

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "12345"


def kinds(text: str) -> list[tuple[PiiKind, str]]:
    return [(s.kind, text[s.start : s.end]) for s in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我叫王小明，电话13812345678", "我叫王某，电话＊＊＊＊＊＊＊＊＊＊＊"),
        ("手机：138 1234 5678。", "手机：＊＊＊ ＊＊＊＊ ＊＊＊＊。"),
        ("手机138-1234-5678", "手机＊＊＊-＊＊＊＊-＊＊＊＊"),
        ("+8613812345678", "+＊＊＊＊＊＊＊＊＊＊＊＊＊"),
        ("电话：0738-4436258M5市", "电话：＊＊＊＊-＊＊＊＊＊＊＊M5市"),
        ("手机１３８１２３４５６７８", "手机＊＊＊＊＊＊＊＊＊＊＊"),
    ],
)
def test_mobile_numbers_are_masked_in_every_spelling(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    ["0731-84567890", "（0731）84567890", "0731 8456789", "010-12345678转123", "07318456789"],
)
def test_landlines_with_area_codes_are_masked(text: str) -> None:
    assert not re.search(r"\d{4}", mask("电话" + text))


def test_local_numbers_are_masked_only_after_a_phone_word() -> None:
    assert mask("联系电话：84567890") == "联系电话：＊＊＊＊＊＊＊＊"
    assert mask("拨打8456789咨询") == "拨打＊＊＊＊＊＊＊咨询"
    assert mask("累计投资84567890元") == "累计投资84567890元"
    assert mask("请拨打12345热线或400-800-1234") == "请拨打12345热线或400-800-1234"


@pytest.mark.parametrize(
    "number", ["43010219900101123X", "430102199001011234", "430102900101123", "43010219900101123x"]
)
def test_id_numbers_are_masked_with_their_check_character(number: str) -> None:
    assert kinds(f"身份证号{number}，") == [(PiiKind.ID_NUMBER, number)]
    assert mask(f"身份证号{number}，") == "身份证号" + "＊" * len(number) + "，"


def test_bank_cards_and_long_numbers_are_masked() -> None:
    assert kinds("卡号6222 0212 3456 7890 123") == [(PiiKind.BANK_CARD, "6222 0212 3456 7890 123")]
    assert kinds("合同号201904100012345") == [(PiiKind.NUMBER, "201904100012345")]


def test_emails_and_accounts_are_masked() -> None:
    assert mask("邮箱：zhang.san@163.com。") == "邮箱：＊＊＊＊＊.＊＊＊@＊＊＊.＊＊＊。"
    assert mask("QQ：123456789") == "QQ：＊＊＊＊＊＊＊＊＊"
    assert mask("加微信号 38765432") == "加微信号 ＊＊＊＊＊＊＊＊"


@pytest.mark.parametrize(
    ("plate", "masked"),
    [
        ("湘A12345", "湘＊＊＊＊＊＊"),
        ("湘AD12345", "湘＊＊＊＊＊＊＊"),
        ("鄂A·P185挂", "鄂＊·＊＊＊＊挂"),
    ],
)
def test_plates_keep_only_the_province(plate: str, masked: str) -> None:
    assert mask(f"车牌{plate}的车") == f"车牌{masked}的车"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("住在3栋2单元502室", "住在＊栋＊单元＊＊＊室"),
        ("人民路18号", "人民路＊＊号"),
        ("解放东路49号1楼102室", "解放东路＊＊号＊楼＊＊＊室"),
        ("5号楼1单元301", "＊号楼＊单元＊＊＊"),
        ("7栋502的业主", "＊栋＊＊＊的业主"),
        ("楼上1602室漏水", "楼上＊＊＊＊室漏水"),
        ("房号1-2-1402", "房号＊-＊-＊＊＊＊"),
        ("B座12层", "＊座＊＊层"),
    ],
)
def test_house_numbers_keep_road_and_unit_words(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2019年4月10日",
        "2019-04-10 09:32:09",
        "水4.23一吨，电0.64一度，共4.23元",
        "湘政发〔2019〕12号文件",
        "A政办发[2019]12号",
        "乘坐303路公交车到3号线2号出口",
        "小区有3栋楼，18层高",
        "5月12号上午",
        "交了20万保证金，200多块钱，64吨水",
        "1998年至2019年",
        "A2区桂花坪街道的景蓉华苑",
        "岳麓区人民政府和市住房和城乡建设局",
        "尊敬的胡华衡书记，龙先生您好",
        "市民王某反映，李00、张**已核实",
        "望核实！谢谢",
        "诈骗老人钱财行为",
        "本人应发工资",
        "投诉人信息",
        "姓名单位职务",
        "拨打12345市民热线",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert find_pii(text) == []
    assert mask(text) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我叫唐凤辉，女，现年", "我叫唐某，女，现年"),
        ("姓名：张三，性别男", "姓名：张某，性别男"),
        ("联系人：李四 电话", "联系人：李某 电话"),
        ("举报人：封贵云电话", "举报人：封某电话"),
        ("我和魏玉园老师联系", "我和魏某老师联系"),
        ("业主周芳兰反映", "业主周某反映"),
        ("陈晓红女士您好", "陈某女士您好"),
        ("谢谢！\n张俐桦\n2019年5月1日", "谢谢！\n张某\n2019年5月1日"),
        ("：郑申新联系电话", "：郑某联系电话"),
        ("我叫胡乐陶，97年", "我叫胡某，97年"),
    ],
)
def test_names_keep_the_surname(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_spans_are_ordered_and_disjoint() -> None:
    text = "我叫王小明，住人民路18号3栋2单元502室，电话13812345678，车牌湘A12345"
    spans = find_pii(text)
    assert [s.kind for s in spans] == [
        PiiKind.NAME,
        PiiKind.HOUSE_NUMBER,
        PiiKind.MOBILE,
        PiiKind.PLATE,
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert spans[0] == Span(2, 5, PiiKind.NAME)
    assert mask("") == "" and find_pii("") == []


LEFT_OVER = {
    "mobile": re.compile(r"(?<![0-9])1[3-9]\d(?:[ -]?\d){8}(?![0-9])"),
    "id": re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9A-Za-z])|(?<![0-9])\d{15}(?![0-9])"),
    "email": re.compile(r"[A-Za-z0-9._%+-]*[A-Za-z0-9]@[A-Za-z0-9-]+\.[A-Za-z]{2,}"),
    "landline": re.compile(r"(?<![0-9])0\d{2,3}[-—－ ]?[1-9]\d{6,7}(?![0-9])"),
}


def real_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.glob("messages_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [row[f] for f in ("title", "body", "reply") if row.get(f)]
    return sorted(set(texts))


@pytest.mark.skipif(not DATA.is_dir(), reason="no shared/data")
@pytest.mark.timeout(900)
def test_no_phone_id_or_email_survives_masking_in_the_real_messages() -> None:
    texts = real_texts()
    assert len(texts) > 20_000
    found: Counter[str] = Counter()
    masked: list[str] = []
    for text in texts:
        spans = find_pii(text)
        found.update(s.kind.value for s in spans)
        masked.append(mask(text))
    # What the masker took out of every real message, title and reply (run with -s to read).
    print(
        f"\nmasked in {len(texts)} real texts: "
        + ", ".join(f"{k} {n}" for k, n in found.most_common())
    )
    survivors = {
        kind: [m.group() for t in masked for m in pattern.finditer(t.translate(_FOLD))]
        for kind, pattern in LEFT_OVER.items()
    }
    assert survivors == {kind: [] for kind in LEFT_OVER}


_FOLD = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})
