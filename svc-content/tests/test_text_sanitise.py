"""Rich text: the allow-list, plain text for search, summaries and link extraction."""

from __future__ import annotations

import pytest

from content.text import links_in, plain_text, sanitise_html, summary

TITLE = "六安市人民政府办公室关于印发《六安市政府网站集约化平台管理暂行办法》的通知"


def test_script_and_style_are_removed_with_their_content() -> None:
    out = sanitise_html("<p>正文</p><script>alert('x')</script><style>p{color:red}</style>")
    assert out == "<p>正文</p>"


def test_event_handlers_are_removed() -> None:
    out = sanitise_html('<img src="/a.png" onerror="alert(1)"><p onclick="x()">文</p>')
    assert "onerror" not in out and "onclick" not in out
    assert '<img src="/a.png">' in out


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x"],
)
def test_script_urls_are_removed(href: str) -> None:
    out = sanitise_html(f'<a href="{href}">点击</a>')
    assert "href" not in out and "点击" in out


def test_links_get_noopener_and_keep_title() -> None:
    out = sanitise_html('<a href="https://www.luan.gov.cn/" title="门户" target="_blank">门户</a>')
    assert 'href="https://www.luan.gov.cn/"' in out
    assert 'title="门户"' in out
    assert 'rel="noopener noreferrer"' in out


def test_iframes_and_unknown_tags_are_dropped() -> None:
    out = sanitise_html('<iframe src="https://evil.example/"></iframe><marquee>滚动</marquee>')
    assert out == "滚动"


def test_tables_keep_spans() -> None:
    html = (
        "<table><thead><tr><th>序号</th><th>事项</th></tr></thead><tbody>"
        '<tr><td rowspan="2">1</td><td colspan="2">企业开办</td></tr></tbody></table>'
    )
    out = sanitise_html(html)
    assert out.startswith("<table><thead><tr><th>序号</th>")
    assert '<td rowspan="2">1</td>' in out
    assert '<td colspan="2">企业开办</td>' in out


def test_layout_styles_kept_other_styles_dropped() -> None:
    out = sanitise_html('<p style="text-align:center; color:red; position:fixed">标题</p>')
    assert out == '<p style="text-align:center">标题</p>'


def test_chinese_text_and_punctuation_survive_unchanged() -> None:
    html = f"<h2>{TITLE}</h2><p>　　六政办秘〔2021〕148号：各县区人民政府，市政府各部门。</p>"
    assert sanitise_html(html) == html


def test_empty_input() -> None:
    assert sanitise_html("") == ""
    assert plain_text("") == ""
    assert links_in("") == []


def test_plain_text_of_nested_markup() -> None:
    html = (
        f"<h2>{TITLE}</h2>"
        "<p>　　各县区人民政府，<strong>市政府<em>各部门</em></strong>：</p>"
        "<ul><li>第一条&nbsp;总则</li><li>第二条 <u>适用范围</u></li></ul>"
        "<table><tr><td>甲</td><td>乙</td></tr></table>"
        "<p>A&amp;B&lt;C&gt; &#20013;文<br>第二行</p>"
        "<script>不应出现</script>"
    )
    assert plain_text(html) == "\n".join(
        [
            TITLE,
            "各县区人民政府，市政府各部门：",
            "第一条 总则",
            "第二条 适用范围",
            "甲 乙",
            "A&B<C> 中文",
            "第二行",
        ]
    )


def test_summary_short_text_unchanged_and_flattened() -> None:
    assert summary("  关于\n开展  检查的通知 ") == "关于 开展 检查的通知"


def test_summary_cuts_on_a_character_with_ellipsis() -> None:
    out = summary(TITLE, limit=20)
    assert len(out) == 20
    assert out == TITLE[:19] + "…"


def test_summary_does_not_end_in_punctuation_before_ellipsis() -> None:
    assert summary("各县区人民政府，市政府各部门", limit=8) == "各县区人民政府…"


def test_summary_rejects_non_positive_limit() -> None:
    with pytest.raises(ValueError):
        summary("文", limit=0)


def test_links_in_lists_hrefs_and_image_sources_once_in_order() -> None:
    html = (
        '<p><a href="/zwgk/123.html">原文</a><img src="/uploads/a.png" alt="图">'
        '<a href="https://www.gov.cn/">国务院</a><a href="/zwgk/123.html">再次</a>'
        '<a href="#top">顶部</a><a href="mailto:a@b.cn">信箱</a>'
        '<a href="javascript:void(0)">无</a></p>'
    )
    assert links_in(html) == ["/zwgk/123.html", "/uploads/a.png", "https://www.gov.cn/"]
