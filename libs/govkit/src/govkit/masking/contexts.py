"""Names found by the words around them, read by rule rather than by the tagger's `nr`.

A citizen's name is surname + one or two given characters. The tagger cannot be trusted to
tag a made-up or common name as new (王建国 is in its dictionary), so here a candidate is
accepted when its context says "person": a cue before it (本人, 我是, 业主…), a greeting or a
closing around it (X您好, X同志您好, X敬上, 此致敬礼…X), a personal title after it (先生, 女士,
师傅…), 本人 after it ("与王建国本人沟通"), or a line of its own. Two checks keep ordinary
words: the candidate must start where a token of the tagger starts (那位|张老师 is not 位张),
and the tagger must not read an ordinary word there (本人应发工资, 我是安化县人)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govkit.masking.common_words import FUNCTION_WORD, is_common_word, is_function_word
from govkit.masking.spans import PiiKind, Span
from govkit.masking.surnames import surname_of

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that introduce a person (the person named right after them).
CUE_WORDS = (
    r"本人|我是|我叫|(?<=[，,])叫|尊敬的|亲爱的|名叫|叫做|我的名字是|我的名字叫|姓名|联系人|举报人|投诉人|留言人|反映人"
    r"|申请人|来电人|来信人|当事人|委托人|签名|署名|落款|业主|户主|户名|租户|房东|家属|患者|病人"
    r"|学生家长|家长|学生|市民|村民|居民|网友|职工|员工|老人|孩子|儿子|女儿|妻子|丈夫|老公|老婆"
    r"|父亲|母亲|爸爸|妈妈|爱人|同事|邻居|小孩|外孙|孙子|孙女|侄子|朋友|亲戚"
    # People a letter names besides its writer: the boss, the owner, the contractor.
    r"|老板|店主|店长|法人|法人代表|负责人|承包人|包工头|房主|车主|司机|保安|物业经理"
)
CUE = re.compile(rf"(?:{CUE_WORDS})[:：\s]{{0,2}}")
# What may precede a name before 您好/敬上/先生: a cue, an address or a preposition.
LEAD = re.compile(rf"(?:{CUE_WORDS}|尊敬的|亲爱的|致|与|和|同|是|叫|给|请|对|经)$")
# Titles that follow a person's name; "王先生" alone (no given name) needs nothing masked.
PERSONAL_TITLE = re.compile(
    r"先生|女士|小姐|师傅|老师|阿姨|同志|同学|叔叔|大爷|大妈|大姐|大哥|奶奶|爷爷|医生|护士|律师"
)
# Offices: "张局长" keeps its title and is not a given name (局长 is no given name).
OFFICE = re.compile(
    r"(?:局|处|科|所|院|校|站|队|部|厅|市|区|县|镇|乡|村|组|社|庭|馆|店|厂)长|书记|主任|主席|委员"
    r"|经理|总监|会计|秘书|干事|专员|组长|班长|老板|领导|总"
)
GREETING = re.compile(r"(?:同志|先生|女士|老师|师傅)?(?:您好|你好)")
CLOSING = re.compile(r"敬上|谨上|拜上|敬呈|谨呈|敬启|谨启|叩首|叩上|敬书")
REGARDS = re.compile(r"此致[\s，,、]*(?:敬礼|祝好)?[!！。.\s，,]*")
SELF = re.compile(r"本人|夫妇|一家|全家")
# "与X联系", "和X沟通": a person between a preposition and a verb of contact.
CONTACT = re.compile(r"联系|沟通|协商|交流|见面|通话|约谈|面谈")
PREPOSITION = set("与和同跟向对给经由被让叫是")
# What may follow a name: punctuation and space (checked apart), or one of these words.
FOLLOW = re.compile(
    r"电话|手机|联系|反映|反应|投诉|举报|来电|来信|先生|女士|同志|您好|你好|敬上|谨上|本人|身份证"
    r"|家住|现住|住在|居住|咨询|询问|请问|想问|来访|现年|今年|[男女](?![士子人])|因|于|在|是|的|和|与|等|称|说|表示|要求"
    r"|希望|请求|申请|多次|一直|已经|夫妇|一家|同学|老师|师傅|阿姨|户籍|系|为|向|到|从|也|都|就"
)
STOP = set(
    "的了是在和与及或等说把被给向对从到为以也都就还又很不没有这那你我他她们电手联男女今现住家岁"
    "某姓总您其该将"
)
ANONYMISED = set("某XxＸ*＊0０○×")
NOT_GIVEN_END = set(
    "苑村区镇路街乡县市省庄湾桥厂校院湖岭铺线山坡塘冲垸港洲坝井寺店馆场站所队局办委处科部会厅室组楼栋号"
    "寨庙巷口溪城郡洞岗坪峪岛滩圩观阁宫祠墓亭台渡潭源泉性式期员证后者人主"
    "司馆房群伯派持领取助河机家有已"
)
# Surnames that are far more often a function word glued to the next word (和配偶, 由村民,
# 应提交, 向劳动): with these a given part that is itself a word is no given name.
FUNCTION_SURNAMES = set("和由应向于原区时单曾管支任公安师车查申房元平全信司施宿万楚")
# A document number's issuer prefix (楚教通〔2019〕, 娄环审【2019】) is no name.
DOCUMENT_NUMBER = re.compile(r"\s?[\[〔【［(（]\s?(?:19|20)\d\d")


def context_name_spans(text: str) -> Iterator[Span]:
    for m in CUE.finditer(text):
        yield from _named_at(text, m.end())
    for m in REGARDS.finditer(text):
        yield from _named_at(text, m.end())
    for pattern in (GREETING, PERSONAL_TITLE):
        for m in pattern.finditer(text):
            yield from _named_before(text, m.start())
    # "X敬上" and "X本人" need no boundary before the name: nothing else reads so.
    for pattern in (CLOSING, SELF):
        for m in pattern.finditer(text):
            yield from _named_before(text, m.start(), led=False)
    for m in CONTACT.finditer(text):
        yield from _named_before(text, m.start(), after_preposition=True)
    yield from _lines_of_their_own(text)


def _named_at(text: str, at: int) -> Iterator[Span]:
    """A name starting at `at` (after a cue), followed by a follow word, punctuation or the
    end of the text, and not glued to what follows (老人钱财行为: 钱财 is a word, and 钱财行
    would cut 行为)."""
    for size in (4, 3, 2):
        end = at + size
        candidate = text[at:end]
        if len(candidate) < size or not _is_name(candidate) or not _follows(text, end):
            continue
        if is_common_word(candidate):
            continue
        follow = FOLLOW.match(text, end)
        if follow and len(follow.group()) == 1 and is_common_word(text[end - 1 : end + 1]):
            continue
        yield Span(at, end, PiiKind.NAME)
        return


def _named_before(
    text: str, at: int, *, after_preposition: bool = False, led: bool = True
) -> Iterator[Span]:
    """A name ending at `at` (before 您好, 敬上, 先生, 本人…), led by a boundary and not glued to
    the character before it (那位|张老师: 那位 is a word, so 位张 is no name)."""
    for size in (4, 3, 2):
        start = at - size
        if start < 0:
            continue
        candidate = text[start:at]
        prepositioned = start > 0 and text[start - 1] in PREPOSITION
        if after_preposition and not prepositioned:
            continue
        if not _is_name(candidate) or is_common_word(candidate) or _glued(text, start):
            continue
        if not led or _led(text, start):
            yield Span(start, at, PiiKind.NAME)
            return


def _lines_of_their_own(text: str) -> Iterator[Span]:
    """A line that holds only a name, perhaps followed by a date: a signature."""
    at = 0
    for line in text.split("\n"):
        bare = re.sub(r"[\s\d年月日号:：./\-—，,。]*$", "", line.strip())
        offset = at + line.find(bare) if bare else at
        if 2 <= len(bare) <= 4 and _is_name(bare):
            yield Span(offset, offset + len(bare), PiiKind.NAME)
        at += len(line) + 1


def _is_name(candidate: str) -> bool:
    surname = surname_of(candidate)
    if not surname:
        return False
    given = candidate[len(surname) :]
    return (
        1 <= len(given) <= 2
        and all(_CJK.fullmatch(c) and c not in STOP and c not in ANONYMISED for c in given)
        and given[-1] not in NOT_GIVEN_END
        and not OFFICE.search(given)
        and not PERSONAL_TITLE.search(candidate)
    )


def plausible_name(text: str, start: int, end: int) -> bool:
    """What every rule's candidate must pass: not a common word, not a function word glued
    to a word, not the issuer of a document number, not a place code's 区 (A2区景蓉花苑)."""
    word = text[start:end]
    surname = surname_of(word) or word[:1]
    given = word[len(surname) :]
    if is_common_word(word) or (len(word) == 3 and is_function_word(word[:2])):
        return False
    if surname in FUNCTION_SURNAMES and (
        is_common_word(given) or is_common_word(word, at_least=FUNCTION_WORD)
    ):
        return False
    if (
        surname in FUNCTION_SURNAMES
        and start > 0
        and text[start - 1].isascii()
        and text[start - 1].isalnum()
    ):
        return False
    return not DOCUMENT_NUMBER.match(text, end)


def _glued(text: str, start: int) -> bool:
    return start > 0 and is_common_word(text[start - 1 : start + 1])


def _follows(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    return not _CJK.fullmatch(text[end]) or bool(FOLLOW.match(text, end))


def _led(text: str, start: int) -> bool:
    """What precedes a name: the start, a non-Chinese character, a stop character, a cue."""
    if start == 0 or not _CJK.fullmatch(text[start - 1]) or text[start - 1] in STOP:
        return True
    return bool(LEAD.search(text, 0, start))
