"""Personal names found by their context, never by the tagger alone.

jieba's `nr` tag on its own is wrong too often on these messages (岳麓区, 胡华衡书记 — an
official addressed by office —, shop names), so a name needs a cue: a word that introduces
a person (我叫/姓名/联系人/举报人…; 本人/业主/市民… only when the tagger also says `nr`),
a personal title after it (先生/女士/老师/师傅…), a phone number or gender right after it,
or the message's closing signature. Already anonymised names (王某, 李00, 张**) are left."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from govkit.masking.contexts import NOT_GIVEN_END, OFFICE, context_name_spans, plausible_name
from govkit.masking.spans import PiiKind, Span
from govkit.masking.surnames import surname_of
from govkit.masking.tagging import Token, in_dictionary, tag

_CJK = r"[\u4e00-\u9fff]"
STRONG_CUE = re.compile(
    r"(?:我叫|名叫|叫做|我的名字是|姓名|联系人|举报人|投诉人|留言人|反映人|申请人|签名|署名"
    r"|落款|户主|户名|收款人|当事人|委托人|被举报人|法定代表人)[:：\s]{0,2}"
)
WEAK_CUE = re.compile(
    r"(?:本人|我是|业主|市民|村民|居民|患者|病人|家长|老人|职工|员工|网友|群众|孩子|儿子|女儿"
    r"|妻子|丈夫|老公|老婆|父亲|母亲|爸爸|妈妈|学生|教师|同事|邻居|租户|房东)[:：\s]{0,2}"
)
TITLE = re.compile(
    r"先生|女士|小姐|老师|师傅|同学|阿姨|叔叔|医生|护士|律师|经理|会计|老板|同志|大爷|大妈"
    r"|大姐|大哥|奶奶|爷爷"
)
AFTER = re.compile(
    r"[:：\s，,]{0,2}(?:联系电话|电话|手机|联系方式|\d{7,}|[（(，,\s][男女][，,）)\s])"
)
PHONE_WORD = re.compile(r"[:：\s]?(?:联系电话|电话|手机|联系方式)")
# Characters that end a given name early ("张三，", "李四的", "王五电话").
STOP = set(
    "的了是在和与及或等说把被给向对从到为以也都就还又很不没有这那你我他她们电手联男女今现住家岁"
)
ANONYMISED = set("某XxＸ*＊0０○×姓总")  # also 李姓经理, 王总: no given name there
PLACE_END = set("苑村区镇路街乡县市省庄湾桥厂校院")  # 富瑞苑: a place after 我是
SIGNATURE_TAIL = re.compile(r"[\s\d年月日号:：./\-—]*$")


def name_spans(text: str, known: Iterable[str] = ()) -> Iterator[Span]:
    """Every person's name in `text`; `known` are names the caller knows belong to the
    text's people (the ticket's caller): those are found wherever they stand."""
    yield from _known(text, known)
    for span in _found(text):
        end = span.end
        while end > span.start and not re.fullmatch(_CJK, text[end - 1]):
            end -= 1  # a rule's span never keeps the punctuation after a name
        if end - span.start >= 2 and plausible_name(text, span.start, end):
            yield Span(span.start, end, PiiKind.NAME)


def _found(text: str) -> Iterator[Span]:
    tokens = tag(text)
    yield from context_name_spans(text)
    yield from _new_full_names(text, tokens)
    starts = {t.start: t for t in tokens}
    for m in STRONG_CUE.finditer(text):
        end = _by_tag(starts, m.end(), known=True) or _by_rule(text, m.end(), starts)
        if end and end - m.end() == 2 and (extra := starts.get(end)) and len(extra.word) == 1:
            # "胡乐|陶，" "龙飞|利家住": the tagger split a three-character name.
            after = text[end + 1 : end + 2]
            if _given_char(extra.word) and (not after or not _given_char(after)):
                end += 1
        if end:
            yield Span(m.end(), end, PiiKind.NAME)
    for m in WEAK_CUE.finditer(text):
        end = _by_tag(starts, m.end())
        if end:
            yield Span(m.end(), end, PiiKind.NAME)
    ends = {t.end: t for t in tokens}
    for m in TITLE.finditer(text):
        token = ends.get(m.start())
        if token and _is_name_token(token):
            yield Span(token.start, token.end, PiiKind.NAME)
    for token in tokens:
        if _is_name_token(token) and AFTER.match(text, token.end) and _boundary(text, token.start):
            yield Span(token.start, token.end, PiiKind.NAME)
    yield from _before_phone(text, tokens)
    yield from _signature(text, tokens)


def _known(text: str, names: Iterable[str]) -> Iterator[Span]:
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        at = text.find(name)
        while at >= 0:
            yield Span(at, at + len(name), PiiKind.NAME)
            at = text.find(name, at + len(name))


def _new_full_names(text: str, tokens: list[Token]) -> Iterator[Span]:
    """Surname + two given characters the tagger found as a new name (not a dictionary
    word): far more often a person than the two-character ones (安监, 楚府). An official
    named with the office (胡华衡书记) keeps the name: acting in office is public."""
    for token in tokens:
        given = len(token.word) - len(surname_of(token.word) or token.word)
        if (
            given == 2
            and _is_new_name(token)
            and token.word[-1] not in NOT_GIVEN_END
            and not OFFICE.match(text, token.end)
            and _boundary(text, token.start)
        ):
            yield Span(token.start, token.end, PiiKind.NAME)


def _is_name_token(token: Token) -> bool:
    return token.is_name and 2 <= len(token.word) <= 4 and _looks_like_name(token.word)


def _is_new_name(token: Token) -> bool:
    """A name the tagger found by its HMM: dictionary words tagged `nr` are far more often
    mis-tags (谢谢, 钱财, 迟早会) or famous people than a citizen's name."""
    return _is_name_token(token) and not in_dictionary(token.word)


def _looks_like_name(word: str) -> bool:
    surname = surname_of(word)
    given = word[len(surname) :] if surname else ""
    return (
        bool(surname)
        and 1 <= len(given) <= 2
        and not set(given) & ANONYMISED
        and not TITLE.search(word)
        and word[-1] not in PLACE_END
        and word[-1] not in NOT_GIVEN_END
    )


def _by_tag(starts: dict[int, Token], at: int, known: bool = False) -> int | None:
    token = starts.get(at)
    if token is None or not (_is_name_token(token) if known else _is_new_name(token)):
        return None
    return token.end


def _by_rule(text: str, at: int, starts: dict[int, Token]) -> int | None:
    """Surname + one or two given characters, for strong cues the tagger did not resolve —
    unless the dictionary reads an ordinary word there (投诉人信息, 姓名单位)."""
    token = starts.get(at)
    if token is not None and len(token.word) > 1 and not token.is_name:
        return None
    surname = surname_of(text[at : at + 2])
    if not surname:
        return None
    given_at = at + len(surname)
    given = ""
    for char in text[given_at : given_at + 2]:
        if not re.fullmatch(_CJK, char) or char in STOP:
            break
        given += char
    if not given or set(given) & ANONYMISED:
        return None
    return given_at + len(given)


def _given_char(char: str) -> bool:
    return bool(re.fullmatch(_CJK, char)) and char not in STOP


def _boundary(text: str, at: int) -> bool:
    return at == 0 or not re.fullmatch(_CJK, text[at - 1]) or text[at - 1] in STOP


def _signature(text: str, tokens: list[Token]) -> Iterator[Span]:
    """A name standing alone at the end, optionally followed by a date."""
    tail_start = SIGNATURE_TAIL.search(text)
    end = tail_start.start() if tail_start else len(text)
    for token in reversed(tokens):
        if token.end <= end:
            closing = token.start > 0 and text[token.start - 1] in "。！!？?\n ，,…"
            if token.end == end and closing and _is_new_name(token):
                yield Span(token.start, token.end, PiiKind.NAME)
            return


def _before_phone(text: str, tokens: list[Token]) -> Iterator[Span]:
    """ "：郑申新联系电话" — a surname-led 2–3 characters after punctuation, before a phone
    word, that the dictionary does not know as one ordinary word (公司电话, 门卫电话)."""
    words = {(t.start, t.end): t for t in tokens}
    for m in PHONE_WORD.finditer(text):
        for size in (3, 2):
            start = m.start() - size
            candidate = text[max(start, 0) : m.start()]
            if start < 0 or not _looks_like_name(candidate) or set(candidate) & STOP:
                continue
            if start > 0 and re.fullmatch(_CJK, text[start - 1]):
                continue
            word = words.get((start, m.start()))
            if word is None or word.is_name:
                yield Span(start, m.start(), PiiKind.NAME)
                break
