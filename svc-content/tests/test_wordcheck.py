"""内容监测 word checks: offsets, overlaps, allow-list, data files, cache, single pass."""

from __future__ import annotations

from typing import Any

import pytest

from content.monitoring import (
    FindingKind,
    MistypedWord,
    SensitiveWord,
    WordChecker,
    default_checker,
)
from content.monitoring.wordcheck import (
    CheckerCache,
    load_allowed_words,
    load_mistyped_words,
    load_sensitive_words,
)


def test_guowuyuan_typo_found_with_offsets_and_suggestion() -> None:
    text = "根据国务阮办公厅通知要求"
    [finding] = WordChecker(mistyped=[("国务阮", "国务院")]).check(text)
    assert finding.kind is FindingKind.mistyped
    assert (finding.word, finding.suggestion) == ("国务阮", "国务院")
    assert (finding.start, finding.end) == (2, 5)
    assert text[finding.start : finding.end] == "国务阮"
    assert finding.context == text


def test_offsets_are_character_offsets_after_non_ascii_and_emoji() -> None:
    text = "📢 通知：人民政付、国务阮"
    findings = default_checker().check(text)
    assert [(f.suggestion, f.start, f.end) for f in findings] == [
        ("人民政府", 5, 9),
        ("国务院", 10, 13),
    ]
    assert all(text[f.start : f.end] == f.word for f in findings)


def test_sensitive_word_carries_category_and_level() -> None:
    checker = WordChecker(sensitive=[SensitiveWord("网络赌博", "涉赌", 3)])
    [finding] = checker.check("严厉打击网络赌博违法犯罪")
    assert finding.kind is FindingKind.sensitive
    assert (finding.category, finding.level, finding.suggestion) == ("涉赌", 3, None)
    assert (finding.start, finding.end) == (4, 8)


def test_longest_match_wins_at_a_position() -> None:
    checker = WordChecker(
        mistyped=[
            ("社会主意", "社会主义"),
            ("习近平新时代中国特色社会主意思想", "习近平新时代中国特色社会主义思想"),
        ]
    )
    [finding] = checker.check("学习习近平新时代中国特色社会主意思想")
    assert finding.suggestion == "习近平新时代中国特色社会主义思想"
    assert (finding.start, finding.end) == (2, 18)


def test_overlapping_matches_leftmost_wins_and_later_ones_still_found() -> None:
    checker = WordChecker(
        mistyped=[("全国人大长委会", "全国人大常委会"), ("人大长委会", "人大常委会")]
    )
    findings = checker.check("全国人大长委会与市人大长委会")
    assert [(f.word, f.start) for f in findings] == [("全国人大长委会", 0), ("人大长委会", 9)]


def test_allowed_phrase_shields_the_wrong_form_inside_it() -> None:
    checker = WordChecker(mistyped=[("按排", "安排")], allowed=["按排名"])
    findings = checker.check("按排名先后顺序，按排好工作")
    assert [(f.word, f.start) for f in findings] == [("按排", 8)]


def test_word_in_both_lists_reports_both_kinds_once_each() -> None:
    checker = WordChecker(sensitive=[("代孕", "违法服务", 3)], mistyped=[("代孕", "（示例）")])
    kinds = {f.kind for f in checker.check("非法代孕")}
    assert kinds == {FindingKind.sensitive, FindingKind.mistyped}


def test_empty_input_and_empty_lists() -> None:
    assert default_checker().check("") == []
    assert WordChecker().check("国务阮") == []


def test_clean_text_has_no_findings() -> None:
    text = "六安市人民政府办公室关于印发《六安市政府网站集约化平台管理暂行办法》的通知"
    assert default_checker().check(text) == []


def test_context_is_cut_with_ellipses_and_kept_on_one_line() -> None:
    text = "一" * 30 + "\n国务阮\n" + "二" * 30
    [finding] = default_checker().check(text)
    assert finding.context == "…" + "一" * 11 + " 国务阮 " + "二" * 11 + "…"


def test_constructor_takes_plain_tuples_like_database_rows() -> None:
    rows = [("赌博网站", "涉赌", "3")]  # a level read from text still counts
    [finding] = WordChecker(sensitive=rows).check("举报赌博网站")
    assert finding.level == 3


@pytest.mark.parametrize(
    ("sensitive", "mistyped"),
    [
        ([("词", "类", 9)], []),
        ([("词", "类", "高")], []),
        ([("  ", "类", 1)], []),
        ([], [("国务院", "国务院")]),
    ],
)
def test_bad_entries_are_rejected_in_chinese(
    sensitive: list[tuple[str, str, Any]], mistyped: list[tuple[str, str]]
) -> None:
    with pytest.raises(ValueError, match=r"[\u4e00-\u9fff]"):
        WordChecker(sensitive=sensitive, mistyped=mistyped)


def test_default_lists_load_and_are_sensible() -> None:
    mistyped = load_mistyped_words()
    sensitive = load_sensitive_words()
    assert 30 <= len(mistyped) <= 60
    assert MistypedWord("国务阮", "国务院") in mistyped
    assert all(level in (1, 2, 3) for _, _, level in sensitive)
    assert len({w for w, _ in mistyped}) == len(mistyped)
    assert len({w for w, _, _ in sensitive}) == len(sensitive)
    # A correct form must not itself be flagged, or fixing a finding would make another.
    checker = default_checker()
    assert [f for _, right in mistyped for f in checker.check(right)] == []
    assert all(checker.check(w) == [] for w in load_allowed_words())


def test_cache_builds_once_per_version() -> None:
    cache = CheckerCache(maxsize=2)
    built: list[int] = []

    def build(n: int) -> WordChecker:
        built.append(n)
        return WordChecker(mistyped=[("国务阮", "国务院")])

    first = cache.get(("portal", 1), lambda: build(1))
    assert cache.get(("portal", 1), lambda: build(1)) is first
    second = cache.get(("portal", 2), lambda: build(2))
    assert second is not first
    cache.get(("portal", 3), lambda: build(3))
    cache.get(("portal", 1), lambda: build(1))  # evicted (maxsize 2), so built again
    assert built == [1, 2, 3, 1]
    assert cache.builds == 4


class _CountingAutomaton:
    """Wraps the real automaton to count passes over text."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.passes = 0

    def iter(self, text: str) -> Any:
        self.passes += 1
        return self.inner.iter(text)


def test_ten_thousand_items_with_a_large_list_take_one_pass_each() -> None:
    # 10,000 filler words: a loop of `in` would scan every text 10,000 times.
    filler = [(f"填充词{i:05d}", "测试", 1) for i in range(10_000)]
    checker = WordChecker(sensitive=filler, mistyped=load_mistyped_words())
    counting = _CountingAutomaton(checker._automaton)
    checker._automaton = counting
    texts = [
        f"第{i}条：根据国务阮要求做好工作" if i % 100 == 0 else f"第{i}条：按时报送材料"
        for i in range(10_000)
    ]
    findings = [f for text in texts for f in checker.check(text)]
    assert counting.passes == 10_000
    assert len(findings) == 100
    assert {f.suggestion for f in findings} == {"国务院"}
