"""Where, by whom and what kind: the place ("在学院112会议室召开"), the organising units (the subject of
the sentence that announces the event) and the meeting kind (a code of meetings' MeetingKind).
Offsets are into the text given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# typography: ascii (regular expressions)
PLACE_WORDS = ("会议室", "报告厅", "会议中心", "室", "厅", "楼", "馆", "中心", "基地", "广场", "会场", "礼堂", "教室", "校区",
               "园", "院", "村", "社区", "纪念地", "旧址", "故居", "会址", "公园", "剧场", "大厦", "宾馆", "酒店", "书院", "学堂",
               "展厅", "展馆", "实验室", "房", "工作站", "驿站", "小屋", "之家", "走廊", "大院", "营地", "陵园", "纪念碑", "站")
_VERBS = r"(?:召开|举行|举办|开展|进行|组织|参加|参观|集中|开会|顺利召开|隆重召开|成功举行|联合开展|组织开展|集体学习|学习)"
_PLACE_AT = re.compile(rf"(?:在|于)([^，,。；;、\n在于]{{2,30}}?)(?:内|里|线上|现场)?(?:联合|共同|一起|集中|主持)?{_VERBS}")
_PLACE_BARE = re.compile(r"(?:在|于)([^，,。；;、\n在于]{2,30}?)[，,。；;]")
_PLACE_ONLINE = re.compile(r"(?:通过|以|利用|借助|在|于)(腾讯会议|钉钉|视频会议|线上会议|网络会议|云会议)")
_PLACE_GO = re.compile(r"(?:前往|赴|走进|来到|参观了?)([^，,。；;、\n]{2,30}?)(?:[，,。；;、]|和|及|开展|进行|参观|学习|接受|举行|召开|重温|瞻仰|调研|考察)")
_PLACE_LABEL = re.compile(r"(?:^|\n)\s*(?:会议|活动)?地点\s*[:：]\s*([^\n，,。；;]{2,40})")
_DATE_LIKE = re.compile(r"\d{1,4}\s*(?:[年月日]|号(?![楼院馆教实宿办科综图行]))|上午|下午|晚上|近日|日前|\d+[:：]\d+")

UNIT_END = ("党委", "党支部", "支部", "党总支", "总支", "党工委", "党组", "学院", "大学", "学校", "部", "处", "委", "工委", "中心",
            "馆", "工会", "系", "办", "办公室", "局", "厅", "所", "室", "组", "会", "院", "校", "公司", "集团", "街道", "社区", "村",
            "团委", "团支部", "研究院", "研究所", "班", "队", "站")
_ANNOUNCE = re.compile(r"召开|举行|举办|开展|进行|组织(?![部处员生委工])|来我[院校]|调研")
_LEAD = re.compile(r"^(?:近日|日前|近期|本网讯|本报讯|讯|[(（][^)）]{0,20}[)）]|为[^，,]{0,60}[，,]|根据[^，,]{0,40}[，,]|按照[^，,]{0,40}[，,]|在[^，,]{0,30}之际[，,])+")

KINDS = [
    ("org_life_meeting", r"组织生活会"),
    ("appraisal", r"民主评议"),
    ("theme_day", r"主题党日|党日活动|支部党日|党员活动日|党日"),
    ("party_lecture", r"党课"),
    ("general_meeting", r"党员大会|全体党员大会|支部大会|转正大会|接收(?:及转正)?大会|发展(?:党员)?大会"),
    ("committee_meeting", r"支委会|支部委员会(?:会议|全体会议)|支委(?:扩大)?会议|(?:总支|支部)委员(?:扩大)?会议"),
    ("group_meeting", r"党小组会|党小组学习"),
    ("talk", r"谈心谈话"),
    ("symposium", r"座谈会|调研|座谈|(?<!学习)研讨会|交流会"),
    ("cobuild_activity", r"共建|联建|签约仪式|签署仪式|签订仪式|签字仪式|合作协议"),
    ("teacher_study", r"理论学习|政治学习|学习会|集中学习|学习研讨会|专题学习"),
]


@dataclass
class Place:
    value: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class Units:
    values: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _placeish(value: str) -> bool:
    value = value.strip()
    if not 2 <= len(value) <= 30 or _DATE_LIKE.search(value):
        return False
    if re.search(r"(会议室|报告厅|礼堂|教室)", value):
        return True
    worded = value.endswith(PLACE_WORDS)
    numbered = bool(re.search(r"[A-Za-z]?\d{2,}", value))
    if re.search(r"党委|党支部|支部|领导|党组织", value):
        return False
    return worded or numbered


_DESTINATION_END = ("项目部", "公司", "集团", "企业", "工厂", "厂", "学校", "学院", "大学", "医院", "街道", "中学", "小学",
                    "幼儿园", "研究院", "研究所", "管理局", "分局", "镇", "乡", "高校")


def _destination(value: str) -> bool:
    """A visit's destination may be an organisation ("来到中铁…沿山大道项目部")."""
    value = value.strip()
    return 4 <= len(value) <= 30 and value.endswith(_DESTINATION_END) and not _DATE_LIKE.search(value) \
        and not re.search(r"党委|党支部|支部|领导|党组织|我[院校]", value)


def place(text: str) -> Place:
    head = text[:1500]
    m = _PLACE_LABEL.search(head)
    if m:
        return Place(m.group(1).strip(), (m.start(1), m.start(1) + len(m.group(1).strip())))
    for pattern in (_PLACE_AT, _PLACE_GO, _PLACE_BARE):
        for m in pattern.finditer(head):
            if pattern is _PLACE_GO and re.search(r"线上|云端|网上|数字展馆|VR", head[max(0, m.start() - 30): m.end()]):
                continue
            value = m.group(1)
            value = re.sub(r"^(?:学校|我校|我院)?(?=\S)", "", value) if value.startswith(("我校", "我院")) else value
            start = m.end(1) - len(value)
            value = re.sub(r"(内|里|线上|现场|举行|召开|顺利)$", "", value)
            fits = _placeish(value) or pattern in (_PLACE_GO, _PLACE_AT) and _destination(value)
            if fits and not re.search(r"领导|指导|带领|部署|框架|背景|基础上|过程中|期间|方面", value):
                return Place(value, (start, start + len(value)))
    m = _PLACE_ONLINE.search(head)
    if m:
        return Place(m.group(1), m.span(1))
    return Place()


def _announcement(text: str, date_span=None) -> tuple[int, int] | None:
    """The span of the sentence that announces the event: the one with the date, else the first with a meeting verb."""
    sentences = [m for m in re.finditer(r"[^。！!\n]+", text[:3000]) if not m.group().lstrip().startswith("#")]
    if date_span:
        for m in sentences:
            if m.start() <= date_span[0] < m.end() and _ANNOUNCE.search(text, date_span[1], m.end()):
                return m.start(), m.end()
    for m in sentences:
        if _ANNOUNCE.search(m.group()):
            return m.start(), m.end()
    return None


_ORG_VERB = r"组织(?![部处员生委工])"
_MAIN_VERB = re.compile(rf"(?:在|于)[^，,。]{{0,30}}?(?:召开|举行|举办|开展|进行|{_ORG_VERB})|(?:联合|共同|携手)?(?:{_ORG_VERB})?(?:召开|举行|举办|开展|进行|{_ORG_VERB})|(?:来|到)我[院校]|赴|前往")
_STOP = re.compile(r"(?:在|于|以|通过|围绕|结合|赴|前往|来到|为|按照|根据)")
_DATE_TIME = re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*[日号](?:\s*[-—至]\s*\d{1,2}\s*[日号])?|\d{1,2}[日号]|上午|下午|晚上|中午|早上|\d{1,2}[:：]\d{2}|\d{1,2}[时点](?:\d{1,2}分|半)?|近日|日前|近期")
_JOIN = re.compile(r"(、|与|和|同|联合|携手|以及|及)")


_HOSTED = re.compile(rf"由([^，,。由]{{2,40}}?)(?:主办|承办|{_ORG_VERB})")  # not "由党总支组织委员…主持"
_BODY = r"党委|党支部|党总支|支部|总支|党工委|党组"
_UNIT_END_ALT = "|".join(sorted(UNIT_END, key=len, reverse=True))
# "沙市区崇文街道基层党建合作项目协议签约仪式" → 沙市区崇文街道
_BEFORE_PACT = re.compile(rf"^(.{{2,30}}?(?:{_UNIT_END_ALT}))(?=(?:基层)?党建|联建|共建|合作|签约|签署|结对)")
_PARTNER = re.compile(r"^(?:党建共建单位|共建单位|兄弟单位|结对单位|结对共建单位)")


def _units_in(clause: str, offset: int) -> Units:
    units = Units()
    whole = clause.strip()
    offices = whole.split("、")
    offices_end = ("处", "部", "办", "室", "中心", "馆")
    joint = len(offices) > 1 and re.fullmatch(r".{1,8}?(?:处|部|办|室|中心|馆)(?:党支部|党总支)", offices[-1]) and all(
        len(o) <= 8 and o.endswith(offices_end) and not re.search(_BODY, o) for o in offices[:-1])
    if (re.search(r"联合(?:党支部|支部|党总支)$", whole) or joint) and len(whole) <= 40:
        at = offset + clause.index(whole)
        return Units([whole], [(at, at + len(whole))])
    pending, pending_at = "", 0  # a piece that is no unit yet joins the next ("教工第一、二党支部", "化学与分子工程学院")
    pos = 0
    pieces = _JOIN.split(clause)
    for piece in pieces:
        if _JOIN.fullmatch(piece) or not piece.strip():
            if pending:
                pending += piece
            pos += len(piece)
            continue
        value = piece.strip()
        at = offset + pos + piece.index(value)
        if pending:
            value, at = pending + value, pending_at
        value = value.split("暨")[0]  # "…党支部组织生活会暨支部委员双述双评会于…举行": the event as the subject
        named_event = _has_kind(value) or re.search(r"(大会|会议|例会|座谈会|报告会|推进会)$", value)
        if (not value.endswith(UNIT_END) or named_event) and re.search(r"会|活动|仪式", value):
            body = re.match(r"^.{2,30}?(?:党支部|党总支|党委|支部|党工委|党组)", value) or _BEFORE_PACT.match(value)
            if body:
                value = body.group(1) if body.re is _BEFORE_PACT else body.group()  # "教务处党支部成立大会" → 教务处党支部
        lead = _PARTNER.match(value)
        if lead:
            value, at = value[lead.end():], at + lead.end()
        meeting = re.search(r"(大会|会议|例会|座谈会|报告会|推进会|活动|仪式|典礼)$", value)
        if value.endswith(UNIT_END) and not meeting and len(value) <= 40 and not re.search(r"\d+名|全体|常委$|委员$|干部$", value):
            units.values.append(value)
            units.spans.append((at, at + len(value)))
            pending = ""
        elif len(value) <= 20 and not meeting:
            pending, pending_at = value, at
        else:
            pending = ""
        pos += len(piece)
    return units


def organizers(text: str, *, date_span=None, place_span=None) -> Units:
    """The organising units: the subject of the announcing sentence, split on 、 与 和 联合 携手."""
    found = _announcement(text, date_span)
    if not found:
        return Units()
    s, e = found
    hosted = _HOSTED.search(text, s, e)
    if hosted:
        return _units_in(hosted.group(1), hosted.start(1))
    search_from = date_span[1] if date_span and s <= date_span[0] < e else s
    for verb in _MAIN_VERB.finditer(text, search_from, e):
        units = _subject_units(text, s, verb.start())
        if units.values:
            return _away_partner(text, verb.start(), e, units)
    return Units()


# "X党支部赴青山镇机关党支部联合开展…", "X赴雄安与Y党支部联合开展…": the branch visited is a co-organiser
_JOINT_AWAY = re.compile(r"(?:赴|前往|来到)([^，,。；;]{2,40}?)(?:联合|共同|一起)(?:开展|举行|举办|召开|组织)")


def _away_partner(text: str, at: int, end: int, units: Units) -> Units:
    m = _JOINT_AWAY.match(text, at, end)
    if not m:
        return units
    segment, offset = m.group(1), m.start(1)
    cut = max(segment.rfind("与"), segment.rfind("和"), segment.rfind("同"))
    if cut >= 0:
        segment, offset = segment[cut + 1:], offset + cut + 1
    if not re.fullmatch(rf".{{2,30}}(?:{_BODY})", segment) or segment in units.values:
        return units
    return Units(units.values + [segment], units.spans + [(offset, offset + len(segment))])


def _subject_units(text: str, s: int, verb_start: int) -> Units:
    clauses = list(re.finditer(r"[^，,]+", text[s : verb_start]))
    partners = Units()  # "X党员来到…，与Y举行": Y is a partner, X the subject
    for m in reversed(clauses):
        clause, at = m.group(), s + m.start()
        clause = re.sub(r"在[^，,]*?(?:带领|率领)下", lambda d: "\0" * len(d.group()), clause)  # "在书记X带领下"
        if re.search(r"带领|率领|带队|率队|率团", clause):
            break  # people as the subject ("书记X带领…赴…"): no unit
        if re.match(r"\s*(?:赴|前往|来到|走进|到|参观)", clause):
            continue  # a destination, not the subject
        # blank out dates and times, then cut at the first word that ends the subject
        masked = _DATE_TIME.sub(lambda d: "\0" * len(d.group()), clause)
        lead = _LEAD.match(masked)
        begin = lead.end() if lead else 0
        stop = _STOP.search(masked, begin + 1)
        end = stop.start() if stop else len(masked)
        cut = masked.find("\0", begin)
        if cut >= 0 and cut < end:
            if cut == begin:
                begin = cut + len(masked[cut:]) - len(masked[cut:].lstrip("\0 "))
                again = masked.find("\0", begin)
                end = min(end, again) if again >= 0 else end
            else:
                end = cut
        subject = masked[begin:end]
        subject = re.sub(r"(共同|联合|一行\S*|等|[(（].*)$", "", subject)
        subject = re.sub(r"(?:全体)?(?:师生|学生|教工|研究生|青年)?(?:党员|成员|师生)(?:干部|代表)?$|全体$", "", subject)
        units = _units_in(subject, at + begin)
        if units.values and re.match(r"\s*(?:与|同|和)", clause) and not partners.values:
            partners = units
            continue
        if units.values:
            return Units(units.values + partners.values, units.spans + partners.spans)
    return partners


_QUOTED = re.compile(r"“[^”\n]{1,80}”|「[^」\n]{1,80}」")


def _mask_theme(m: re.Match) -> str:
    inner = m.group()[1:-1]
    if any(re.fullmatch(pattern, inner) for _, pattern in KINDS):
        return m.group()  # the kind itself in quotes: “党员活动日”
    return "□" * len(m.group())


def _has_kind(text: str) -> bool:
    return any(re.search(pattern, text) for _, pattern in KINDS)


@dataclass
class Kind:
    code: str = "other"
    span: tuple[int, int] | None = None


def kind(text: str, date_span=None) -> Kind:
    """The kind named by the announcing sentence: the first of several joined by 暨/和 (组织生活会暨民主评议),
    the last meeting word within one (共建主题党日活动 → theme_day); else the opening's first."""
    found = _announcement(text, date_span)
    # a theme in quotes names no kind ("开展了“调研校史校情教育基地”主题党日活动")
    text = _QUOTED.sub(_mask_theme, text)
    scopes = []
    if not found:
        scopes.append((0, min(len(text), 300)))
    if found:
        s, e = found
        verb = _MAIN_VERB.search(text, date_span[1] if date_span and s <= date_span[0] < e else s, e)
        start = verb.start() if verb else s
        clause_end = re.compile(r"[，,。；;！!\n]").search(text, verb.end() if verb else s)
        stop = clause_end.start() if clause_end and clause_end.start() < e else e
        obj_end = re.compile(r"部署|并|传达|观看|研究|审议|围绕|以").search(text, (verb.end() if verb else s), stop)
        if obj_end:
            stop = obj_end.start()
        parts = list(re.finditer(r"[^暨和及、]+", text[start:stop]))
        begin = date_span[1] if date_span and s <= date_span[0] < e else s
        clause = re.search(r"[^，,]*$", text[begin:start]).group() if text[start:start + 1] in "在于" else ""
        head = clause.split("暨")[0]
        if parts and head and not _has_kind(parts[0].group()) and _has_kind(head):
            # "…党支部组织生活会暨支部委员双述双评会于学院307会议室举行": the event is the subject
            scopes.append((start - len(clause), start - len(clause) + len(head)))
        elif parts:
            first = parts[0]
            scopes.append((start + first.start(), start + first.end()))
            if not _has_kind(first.group()) and re.search(r"(会|会议|活动|例会|大会)$", first.group()):
                if "共建" in text[s:e]:
                    return Kind("cobuild_activity", (s + text[s:e].index("共建"), s + text[s:e].index("共建") + 2))
                return Kind()
        scopes.append((start, stop))
        scopes.append(found)
    # headlines: short lines without sentence punctuation before the announcing sentence
    position = 0
    for line in text[: found[0] if found else 300].split("\n"):
        if line.strip() and len(line) <= 60 and not re.search(r"[，,。]", line):
            scopes.append((position, position + len(line)))
        position += len(line) + 1
    for s, e in scopes:
        best = None
        for code, pattern in KINDS:
            for m in re.finditer(pattern, text[s:e]):
                if code == "symposium" and m.group() == "调研" and re.search(r"调研(员|课题|报告)", text[s + m.start(): s + m.end() + 2]):
                    continue
                key = (m.end(), -KINDS.index((code, pattern)))
                if best is None or key > best[0]:
                    best = (key, code, (s + m.start(), s + m.end()))
        if best:
            return Kind(best[1], best[2])
    return Kind()


def title(text: str, date_span=None) -> str:
    """A title for the record: what the announcing sentence says was held ("“党支部工作法”调研座谈会")."""
    found = _announcement(text, date_span)
    if not found:
        return ""
    s, e = found
    begin = date_span[1] if date_span and s <= date_span[0] < e else s
    verb = re.compile(r"(?:召开|举行|举办|开展)了?").search(text, begin, e)
    if not verb:
        return ""
    rest = text[verb.end() : e]
    rest = re.split(r"[，,；;。]", rest)[0].strip()
    return rest[:200]
