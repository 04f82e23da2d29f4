"""The agenda: items the report numbers ("会议第一项，由……作《……》工作汇报"; "会议议程：一是……；二是……").
Loose narration ("首先……随后……") is not an agenda. Offsets are into the text given."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .people import parse_person

# typography: ascii (regular expressions)
_NUM = "一二三四五六七八九十"
_ITEM = re.compile(rf"(?:会议|大会|活动|座谈会)?(?:的)?第([{_NUM}\d]+)项(?:议程|议题|内容)?(?:是|为)?[，,：:、]?\s*([^。；;\n]+)")
_LISTED = re.compile(rf"(?:议程|议题)(?:有|包括|为)?[:：]\s*((?:[^。\n]*?[{_NUM}]是[^。\n]+)+)")
# "活动分为两个阶段，一是……；二是……": the parts the report numbers
_PHASES = re.compile(rf"分(?:为|成)[两二三四五六七八九十\d]+个?(?:阶段|环节|部分|板块|议程|议题)[，,：:]\s*((?:[^。\n]*?[{_NUM}]是[^。\n]+)+)")
_IS = re.compile(rf"([{_NUM}])是([^；;。]+)")
_EDGE = r" ，,"
_INCLUDES = re.compile(r"(?:议程|议题)(?:主要)?(?:包括|有)[:：]?([^。\n]+[；;][^。\n]+)")
_CN = {c: i for i, c in enumerate(_NUM, start=1)}
_BY = re.compile(r"^由(.{2,40}?)(?:同志)?(?:作|做|进行|带领|领学|传达|宣读|汇报|介绍|讲授|主讲)(.+)$")
_BY_SUBJECT = re.compile(r"^(.{2,40}?)(?:同志)?(?:作|做)(了)?(.+(?:汇报|报告|讲话|发言|介绍|党课|述职|解读|辅导))$")
# "全体党员讨论了…": a group as the subject, then the verb
_VERB_LEAD = re.compile(r"^(?:(?:全体|与会|参会)?(?:党员|同志|人员)们?|大家)?(?:开展|进行|召开|举行|组织|听取了?|学习了?|审议了?|讨论了?)")


@dataclass
class AgendaItem:
    ordinal: int
    title: str
    presenter: str | None
    title_span: tuple[int, int]
    presenter_span: tuple[int, int] | None = None


def _ordinal(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + _CN[token[1]]
    return _CN.get(token, 0)


def _item(ordinal: int, body: str, at: int) -> AgendaItem | None:
    body_stripped = body.strip(_EDGE)
    at += body.index(body_stripped) if body_stripped else 0
    body = body_stripped
    # the item ends at the first comma after a complete phrase ("…工作汇报。" / "开展座谈交流，")
    first = re.split(r"[，,]", body, maxsplit=1)[0]
    if re.match(r"^由", body):
        first = body.split("，")[0].split(",")[0]
    m = _BY.match(first)
    presenter = None
    pspan = None
    title, tstart = first, 0
    if m:
        person = parse_person(m.group(1), at + 1)
        if person:
            presenter, pspan = person.name, person.name_span
        title, tstart = m.group(2), m.end(1) + (len(first[m.end(1):]) - len(m.group(2)))
    else:
        m = _BY_SUBJECT.match(first)
        person = parse_person(m.group(1), at) if m else None
        if m and person:
            presenter, pspan = person.name, person.name_span
            title, tstart = m.group(3), m.start(3)
        else:
            lead = _VERB_LEAD.match(first)
            if lead:
                title, tstart = first[lead.end():], lead.end()
    title = title.strip()
    if not title:
        return None
    return AgendaItem(ordinal, title, presenter, (at + tstart, at + tstart + len(title)), pspan)


def agenda(text: str) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    seen: set[int] = set()
    for m in _ITEM.finditer(text):
        ordinal = _ordinal(m.group(1))
        if ordinal in seen or not ordinal:
            continue
        item = _item(ordinal, m.group(2), m.start(2))
        if item:
            seen.add(ordinal)
            items.append(item)
    if items:
        return sorted(items, key=lambda i: i.ordinal)
    m = _INCLUDES.search(text)
    if m:
        pos = m.start(1)
        for _n, part in enumerate(re.split(r"([；;])", m.group(1))):
            if part and not re.fullmatch(r"[；;]", part):
                title = part.strip()
                if title:
                    at = pos + part.index(title)
                    items.append(AgendaItem(len(items) + 1, title, None, (at, at + len(title))))
            pos += len(part)
        if len(items) >= 2:
            return items
        items = []
    m = _LISTED.search(text) or _PHASES.search(text)
    if m:
        for part in _IS.finditer(m.group(1)):
            item = _item(_CN[part.group(1)], part.group(2), m.start(1) + part.start(2))
            if item:
                items.append(item)
    return items
