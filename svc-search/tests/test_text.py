"""Segmentation, pinyin, snippets and masking: the rules under every engine."""

from __future__ import annotations

import unicodedata

from search.analytics.service import mask
from search.synonyms.service import expansion_map
from search.text.analysis import bigrams, index_words, normalize, query_words, segmenter
from search.text.pinyin import PinyinLexicon
from search.text.snippet import highlight, snippet


def test_domain_terms_stay_whole_words():
    assert "不动产登记" in query_words("如何办理不动产登记")
    assert "一网通办" in query_words("一网通办平台")
    assert "公积金" in query_words("公积金提取")


def test_question_words_are_not_search_terms():
    assert query_words("请问怎么提取公积金？") == ["提取", "公积金"]


def test_title_words_include_dictionary_sub_words():
    words = index_words("住房公积金贷款")
    assert "住房公积金" in words and "公积金" in words


def test_normalize_folds_full_width_and_drops_invisible_characters():
    assert normalize("ＧＪＪ\u200b　提取") == "gjj 提取"


def test_bigrams_cover_cjk_runs_and_keep_latin_words():
    assert bigrams("公积金 ABC") == ["公积", "积金", "abc"]
    assert bigrams("税") == ["税"]


def test_pinyin_and_initials_lookup():
    lexicon = PinyinLexicon(["公积金", "不动产登记"])
    assert lexicon.lookup("gongjijin") == ["公积金"]
    assert lexicon.lookup("gjj") == ["公积金"]
    assert lexicon.lookup("bdcdj") == ["不动产登记"]
    assert lexicon.lookup("zzz") == []


def test_snippets_escape_html_and_mark_terms():
    assert highlight("<b>公积金</b>", ["公积金"]) == "&lt;b&gt;<em>公积金</em>&lt;/b&gt;"
    text = "无关内容。" * 30 + "职工提取公积金的条件。" + "其他内容。" * 30
    piece = snippet(text, ["公积金", "提取"])
    assert "<em>提取</em><em>公积金</em>" in piece and piece.startswith("…")


def test_synonym_groups_expand_both_ways():
    expanded = expansion_map([["公积金", "住房公积金"], ["公积金", "gjj"]])
    assert expanded["公积金"] == ["公积金", "住房公积金", "gjj"]
    assert expanded["住房公积金"] == ["住房公积金", "公积金"]


def test_personal_numbers_are_masked_in_the_query_log():
    assert mask("13812345678 公积金") == "＊ 公积金"
    assert mask("身份证110101199003071234查询") == "身份证＊查询"
    assert mask("me@example.com 社保") == "＊ 社保"
    assert mask("2024年 社保") == "2024年 社保"


def test_names_are_masked_in_the_query_log_that_feeds_suggestions():
    assert mask("我叫王建国 公积金提取") == "我叫王某 公积金提取"
    assert mask("王建国先生 低保") == "王某先生 低保"


def test_normalize_is_nfkc_of_the_whole_text():
    # Compatibility ideographs (U+F900…), full-width forms, circled numbers and combining
    # marks next to CJK: normalising only between U+4E00–U+9FFF changes nothing.
    for text in (
        "豈更公积金",
        "①号窗口：ｇｊｊ提取",
        "e\u0301公积金\u0301",
        "ﬁ社保卡ＡＢＣ\u3000办理",
    ):
        assert normalize(text) == " ".join(unicodedata.normalize("NFKC", text).lower().split())


def test_a_word_added_to_the_segmenter_is_whole_in_titles_and_queries():
    segmenter().add_word("看病报销", 20000)
    assert "看病报销" in index_words("城乡居民看病报销指南")
    assert "看病报销" in query_words("看病报销怎么办")


def test_homophone_typos_of_lexicon_words_are_undone():
    lexicon = PinyinLexicon(["公积金", "社保卡", "不动产登记"])
    assert lexicon.fix_homophones("住房公基金提取") == "住房公积金提取"
    assert lexicon.fix_homophones("社宝卡补办") == "社保卡补办"
    assert lexicon.fix_homophones("不动产登计") == "不动产登记"
    assert lexicon.fix_homophones("公积金提取") == "公积金提取"


def test_pinyin_one_letter_off_still_finds_the_word():
    lexicon = PinyinLexicon(["公积金", "社保卡"])
    assert lexicon.fuzzy_lookup("gongjjin") == ["公积金"]  # a letter missing
    assert lexicon.fuzzy_lookup("gognjijin") == ["公积金"]  # two letters swapped
    assert lexicon.fuzzy_lookup("shebaoko") == ["社保卡"]  # a letter wrong
    assert lexicon.fuzzy_lookup("gjjj") == []  # too short to guess
    assert lexicon.fuzzy_lookup("gongjiiiin") == []  # two edits away
