"""People in a report: "市委教育工委组织一处干部郭佳" → name 郭佳, unit 市委教育工委组织一处, title 干部.

    parse_person(descriptor) -> Person | None
    chair(text) -> Person | None                      who the text says 主持
    attendees(text) -> list[Person]                   the lists before 参加/出席, or after 出席会议的有

Offsets are into the text given. A person's name is the 2–3 (rarely 4) characters after the last
title or unit word, starting with a common surname. A party body's posts (党委书记, 党支部副书记 …) are
the title when the body is the institution's own ("示例大学党委书记": unit 示例大学); a body with its
own name is the unit ("物流管理专业教工党支部书记": unit 物流管理专业教工党支部, title 书记).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# typography: ascii (this module is mostly regular expressions)
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "逄逢钭璩寿郗傅阎鄂綦贝郦雒宓钮蹇訾眭竺荀宦"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯")
NOT_NAMES = {"党员", "全体", "同志", "代表", "支部", "学院", "学校", "老师", "领导", "成员", "委员", "干部", "书记", "主任",
             "部长", "院长", "校长", "教授", "负责", "相关", "师生", "学生", "教师", "职工", "群众", "参会", "与会", "大家",
             "各位", "全院", "全校", "部分", "骨干", "积极分子", "班子", "同学", "家属", "嘉宾", "专家", "人员", "余人",
             # groups and bodies whose first character is also a surname ("毕业生代表", "…有限公司")
             "毕业生", "研究生", "本科生", "留学生", "新生", "公司", "单位", "企业"}

# Titles, longest first within a family. 党委/党支部 + post handled separately (see PARTY_POST).
TITLE_WORDS = [
    "一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员", "一级调研员", "二级调研员", "三级调研员", "四级调研员",
    "主任科员", "副主任科员", "科员", "调研员", "巡视员", "二级巡视员", "一级巡视员",
    "常务副书记", "副书记", "书记", "常务副校长", "副校长", "校长", "常务副院长", "副院长", "院长",
    "常务副部长", "副部长", "部长", "副处长", "处长", "副科长", "科长", "副主任", "主任", "副局长", "局长",
    "副厅长", "厅长", "副所长", "所长", "副馆长", "馆长", "副主席", "主席", "副主委", "主委", "副会长", "会长",
    "秘书长", "副秘书长", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员", "常委",
    "组织员", "辅导员", "干事", "干部", "教授", "副教授", "讲师", "研究员", "副研究员", "博士", "老师", "教师",
    "负责人", "联络员", "代表", "总经理", "副总经理", "经理", "董事长", "理事长", "主管", "班主任", "系主任",
    "支委委员", "支委", "支部成员", "成员", "党建组织员", "支部书记", "党总支书记", "总支书记", "校领导", "院领导", "班子成员", "部务委员", "常务委员", "党组成员", "专职组织员", "专职副书记",
]
PARTY_BODIES = ("党委", "党总支部", "党总支", "党支部", "党工委", "党组", "总支", "支部", "纪委")
TITLE_PREFIXES = ("原", "前", "时任", "现任", "专职", "兼职", "副", "正处级", "副处级", "特邀")
_TITLES_ALT = "|".join(sorted({re.escape(t) for t in TITLE_WORDS}, key=len, reverse=True))
_BODIES_ALT = "|".join(PARTY_BODIES)
_ONE_TITLE = rf"(?:(?:{'|'.join(TITLE_PREFIXES)})?(?:(?:{_BODIES_ALT})?(?:{_TITLES_ALT})))"
# A run of titles at the end of a descriptor: "党委副书记、院长", "一级主任科员", "原党委书记"
_TITLE_RUN = re.compile(rf"{_ONE_TITLE}(?:(?:[、兼及和]|(?!{_BODIES_ALT})){_ONE_TITLE})*$")
# Where a unit may end: words that end a department's or institution's name.
UNIT_ENDINGS = ("大学", "学院", "学校", "研究院", "研究所", "中心", "委员会", "工委", "党委", "党总支", "党支部", "支部", "处",
                "部", "局", "厅", "办", "办公室", "系", "所", "馆", "院", "校", "室", "科", "组", "队", "公司", "集团", "街道",
                "社区", "村", "委", "会", "站", "团", "中学", "小学", "医院")
INSTITUTIONAL = ("大学", "学院", "学校", "中学", "小学", "医院", "院", "校", "部", "处", "委", "局", "厅", "所", "中心", "公司", "集团", "系", "室",
                 "办", "会", "馆", "街道", "社区", "村", "站")
HONORIFICS = ("同志", "老师", "教授", "先生", "女士", "博士", "同学")
_EDGE = r" ，,、：:"  # stripped from a descriptor's ends
_CJK = re.compile(r"[\u4e00-\u9fff·]+")


@dataclass
class Person:
    name: str
    unit: str | None = None
    title: str | None = None
    start: int = 0  # of the whole descriptor
    end: int = 0
    name_span: tuple[int, int] = (0, 0)
    unit_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "unit": self.unit, "title": self.title}


def _is_name(word: str) -> bool:
    if not 2 <= len(word) <= 4 or not _CJK.fullmatch(word) or word in NOT_NAMES:
        return False
    if any(word.endswith(t) for t in ("书记", "部长", "院长", "校长", "主任", "处长", "委员", "老师", "同志", "党员")):
        return False
    if word.startswith(COMPOUND_SURNAMES):
        return len(word) in (3, 4)
    if "·" in word:
        return True
    if word[-1] in "党部委院校处团支会组系室局厅所队办的了对在和与及":
        return False
    return word[0] in SURNAMES and len(word) <= 3


def _split_name(desc: str) -> tuple[int, int] | None:
    """(start, end) of the name inside the descriptor, which may end with an honorific or a post."""
    body = desc
    for h in HONORIFICS:
        if body.endswith(h) and len(body) > len(h) + 1:
            body = body[: -len(h)]
            break
    else:
        # "王强书记", "康连科副书记": a post after the name
        m = re.search(rf"(?:{_TITLES_ALT})$", body)
        if m and m.start() >= 2:
            head = body[: m.start()]
            for size in (3, 2, 4):
                cand, before = head[-size:], head[:-size]
                if len(head) >= size and _is_name(cand) and not re.search(rf"(?:{_TITLES_ALT}|{_BODIES_ALT})$", head) \
                        and (not before or before.endswith(UNIT_ENDINGS) or _TITLE_RUN.search(before)):
                    return len(head) - size, len(head)
    if _is_name(body) and (len(body) <= 3 or body.startswith(COMPOUND_SURNAMES)):
        return 0, len(body)
    # the name follows the last title or unit word
    best = None
    for size in (3, 2, 4):
        if len(body) <= size:
            continue
        cand = body[-size:]
        prefix = body[:-size]
        if not _is_name(cand):
            continue
        if _TITLE_RUN.search(prefix) or prefix.endswith(UNIT_ENDINGS) or prefix.endswith(("的", "人", "家")):
            return len(body) - size, len(body)
        if best is None:
            best = (len(body) - size, len(body))
    return best


def _split_unit_title(prefix: str) -> tuple[str | None, str | None, int]:
    """(unit, title, index where the title starts) of what stands before a name."""
    prefix = prefix.rstrip("、 ")
    if not prefix:
        return None, None, 0
    m = _TITLE_RUN.search(prefix)
    if not m:
        return prefix or None, None, len(prefix)
    start = m.start()
    joined = re.search(rf"{_ONE_TITLE}兼[^、，,兼]+$", prefix)  # "部务委员兼组织二局局长"
    if joined and joined.start() < start:
        start = joined.start()
    title = prefix[start:]
    # the title run may begin with a party body: 党委书记. It belongs to the unit when the body has a
    # name of its own ("物流管理专业教工党支部书记"), to the title when the body is the institution's ("示例大学党委书记").
    for body in sorted(PARTY_BODIES, key=len, reverse=True):
        lead = title
        for p in TITLE_PREFIXES:
            if lead.startswith(p):
                lead = lead[len(p):]
                break
        if lead.startswith(body):
            before = prefix[:start]
            institutional = before.endswith(INSTITUTIONAL) and not re.search(rf"(?:{_TITLES_ALT})$", before)
            if before and not institutional and not title.startswith(TITLE_PREFIXES):
                start += len(body)
                title = prefix[start:]
            break
    unit = prefix[:start].rstrip("、 ") or None
    return unit, title or None, start


def parse_person(desc: str, offset: int = 0) -> Person | None:
    """A descriptor "单位职务姓名（同志）" → Person, or None when it names nobody."""
    raw = desc
    lead = len(raw) - len(raw.lstrip(_EDGE))
    desc = raw.strip(_EDGE)
    desc = re.sub(r"(等|一行\S*|等人|等同志|同志们)$", "", desc)
    if desc.startswith("各") and not desc.startswith("各位"):
        desc, lead = desc[1:], lead + 1
    if not desc or len(desc) > 60:
        return None
    found = _split_name(desc)
    if found is None:
        return None
    ns, ne = found
    name = desc[ns:ne]
    base = offset + lead
    unit, title, tstart = _split_unit_title(desc[:ns])
    person = Person(name=name, unit=unit, title=title, start=base, end=base + len(desc), name_span=(base + ns, base + ne))
    if unit:
        person.unit_span = (base, base + len(unit))
    if title:
        person.title_span = (base + tstart, base + tstart + len(title))
    after = desc[ne:]
    if not title and after and after not in HONORIFICS and re.fullmatch(rf"(?:{_TITLES_ALT})", after):
        person.title, person.title_span = after, (base + ne, base + len(desc))
    return person


# --- chair ------------------------------------------------------------------------------------------

_SEP = r"[，,。；;：:\n]"
_CHAIR_PATTERNS = [
    re.compile(r"由([^，,。；;：:\n由]{2,40}?)(?:同志)?(?:代为|临时)?(?:主持|召集并主持|主持召开)"),
    re.compile(r"主持人[:：]\s*([^，,。；;\n]{2,40})"),
    re.compile(rf"(?:^|{_SEP}|并|会议|活动|大会|会上)([^，,。；;：:\n]{{2,40}}?)(?:同志)?(?:代为|临时)?(?:主持(?:会议|本次会议|此次会议|活动|大会|座谈|座谈会|交流会|研讨会|报告会|仪式|召开|了)|主持$|主持[，,。])"),
]


def chair(text: str) -> Person | None:
    """Who the text says chaired (主持) the meeting, or None."""
    for pattern in _CHAIR_PATTERNS:
        for m in pattern.finditer(text):
            desc = m.group(1)
            if re.search(r"(负责|轮流|分别|共同)", desc):
                continue
            desc = re.sub(r"^(会议|活动|大会|本次会议|此次会议|座谈会|会上|并)", "", desc)
            desc = re.split(r"在(?=[^，,。]{2,30}$)", desc)[0]  # "书记郑开厦同志在1#教学楼108教室主持召开"
            start = m.start(1) + (len(m.group(1)) - len(desc))
            person = parse_person(desc, start) or _honoured(desc, start)
            if person:
                return person
    return None


def _honoured(desc: str, start: int) -> Person | None:
    """"由多士平老师主持": a name before an honorific, its surname not in the list."""
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,3})(?:老师|同志|同学)", desc.strip())
    if not m or m.group(1) in NOT_NAMES or m.group(1)[-1] in "党部委院校处团支会组系室局厅所队办的了对在和与及生员长记任":
        return None
    at = start + desc.index(m.group(1))
    return Person(m.group(1), start=at, end=at + len(m.group()), name_span=(at, at + len(m.group(1))))


# --- attendees ----------------------------------------------------------------------------------------

_VERB = r"(?:参加|出席|参会|列席|列会|参与|与会|到会|(?<![的对])莅临)"
# "A、B及9名党员代表参加了此次会议" — the list is the clause before the verb
_BEFORE = re.compile(rf"(?:^|[。；;！!\n]|[,，](?=[^，,。]*?{_VERB}))([^。；;！!\n]{{2,400}}?)(?:等|等人|等同志)?(?:一同|共同|应邀|受邀|也)?{_VERB}(?:了|会议|本次|此次|活动|座谈|调研|大会|指导|并|交流|研讨|学习|讨论|[。，,；;]|$)")
# "出席会议的有：A、B" / "参加会议的是A、B"
_AFTER = re.compile(rf"{_VERB}(?:会议|本次会议|此次会议|活动|座谈会?|调研)?的(?:有|是|领导有|人员有|同志有|领导和嘉宾有)[:：]?([^。；;\n]{{2,400}})")
# "余新丽一行来校调研": the visitors
_VISIT = re.compile(r"(?:^|[。；;！!\n，,])([^。；;！!\n]{2,200}?)一行(?:[一二三四五六七八九十\d]+人)?(?:受邀|应邀)?(?:来|赴|到(?!访)|莅临|走进|前来)")
# "理学院党总支部书记雍海龙带领教师第一党支部部分党员，赴…社区": the leader of a visit
_LED = re.compile(r"(?:^|[。；;！!\n，,])([^。；;！!\n，,]{2,60}?)(?:带领|率领|带队|率队|率团)[^。；;！!\n]{0,40}?(?:赴|前往|来到|走进)")
_LED_UNDER = re.compile(r"在([^。；;！!\n，,]{2,60}?)(?:的)?(?:带领|率领)下")
_ETC = re.compile(r"等(?=[^，,、]{0,12}(?:负责人|同志|人员|代表|领导|党员|成员|部门|单位|师生|$))")
_SKIP = re.compile(r"(全体|各|相关|部分|代表|(?<!班子)(?<!支部)成员|负责人|骨干|积极分子|师生|党员|同学|班子|\d+名|[一二三四五六七八九十两几]+名|\d+人|余人|多人)$")


def _items(clause: str, offset: int):
    """(text, start, separator after) of each list item; the separators are 、，, and 以及/及/和/与, not inside
    quotes ("“不忘初心，牢记使命”主题教育巡视指导组成员何礼")."""
    pos = 0
    quoted = re.sub(r"“[^”]*”", lambda m: "“" + "□" * (len(m.group()) - 2) + "”", clause)
    pieces = re.split(r"([、，,]|以及|及|和|与)", quoted)
    for i, piece in enumerate(pieces):
        if piece and not re.fullmatch(r"[、，,]|以及|及|和|与", piece):
            yield clause[pos : pos + len(piece)], offset + pos, pieces[i + 1] if i + 1 < len(pieces) else ""
        pos += len(piece)


def _people(clause: str, offset: int, skip: set[str]) -> list[Person]:
    out: list[Person] = []
    pending = ""
    pending_at = 0
    glue, glue_at = "", 0  # a piece of a unit's name cut at 与/和 ("人文" + "与" + "社会科学系书记陈安志")
    for item, start, sep in _items(clause, offset):
        stripped = re.split(r"作为|代表[^、，,]*发言|以[^、，,]{0,8}身份", _ETC.split(item.strip())[0])[0]
        if not stripped:
            continue
        desc = stripped
        at = start + item.index(stripped)
        if glue and not pending:
            joined = parse_person(glue + stripped, glue_at)
            if joined is not None:
                stripped, at, desc = glue + stripped, glue_at, glue + stripped
        glue = ""
        if pending:
            desc = pending + "、" + stripped
            at = pending_at
        person = parse_person(desc, at) if not pending else _parse_joined(pending, pending_at, stripped, start + item.index(stripped))
        if person is None:
            # "湄洲湾职业技术学院党委副书记、院长许冬红": a title alone joins the next item
            if _TITLE_RUN.search(stripped) and not _SKIP.search(stripped) and len(stripped) <= 30 \
                    and not re.search(r"全体|部分|\d+名", stripped):
                pending, pending_at = stripped, at
            else:
                pending = ""
                if sep in ("与", "和") and not _SKIP.search(stripped) and len(stripped) <= 20:
                    glue, glue_at = stripped + sep, at
            continue
        pending = ""
        if person.name in skip or any(p.name == person.name for p in out):
            continue
        out.append(person)
    return out


def _parse_joined(first: str, first_at: int, second: str, second_at: int) -> Person | None:
    """"湄洲湾职业技术学院党委副书记" + "院长许冬红": the unit of the first, both titles joined."""
    person = parse_person(second, second_at)
    if person is None:
        return None
    unit, _, _ = _split_unit_title(first)
    rest_first = first[len(unit or ""):]
    rest_second = second.strip()[: person.name_span[0] - second_at]
    if unit:
        person.unit, person.unit_span = unit, (first_at, first_at + len(unit))
    person.title = "、".join(t for t in (rest_first, rest_second) if t) or None
    if person.title:
        person.title_span = (first_at + len(unit or ""), person.name_span[0])
    person.start = first_at
    return person


def attendees(text: str, *, exclude: set[str] = frozenset()) -> list[Person]:
    """Everyone the text lists as taking part, in order, without the names in `exclude` (the chair)."""
    found: list[Person] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_VISIT, _LED, _LED_UNDER, _BEFORE, _AFTER):
        for m in pattern.finditer(text):
            clause, at = m.group(1), m.start(1)
            if pattern is _BEFORE:
                # the list starts after the last clause that is not part of it ("会议由…主持，A、B参加")
                cut = max(clause.rfind("主持"), clause.rfind("召开"), clause.rfind("举行"), clause.rfind("开展"),
                          clause.rfind("邀请"), clause.rfind("一行"))
                if cut >= 0:
                    nxt = re.search(r"[，,]", clause[cut:])
                    if not nxt:
                        continue
                    at += cut + nxt.end()
                    clause = clause[cut + nxt.end():]
                clause = re.sub(r"^(会议|会上|活动|此外|同时|另外|其中)[，,]?", "", clause)
                at = m.end(1) - len(clause)
            if pattern is _VISIT:
                # the visitors are the comma-separated descriptors just before 一行, not the clauses before them
                segments = list(re.finditer(r"[^，,]+", clause))
                keep = len(segments)
                while keep > 0 and _people(segments[keep - 1].group(), 0, set()):
                    keep -= 1
                if keep == len(segments) or re.search(r"[向对]", clause[segments[keep].start():]):
                    continue
                at += segments[keep].start()
                clause = clause[segments[keep].start():]
            colon = max(clause.rfind(":"), clause.rfind("："))
            if colon >= 0:
                at += colon + 1
                clause = clause[colon + 1:]
            clause = re.sub(r"^\d{1,2}\s*月\s*\d{1,2}\s*[日号](?:上午|下午|晚上)?[，,]?", "", clause)
            at = m.end(1) - len(clause)
            if any(s <= at < e for s, e in spans):
                continue
            people = _people(clause, at, set(exclude) | {p.name for p in found})
            if people:
                spans.append((at, at + len(clause)))
                found.extend(people)
    found.sort(key=lambda p: p.start)
    return found
