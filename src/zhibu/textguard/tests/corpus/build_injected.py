"""Rebuild the synthetic part of the injected corpus from the clean passages.

    python src/zhibu/textguard/tests/corpus/build_injected.py

Writes injected/gen_*.txt|.html and injected/generated.json (what was planted where). Each clean
passage is defaced the ways real defacement does it: an organisation's name replaced by a spam
phrase, SEO text appended or slipped into a sentence, hidden links, cloaking scripts, invisible
iframes, zero-width characters, traditional and full-width spellings. The spam phrases here are
written the way the real injections are and are deliberately not copied from the scanner's
lexicon, so the recall figure says something about the general rules.
Deterministic: running it again gives the same files.
"""

import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "clean"
OUT = HERE / "injected"

# file prefix → (the name in the passage that defacement replaces, what the scanner should call it)
ORG_TARGETS = {
    "01": ("我院党委", "我院", "org"),
    "02": ("院党委", "院", "org"),
    "03": ("我院党委", "我院", "org"),
    "04": ("院党委书记", "院", "org"),
    "05": ("教工第四党支部", "教工第四", "org"),
    "06": ("上海交通大学密西根学院", "上海交通大学", "org"),
    "07": ("统战部、教务处联合党支部", "统战部、教务处联合", "org"),
    "08": ("基础教学部党支部", "基础教学部", "org"),
    "09": ("机关五支部", "机关五", "org"),
    "10": ("学院博士生党支部", "学院", "org"),
    "11": ("学院党委书记", "学院", "org"),
    "12": ("生命科学学院学生党支部", "生命科学学院", "org"),
    "13": ("我院党委", "我院", "org"),
    "14": ("我院老干部党总支", "我院", "org"),
    "15": ("刘庄矿业东区巷修党支部", "刘庄矿业", "org"),
    "16": ("扎兰屯输变电工区", "扎兰屯输变电工区", "spam"),
    "17": ("学校科研院党支部", "学校", "org"),
    "18": ("文学院党总支", "文学院", "org"),
    "19": ("合肥信息技术职业学院第二届委员会", "合肥信息技术职业学院", "org"),
    "20": ("公共管理学院行政管理专业", "公共管理学院", "org"),
    "22": ("学院党委", "学院", "org"),
    "23": ("理工系", "理工系", "org"),
    "24": ("计算机与软件学院", "计算机与软件学院", "spam"),
}
ORG_SPAM = [
    "澳博官方网站app", "永利官网", "必威体育", "金年会", "开云体育(中国)官方网站", "乐鱼体育app", "新葡京娱乐场",
    "威尼斯人官网", "太阳城娱乐", "bet365体育", "全球最大的赌钱网", "亚洲最大的在线赌场", "澳门葡京赌场官网",
    "华体会体育", "金沙js333", "2138vns威尼斯人", "hg0088皇冠", "九游会j9", "ag真人百家乐", "最正规的博彩平台",
    "十大正规赌博网站", "半岛体育app下载", "星空体育官网入口", "米乐m6官网", "凯发k8国际", "尊龙凯时",
    "利来国际老牌", "雷竞技raybet", "yabo亚博体育", "kaiyun开云",
]
SEO_TAILS = [
    "【永利官网】澳门永利娱乐平台app下载_注册送38元彩金",
    "开云体育(中国)官方网站-IOS/安卓通用版/手机APP下载",
    "澳门六合彩资料大全,2025新澳门今晚开奖结果",
    "百家乐真人娱乐,信誉最好的体育投注网站",
    "必威betway官网入口,首存送100%",
    "乐鱼体育官网,乐鱼app下载,注册即送体验金",
    "麻豆传媒,午夜福利,国产精品一区二区",
    "全网最大的成人视频网站,av在线观看",
]
INLINE = ["正规赌钱软件app", "网上赌场", "百家乐平台", "菠菜平台", "时时彩计划", "天天彩票app", "澳门新葡京", "真钱棋牌游戏app"]
SPAM_DOMAINS = [
    "www.2138vns.com", "www.hg0088.com", "js333.cc", "www.amjs888.com", "xpj8888.com", "yl23411.vip",
    "www.bet365.com", "kaiyun-sports.com", "888casino.net", "www.lehui-news.cn",
]
ANCHORS = ["永利官网", "澳门新葡京", "热门资讯", "网站地图", "金沙娱乐", "体育投注", "友情链接", "必威体育"]
# (name, template for the planted markup, categories that count as catching it)
HTML_TRICKS = [
    ("display_none", '<div style="display:none"><a href="http://{domain}/">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("offscreen", '<div style="position:absolute;left:-9999px;top:-9999px"><a href="http://{domain}/">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("font_size_0", '<span style="font-size:0px"><a href="https://{domain}">{anchor}</a></span>', ["hidden_content", "deceptive_link"]),
    ("css_class", '<style>.ft{{height:0;overflow:hidden}}</style><div class="ft"><a href="http://{domain}/">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("same_color", '<div style="color:#ffffff;background-color:#ffffff"><a href="http://{domain}/" style="color:#fff">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("marquee", '<marquee width="1" height="1" scrollamount="3000"><a href="http://{domain}/">{anchor}</a></marquee>', ["hidden_content", "deceptive_link"]),
    ("hidden_attribute", '<p hidden><a href="http://{domain}/">{anchor}</a></p>', ["hidden_content", "deceptive_link"]),
    ("text_indent", '<div style="text-indent:-5000px;overflow:hidden"><a href="http://{domain}/">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("opacity", '<div style="opacity:0"><a href="http://{domain}/">{anchor}</a></div>', ["hidden_content", "deceptive_link"]),
    ("deceptive_text", '<p>相关链接:<a href="http://{domain}/">www.gov.cn</a></p>', ["deceptive_link"]),
    ("document_write", "<script>document.write('<a href=\"http://{domain}\">{anchor}</a>');</script>", ["script"]),
    ("cloaking", '<script>var ua=navigator.userAgent.toLowerCase();if(ua.indexOf("baiduspider")>-1){{document.location.href="http://{domain}";}}</script>', ["script"]),
    ("iframe", '<iframe src="http://{domain}/" width="0" height="0" frameborder="0"></iframe>', ["iframe"]),
    ("zero_width", "<p>永\u200b利\u200b官\u200b网</p>", ["zero_width", "gambling"]),
    ("entity_zero_width", "<p>澳&#8203;门&#8203;新&#8203;葡&#8203;京</p>", ["zero_width", "gambling"]),
    ("traditional_fullwidth", "<p>澳門新葡京ＡＰＰ下載</p>", ["gambling"]),
]
SPAM = ["gambling", "porn", "seo_spam", "org_name_replaced"]


def passages():
    for path in sorted(CLEAN.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line for line in lines if line.startswith("#")]
        body = [line for line in lines if line and not line.startswith("#")]
        yield path, header, body


def main() -> None:
    for old in OUT.glob("gen_*"):
        old.unlink()
    manifest = {"_about": "build_injected.py 生成;needle 为植入的原文,expect 为算作检出的类别"}
    for index, (path, header, body) in enumerate(passages()):
        prefix = path.name[:2]
        stem = path.stem
        note = [f"{header[0]}(植入推广内容的测试样本,由 build_injected.py 生成)"] if header else []

        if prefix in ORG_TARGETS:
            target, name, expect = ORG_TARGETS[prefix]
            spam = ORG_SPAM[index % len(ORG_SPAM)]
            text = "\n".join(body)
            count = text.count(target)
            text = text.replace(target, target.replace(name, spam, 1))
            needle = target.replace(name, spam, 1)
            write(f"gen_{stem}_org.txt", note + [text])
            manifest[f"gen_{stem}_org.txt"] = [
                {"needle": spam, "within": needle, "count": count, "expect": ["org_name_replaced"] if expect == "org" else SPAM}
            ]

        tail = SEO_TAILS[index % len(SEO_TAILS)]
        inline = INLINE[index % len(INLINE)]
        lines = list(body)
        first = lines[-1]
        cut = first.find(",")
        lines[-1] = first[: cut + 1] + inline + first[cut + 1 :] if cut > 0 else inline + first
        lines.append(tail)
        name = f"gen_{stem}_seo.txt"
        write(name, note + lines)
        manifest[name] = [{"needle": inline, "count": 1, "expect": SPAM}, {"needle": tail, "count": 1, "expect": SPAM}]

        if index < len(HTML_TRICKS):
            trick, template, expect = HTML_TRICKS[index]
            planted = template.format(domain=SPAM_DOMAINS[index % len(SPAM_DOMAINS)], anchor=ANCHORS[index % len(ANCHORS)])
            paragraphs = [f"<p>{html.escape(line, quote=False)}</p>" for line in body]
            paragraphs.insert(1, planted)
            source = "\n".join(
                [
                    "<!DOCTYPE html>",
                    f"<!-- {header[0].lstrip('# ')};植入:{trick} -->" if header else f"<!-- 植入:{trick} -->",
                    '<html><head><meta charset="utf-8"><title>党建动态</title></head>',
                    '<body><div class="content">',
                    *paragraphs,
                    "</div></body></html>",
                ]
            )
            name = f"gen_{stem}_{trick}.html"
            (OUT / name).write_text(source + "\n", encoding="utf-8")
            manifest[name] = [{"needle": planted, "count": 1, "expect": expect}]

    # The same passage saved as GBK, as older Chinese sites and Word exports do.
    path, header, body = next(p for p in passages() if p[0].name.startswith("13"))
    text = "\n".join(["# " + header[0].lstrip("# ") + "(GBK 编码)", body[0], "金年会体育官网:" + body[1]])
    (OUT / "gen_gbk_encoded.txt").write_bytes(text.encode("gbk"))
    manifest["gen_gbk_encoded.txt"] = [{"needle": "金年会体育官网", "count": 1, "expect": SPAM}]

    (OUT / "generated.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write(name: str, lines: list[str]) -> None:
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
