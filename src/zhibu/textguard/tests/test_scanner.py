"""scan_text: the seed's ten injections, the general rules, and no false alarms on ordinary prose."""

import json
from pathlib import Path

import pytest

from zhibu.textguard import Category, scan_text, without_spam
from zhibu.textguard.lexicon import load_lexicon

SEED = Path(__file__).parent / "corpus" / "seed-symposium-report.txt"  # /work/shared/seed, copied
INJECTED = "全球最大的赌钱网"
# The official names as the organisation app registers them (see the shared test cast).
CAST_NAMES = [
    "市委组织部", "市委教育工委", "中共示例大学委员会", "示例大学党委", "中共示例大学物流学院委员会", "物流学院党委",
    "物流管理专业教工党支部", "第一党小组", "物流管理专业学生党支部", "中共示例大学经济管理学院委员会", "经管学院党委",
    "工商管理教工党支部",
]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_it_finds_the_ten_injections_in_the_seed_as_replaced_org_names(seed):
    findings = scan_text(seed)
    assert len(findings) == 10
    assert {f.category for f in findings} == {Category.ORG_NAME_REPLACED}
    assert all(seed[f.start : f.end] == INJECTED == f.phrase for f in findings)
    assert [f.start for f in findings] == [i for i in _all_positions(seed, INJECTED)]
    assert all(f.severity == "high" and f.replaces is None for f in findings)
    assert "组织名称" in findings[0].message


def test_it_suggests_the_official_name_when_it_is_known(seed):
    findings = scan_text(seed, known_names=["示例大学"])
    assert [f.replaces for f in findings] == ["示例大学"] * 10
    assert "示例大学" in findings[0].message


def test_it_picks_the_university_among_all_registered_names(seed):
    """From the full register (committees, schools, branches) the university is the one replaced."""
    findings = scan_text(seed, known_names=CAST_NAMES)
    assert [f.replaces for f in findings] == ["示例大学"] * 10


def test_it_prefers_a_school_whose_name_completes_the_following_words():
    text = "全球最大的赌钱网物流学院党委召开会议。"
    [finding] = scan_text(text, known_names=CAST_NAMES)
    assert finding.category == Category.ORG_NAME_REPLACED
    assert finding.replaces == "示例大学"  # 示例大学 + 物流学院 is a registered school


def test_a_branch_suffix_suggests_a_registered_branch_stem():
    [finding] = scan_text("永利官网党支部开展主题党日。", known_names=["物流管理专业教工党支部"])
    assert finding.category == Category.ORG_NAME_REPLACED
    assert finding.replaces == "物流管理专业教工"


def test_findings_are_json_serialisable(seed):
    data = json.loads(json.dumps([f.to_dict() for f in scan_text(seed)], ensure_ascii=False))
    assert set(data[0]) == {"category", "phrase", "start", "end", "severity", "message", "replaces", "detail"}
    assert data[0]["category"] == "org_name_replaced"


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("欢迎访问全球最大的赌钱网。", "全球最大的赌钱网"),
        ("亚洲最大的在线赌场上线", "亚洲最大的在线赌场"),
        ("这是最正规的博彩平台", "最正规的博彩平台"),
        ("下载正规赌钱软件app即可", "正规赌钱软件app"),
        ("十大正规赌博网站排行", "十大正规赌博网站"),
    ],
)
def test_general_rules_catch_gambling_sites_not_in_the_lexicon(text, phrase):
    [finding] = scan_text(text)
    assert finding.phrase == phrase
    assert finding.category == Category.GAMBLING


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("澳博官方网站app下载", "澳博官方网站app下载"),
        ("点击进入永利官网", "永利官网"),
        ("必威体育赛事", "必威体育"),
        ("金年会", "金年会"),
        ("开云体育(中国)官方网站-IOS/安卓通用版/手机APP下载", "开云体育(中国)官方网站-ios/安卓通用版/手机app下载"),
        ("37000cm威尼斯党委", "37000cm威尼斯"),
        ("太阳成集团tyc122cc党委", "太阳成集团tyc122cc"),
        ("访问www.bet365.com注册", "www.bet365.com"),
        ("香港六和合资料", "香港六和合资料"),
    ],
)
def test_brands_and_their_patterns(text, phrase):
    findings = scan_text(text)
    assert [f.phrase.lower() for f in findings] == [phrase]
    assert findings[0].category in (Category.GAMBLING, Category.SEO_SPAM, Category.ORG_NAME_REPLACED)


def test_traditional_and_full_width_spellings_are_folded():
    [finding] = scan_text("請訪問澳門新葡京ＡＰＰ下載")
    assert finding.phrase == "澳門新葡京ＡＰＰ下載"
    assert finding.category == Category.GAMBLING


def test_zero_width_characters_splitting_a_phrase():
    text = "永\u200b利\u200b官\u200b网"
    findings = scan_text(text)
    assert [f.category for f in findings] == [Category.GAMBLING, Category.ZERO_WIDTH]
    gambling, zero_width = findings
    assert text[gambling.start : gambling.end] == text
    assert zero_width.phrase == "\u200b利\u200b官\u200b" and zero_width.severity == "high"
    assert "U+200B×3" in zero_width.message


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"])
def test_each_zero_width_character_is_reported(char):
    [finding] = scan_text(f"党支部{char}召开会议")
    assert finding.category == Category.ZERO_WIDTH
    assert finding.start == 3 and finding.end == 4


def test_a_byte_order_mark_and_emoji_joiners_are_not_findings():
    assert scan_text("\ufeff党支部召开会议 👨\u200d👩\u200d👧") == []


@pytest.mark.parametrize(
    "text",
    [
        "本次主题党日活动内容丰富、形式精彩,展现了丰富多彩的支部生活。",
        "博士生党支部组织党员参观博物馆和中国国际进口博览会。",
        "他为这件小事赌气,支部书记耐心谈心谈话。",
        "依托校园网和网络平台开展学习,营造清朗网络空间。",
        "经验做法已在校内、校外宣传平台推广,学校科研平台提供技术支持。",
        "详情请见学校官网通知公告栏目。",
        "社区党支部为老同志组织文化娱乐活动,开展棋牌比赛和彩排。",
        "王永利同志、张伟德同志参加会议。",
        "党员们沿金沙江调研,拨开云雾见天日,参观威尼斯双年展中国馆。",
        "校友在星空体育馆举行运动会,山东半岛体育产业发展论坛召开。",
        "中国福利彩票发行中心党支部开展主题党日活动。",
        "要坚决抵制黄赌毒,远离赌博,拒绝色情低俗内容。",
        "民警讲解了开设赌场罪和赌博罪的相关规定,提醒职工不参与网络赌博。",
        "2023年澳门回归纪念日,大发展,大发雷霆之怒不可取。",
        "中国共产党示例大学第三次党员代表大会胜利召开。",
        "第二十一次全国高校党的建设工作会议精神宣讲",
        "以更加出彩的优异成绩迎接党的二十大胜利召开。",
        "学院官网党建专栏发布了党支部活动报道,学校官网党委书记信箱同步开通。",
        "会议通过示例大学官网学院新闻栏目发布。",
    ],
)
def test_ordinary_party_building_prose_is_clean(text):
    assert scan_text(text) == []


def test_discussion_words_alone_are_not_findings_but_their_advertisements_are():
    assert scan_text("这不是一场赌博,而是经过科学论证的决策。") == []
    assert scan_text("民警提醒:要警惕网络赌博平台的陷阱。") == []
    [finding] = scan_text("欢迎来玩,下载赌钱软件,天天有奖。")
    assert finding.phrase == "赌钱软件" and finding.category == Category.GAMBLING


def test_without_spam_puts_the_official_name_back(seed):
    repaired = without_spam(seed, scan_text(seed, known_names=["示例大学"]))
    assert INJECTED not in repaired
    assert repaired.count("示例大学党委") == 7 and "示例大学物流管理专业教工党支部" in repaired
    text = "点击永\u200b利\u200b官\u200b网。支部召开会议。"
    assert without_spam(text, scan_text(text)) == "点击。支部召开会议。"
    assert scan_text(without_spam(seed, scan_text(seed))) == []


def test_nobare_terms_need_a_site_word():
    assert scan_text("菠菜和彩票") == []
    [finding] = scan_text("最好的菠菜平台")
    assert finding.phrase == "最好的菠菜平台"


def test_latin_brands_only_match_at_a_word_start():
    assert scan_text("alphabet365 statistics") == []
    assert [f.phrase for f in scan_text("bet365 体育")] == ["bet365"]


def test_domain_tokens():
    lexicon = load_lexicon()
    assert lexicon.domain_category("www.2138vns.com") == "gambling"
    assert lexicon.domain_category("hg0088.com") == "gambling"
    assert lexicon.domain_category("best-casino.net") == "gambling"
    assert lexicon.domain_category("club.bet") == "gambling"
    assert lexicon.domain_category("www.w3.org") is None
    assert lexicon.domain_category("www.yonglimachinery.com") is None
    assert lexicon.domain_category("leyuan.edu.cn") is None
    assert lexicon.domain_category("java.com") is None
    assert lexicon.domain_category("www.sjtu.edu.cn") is None


def test_it_stays_linear_on_adversarial_input():
    """Long runs that could make a regex backtrack: these must come back at once (no timing assert,
    bench/bench_scan.py measures speed; a pathological regex would hang here for minutes)."""
    for text in ("a" * 200_000, "a." * 100_000, "1" * 200_000, "bet365" + "a1" * 100_000):
        scan_text(text)


def _all_positions(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


@pytest.mark.parametrize(
    ("text", "phrase", "slot"),
    [
        # Four defaced real reports (the ingest corpus, 80, 114, 81 and 76)
        ("9月26日上午,星空·体育中国官方网全体党员在9S511会议室召开组织生活会", "星空·体育中国官方网", "全体党员"),
        ("2017年1月12日中午,澳门太阳网城官网分党委在木兰楼A1002召开教工支部书记会", "澳门太阳网城官网", "分党委"),
        ("为8803威尼斯检查中心学生第三党支部注入了新鲜的血液", "8803威尼斯", "检查中心学生第三党支部"),
    ],
)
def test_a_site_name_standing_where_an_organisation_belongs(text, phrase, slot):
    (finding,) = scan_text(text)
    assert (finding.category, finding.phrase, finding.detail) == ("org_name_replaced", phrase, slot)
    assert text[finding.start : finding.end] == phrase


def test_a_brand_takes_its_site_words_without_a_separator():
    (finding,) = scan_text("10月24日下午,太阳成集团tyc234cc主页于洪家楼校区召开全体党员大会")
    assert finding.phrase == "太阳成集团tyc234cc主页"
    # The ingest corpus, 158: a Latin spelling glued to the brand, with l for I
    (finding,) = scan_text("伟德国际BETVlCTOR本科生第一党支部召开组织生活会")
    assert (finding.category, finding.phrase) == ("org_name_replaced", "伟德国际BETVlCTOR")
