"""scan_html: every hiding trick, deceptive and hidden links, scripts, iframes, redirects, offsets."""

from pathlib import Path

import pytest

from zhibu.textguard import Category, html_text, scan_html

CLEAN_PAGE = Path(__file__).parent / "corpus" / "clean" / "25_sanxiau_page.html"


def page(body: str, head: str = "") -> str:
    return f'<html><head><meta charset="utf-8">{head}</head><body><p>支部召开组织生活会。</p>{body}</body></html>'


def categories(findings) -> set[str]:
    return {f.category for f in findings}


@pytest.mark.parametrize(
    "markup, reason",
    [
        ('<div style="display:none">{}</div>', "display:none"),
        ('<div style="visibility:hidden">{}</div>', "visibility:hidden"),
        ('<span style="font-size:0">{}</span>', "font-size:0"),
        ('<span style="FONT-SIZE: 0px !important">{}</span>', "font-size:0px"),
        ('<div style="position:absolute;left:-9999px">{}</div>', "left:-9999px"),
        ('<div style="position:absolute; top:-1000px">{}</div>', "top:-1000px"),
        ('<div style="text-indent:-5000px">{}</div>', "text-indent"),
        ('<div style="height:0;overflow:hidden">{}</div>', "overflow:hidden"),
        ('<div style="width:1px;height:1px;overflow:hidden">{}</div>', "overflow:hidden"),
        ('<div style="color:#fff;background:#ffffff">{}</div>', "文字颜色与背景色相同"),
        ('<div style="background-color:rgb(0,0,0);color:black">{}</div>', "文字颜色与背景色相同"),
        ('<font color="#FFFFFF" style="background:white">{}</font>', "文字颜色与背景色相同"),
        ('<div style="opacity:0">{}</div>', "opacity"),
        ('<div style="position:absolute;clip:rect(0 0 0 0)">{}</div>', "clip"),
        ('<div style="transform:scale(0)">{}</div>', "transform"),
        ("<p hidden>{}</p>", "hidden 属性"),
        ('<marquee width="1" height="1">{}</marquee>', "width=1"),
    ],
)
def test_each_hiding_trick_is_found_with_its_hidden_link(markup, reason):
    planted = markup.format('<a href="http://www.2138vns.com/">热门资讯</a>')
    source = page(planted)
    findings = scan_html(source)
    hidden = [f for f in findings if f.category == Category.HIDDEN_CONTENT]
    assert len(hidden) == 1, findings
    assert reason in hidden[0].detail
    assert source[hidden[0].start : hidden[0].end] == planted
    assert hidden[0].severity == "high"  # an external link inside
    [link] = [f for f in findings if f.category == Category.DECEPTIVE_LINK]
    assert link.phrase == "热门资讯" and "www.2138vns.com" in link.message
    assert Category.GAMBLING in categories(findings)  # the href's host is a gambling site's


def test_hiding_through_a_class_in_the_pages_own_style_sheet():
    source = page(
        '<div class="ft"><a href="http://x.example.org/">永利官网</a></div>',
        head="<style>/* x */ .ft { display : none } @media (max-width:600px) { .m { display:none } }</style>",
    )
    [hidden] = [f for f in scan_html(source) if f.category == Category.HIDDEN_CONTENT]
    assert hidden.phrase == "永利官网" and hidden.detail == "display:none"


def test_media_query_hiding_and_white_text_on_an_unknown_background_are_not_alarms():
    source = page(
        '<div class="m">手机版菜单</div><div class="banner"><span style="color:#fff">学校首页</span></div>',
        head="<style>@media (max-width:600px) { .m { display:none } }</style>",
    )
    assert scan_html(source) == []


def test_hidden_text_without_links_or_spam_is_low():
    [finding] = scan_html(page('<span style="display:none">跳转到正文</span>'))
    assert finding.category == Category.HIDDEN_CONTENT and finding.severity == "low"


def test_spam_inside_hidden_text_is_high_and_reported_as_spam_too():
    findings = scan_html(page('<div style="display:none">澳门新葡京 百家乐 真人娱乐</div>'))
    hidden = [f for f in findings if f.category == Category.HIDDEN_CONTENT]
    assert hidden[0].severity == "high"
    assert [f.phrase for f in findings if f.category == Category.GAMBLING] == ["澳门新葡京", "百家乐", "真人娱乐"]


def test_offsets_point_into_the_source_and_the_phrase_is_the_visible_text():
    source = page("<p>与全球最大的<b>赌钱</b>网党委召开会议</p>")
    [finding] = scan_html(source)
    assert finding.category == Category.ORG_NAME_REPLACED
    assert finding.phrase == "全球最大的赌钱网"
    assert source[finding.start : finding.end] == "全球最大的<b>赌钱</b>网"


def test_zero_width_characters_as_characters_and_as_references():
    source = page("<p>澳&#8203;门&#x200B;新\u200b葡&zwj;京</p>")
    findings = scan_html(source)
    assert {f.category for f in findings} == {Category.GAMBLING, Category.ZERO_WIDTH}
    [zero_width] = [f for f in findings if f.category == Category.ZERO_WIDTH]
    assert source[zero_width.start : zero_width.end] == "&#8203;门&#x200B;新\u200b葡&zwj;"
    [gambling] = [f for f in findings if f.category == Category.GAMBLING]
    assert source[gambling.start : gambling.end] == "澳&#8203;门&#x200B;新\u200b葡&zwj;京"


def test_a_link_whose_text_shows_another_domain():
    source = page('<p>详见<a href="http://www.hg0088.example/">www.gov.cn</a></p>')
    [deceptive] = [f for f in scan_html(source) if f.category == Category.DECEPTIVE_LINK]
    assert deceptive.phrase == "www.gov.cn" and deceptive.severity == "high"
    assert "www.hg0088.example" in deceptive.message


def test_a_link_whose_text_matches_its_target_is_fine():
    assert scan_html(page('<p><a href="https://www.gov.cn/zhengce/">www.gov.cn</a></p>')) == []


def test_hidden_links_to_the_own_site_are_low_and_own_hosts_come_from_the_page():
    source = page(
        '<div style="display:none"><a href="https://news.example.edu.cn/a.htm">旧闻</a></div>',
        head='<link rel="canonical" href="https://news.example.edu.cn/now.htm">',
    )
    links = [f for f in scan_html(source) if f.category == Category.DECEPTIVE_LINK]
    assert [f.severity for f in links] == ["low"]
    links = [f for f in scan_html(source, own_hosts=["other.org"]) if f.category == Category.DECEPTIVE_LINK]
    assert [f.severity for f in links] == ["low"]


@pytest.mark.parametrize(
    "script, reason",
    [
        ("<script>document.write('<a href=\"http://js333.cc\">金沙</a>')</script>", "document.write"),
        ('<script>if(navigator.userAgent.indexOf("Baiduspider")>-1){location.href="http://x.cc"}</script>', "爬虫"),
        ('<script>if(document.referrer.indexOf("baidu")>0) window.location="http://x.cc";</script>', "搜索引擎"),
        ('<script>eval(atob("ZG9jdW1lbnQud3JpdGUoJ3gnKQ=="))</script>', "执行"),
        (r'<script>var s="\x64\x6f\x63\x75\x6d\x65\x6e\x74\x2e";</script>', "编码"),
    ],
)
def test_injected_scripts(script, reason):
    source = page(script)
    [finding] = [f for f in scan_html(source) if f.category == Category.SCRIPT]
    assert finding.severity == "high" and reason in finding.message
    assert source[finding.start : finding.end] == script


def test_scripts_by_origin_and_json_data_is_not_a_script():
    source = page(
        '<script src="https://cdn.example.net/x.js"></script><script src="/js/site.js"></script>'
        '<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
    )
    findings = [f for f in scan_html(source) if f.category == Category.SCRIPT]
    assert [(f.phrase, f.severity) for f in findings] == [
        ("<script src=https://cdn.example.net/x.js>", "medium"),
        ("<script src=/js/site.js>", "low"),
    ]


def test_event_handlers_and_javascript_links():
    source = page('<a href="javascript:location.href=\'http://x.cc\'">点此</a><img src="a.png" onerror="eval(x)">')
    findings = [f for f in scan_html(source) if f.category == Category.SCRIPT]
    assert [f.severity for f in findings] == ["high", "high"]


def test_iframes():
    source = page(
        '<iframe src="http://www.xpj8888.com/" width="0" height="0"></iframe>'
        '<iframe src="https://player.example.org/v/1" width="640" height="360"></iframe>'
    )
    frames = [f for f in scan_html(source) if f.category == Category.IFRAME]
    assert [f.severity for f in frames] == ["high", "medium"]
    assert "读者看不到" in frames[0].message


def test_meta_refresh_redirect():
    source = page("", head='<meta http-equiv="refresh" content="0; url=http://www.amjs888.com/">')
    [finding] = scan_html(source)
    assert finding.category == Category.REDIRECT and finding.severity == "high"


def test_spam_in_the_title_and_meta_keywords():
    source = page("", head='<title>永利官网</title><meta name="keywords" content="党建,澳门新葡京">')
    findings = scan_html(source)
    assert [f.phrase for f in findings] == ["永利官网", "澳门新葡京"]
    assert source[findings[1].start : findings[1].end] == "澳门新葡京"


def test_the_clean_page_has_no_findings():
    assert scan_html(CLEAN_PAGE.read_text(encoding="utf-8")) == []


def test_html_text_leaves_hidden_content_out():
    source = page('<div style="display:none">永利官网</div><p>党员大会&nbsp;召开</p><script>var a=1;</script>')
    assert html_text(source) == "支部召开组织生活会。\n党员大会 召开"
    assert "永利官网" in html_text(source, include_hidden=True)


@pytest.mark.parametrize(
    "source",
    ["<div", "<<<>>>", "<a href='x'>未闭合", "</p></div>文字", "<![CDATA[x]]><!--", "<script>if(a<b)", "&#xZZ;&#99999999;"],
)
def test_malformed_html_does_not_crash(source):
    scan_html(source)
    html_text(source)
