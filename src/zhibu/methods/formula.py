"""Work-method formulas as plain data: numerals, names, and the sentences that define them.

    parse_name("一三三")                   → [NamePart(1), NamePart(3), NamePart(3)]
    parse_name("一中心两支柱三对接四任务")   → [NamePart(1, "中心"), NamePart(2, "支柱"), …]
    parse_name("3+X")                      → [NamePart(3), NamePart(None)]        (None: open-ended, "X")
    name_for([1, 3, 3])                    → "一三三"
    name_problems("一三三", [(1, "中心"), (2, "…")]) → ["名称“一三三”的第2个数字……"]
    parse_formula("以围绕专业建设为“一”个中心，以构建……为“三”重共建工作机制，……")
                                           → Formula(name="一三三", pillars=[…], approach=[…], …)

A pillar's items are split where the count says so: "支部与专业共建、教工与学生党支部共建、校内校外支部共建"
with a count of three splits on 、 only, so "教工与学生党支部共建" stays one item.

No Django here: report ingest reuses these functions. Errors are `FormulaError`s with a Chinese message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CN_FOR = {v: k for k, v in CN_DIGITS.items() if k != "两"}
OPEN_MARKS = {"X", "x", "Ｘ", "ｘ", "N", "n"}
NUM = r"[一二两三四五六七八九十]|\d{1,2}|[XxＸｘ]"
MEASURES = "个重大项条种类支"
QUOTE_OPEN, QUOTE_CLOSE = "“\"「『‘'", "”\"」』’'"
MAX_COUNT = 20


class FormulaError(ValueError):
    """A formula or name that cannot be read; `str(exc)` is the Chinese message for the user."""


@dataclass(frozen=True)
class NamePart:
    count: int | None  # None: an open-ended pillar ("X")
    label: str = ""


@dataclass
class ParsedPillar:
    count: int | None
    label: str
    measure: str = ""
    items: list[str] = field(default_factory=list)

    @property
    def numeral(self) -> str:
        return numeral(self.count)


@dataclass
class Formula:
    name: str
    pillars: list[ParsedPillar]
    approach: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)

    @property
    def counts(self) -> list[int | None]:
        return [p.count for p in self.pillars]


# --- numerals and names ----------------------------------------------------------------------------


def to_count(token: str) -> int | None:
    """一 → 1, 两 → 2, 十 → 10, "12" → 12, X → None (open-ended)."""
    token = token.strip()
    if token in OPEN_MARKS:
        return None
    if token in CN_DIGITS:
        return CN_DIGITS[token]
    if token.isdigit():
        value = int(token)
        if 1 <= value <= MAX_COUNT:
            return value
        raise FormulaError(f"数目“{token}”超出范围（应为1至{MAX_COUNT}）")
    raise FormulaError(f"“{token}”不是数字")


def numeral(count: int | None, *, before_label: bool = False) -> str:
    """1 → 一, 2 → 二 (两 before a label: 两支柱), None → X; above ten in Arabic digits."""
    if count is None:
        return "X"
    if before_label and count == 2:
        return "两"
    return CN_FOR.get(count, str(count))


def _strip_name(name: str) -> str:
    text = (name or "").strip()
    text = re.sub(r"(党支部)?工作法.*$", "", text)
    return text.strip(QUOTE_OPEN + QUOTE_CLOSE + "《》 ")


def parse_name(name: str) -> list[NamePart]:
    """The numerals of a method's name, in order, each with the label that follows it (if any)."""
    text = _strip_name(name)
    if not text:
        raise FormulaError("请填写工作法名称，例如“一三三”")
    if "+" in text or "＋" in text:
        parts = []
        for piece in re.split(r"[+＋]", text):
            m = re.fullmatch(rf"\s*({NUM})\s*(\D*)\s*", piece)
            if not m:
                raise FormulaError(f"名称“{name}”中的“{piece}”不是数字")
            parts.append(NamePart(to_count(m.group(1)), m.group(2).strip()))
        return parts
    tokens = re.findall(rf"({NUM})([^一二两三四五六七八九十\dXxＸｘ]*)", text)
    if not tokens:
        raise FormulaError(f"名称“{name}”中没有数字，无法与组成部分对应")
    if not re.match(rf"(?:{NUM})", text):
        raise FormulaError(f"名称“{name}”应以数字开头，例如“一三三”“一中心两支柱”")
    parts = []
    for num, label in tokens:
        if num.isdigit() and len(num) > 1:  # "133": one count per digit
            parts.extend(NamePart(to_count(d)) for d in num[:-1])
            num = num[-1]
        parts.append(NamePart(to_count(num), label.strip()))
    return parts


def name_style(name: str) -> str:
    """compact ("一三三"), arabic ("3+X") or labelled ("一中心两支柱")."""
    parts = parse_name(name)
    if any(p.label for p in parts):
        return "labelled"
    if re.search(r"[\dXxＸｘ+＋]", _strip_name(name)):
        return "arabic"
    return "compact"


def name_for(counts: Sequence[int | None], labels: Sequence[str] = (), style: str | None = None) -> str:
    """The name the counts spell: "一三三"; "3+X" when a pillar is open or above ten; "一中心两支柱" when labelled."""
    counts = list(counts)
    if style is None:
        style = "arabic" if any(c is None or c > 10 for c in counts) else "compact"
    if style == "labelled":
        return "".join(numeral(c, before_label=True) + (labels[i] if i < len(labels) else "")
                       for i, c in enumerate(counts))
    if style == "arabic":
        return "+".join("X" if c is None else str(c) for c in counts)
    return "".join(numeral(c) for c in counts)


def _labels_agree(short: str, label: str) -> bool:
    return bool(short) and (short in label or label in short or short[-1] == label[-1:])


def name_problems(name: str, pillars: Sequence[tuple[int | None, str]]) -> list[str]:
    """What is wrong between a name and its pillars [(count, label)], in Chinese; empty when they agree."""
    try:
        parts = parse_name(name)
    except FormulaError as exc:
        return [str(exc)]
    shown = _strip_name(name)
    if len(parts) != len(pillars):
        return [f"名称“{shown}”有{len(parts)}个数字，但工作法有{len(pillars)}个组成部分；"
                f"按组成部分应为“{name_for([c for c, _ in pillars])}”"]
    problems = []
    for i, (part, (count, label)) in enumerate(zip(parts, pillars, strict=True), start=1):
        where = f"第{i}部分“{label}”" if label else f"第{i}部分"
        if part.count is None and count is not None:
            problems.append(f"名称“{shown}”的第{i}个数字是“X”（不限数目），但{where}规定了{count}项")
        elif part.count is not None and count is None:
            problems.append(f"名称“{shown}”的第{i}个数字是“{numeral(part.count)}”，但{where}不限数目（应写作“X”）")
        elif part.count != count:
            problems.append(f"名称“{shown}”的第{i}个数字是“{numeral(part.count)}”，"
                            f"与{where}的数目“{numeral(count)}”不一致")
        elif part.label and label and not _labels_agree(part.label, label):
            problems.append(f"名称“{shown}”中的“{part.label}”与{where}的名称不一致")
    return problems


# --- items -------------------------------------------------------------------------------------------

# Separators from strongest to weakest: a count decides how far down the list to go.
SEPARATOR_LEVELS = [r"、", r"[,，;；]", r"以及|和|及", r"与|同"]
LEADING_VERBS = ("构建", "开展", "推进", "实施", "建立", "打造", "强化", "坚持", "推动", "加强", "深化", "落实",
                 "做好", "抓好", "实现", "形成", "建设")
SHARED_SUFFIXES = ("建设", "工作", "活动")


def _clean_item(text: str) -> str:
    return text.strip().strip(QUOTE_OPEN + QUOTE_CLOSE + " ,，。;；:： ")  # typography: ascii (both forms are stripped)


def split_items(text: str, count: int | None) -> list[str]:
    """Split `text` into exactly `count` items, using no weaker separator than needed.

    An open-ended pillar (count None) splits on 、 and commas only. Raises FormulaError when no level of
    separators gives `count` items.
    """
    text = _clean_item(text)
    if not text:
        return []
    levels = len(SEPARATOR_LEVELS) if count is not None else 2
    found: list[list[str]] = []
    for k in range(1, levels + 1):
        pattern = "|".join(SEPARATOR_LEVELS[:k])
        items = [i for i in (_clean_item(p) for p in re.split(pattern, text)) if i]
        found.append(items)
        if count is not None and len(items) == count:
            return items
        if count is not None and len(items) > count:
            break
    if count is None:
        return found[-1]
    best = found[0]
    listed = "、".join(best)
    if len(best) < count:
        raise FormulaError(f"应有{count}项，但只列出了{len(best)}项：{listed}")
    raise FormulaError(f"应有{count}项，但列出了{len(best)}项：{listed}")


def _strip_shared(items: list[str]) -> list[str]:
    """开展教师思政、学生思政、课程思政建设 → the verb and the suffix belong to all three."""
    if not items:
        return items
    first = items[0]
    for verb in LEADING_VERBS:
        if first.startswith(verb) and len(first) - len(verb) >= 2:
            items = [first[len(verb):], *items[1:]]
            break
    if len(items) > 1:
        last = items[-1]
        for suffix in SHARED_SUFFIXES:
            if last.endswith(suffix) and len(last) - len(suffix) >= 2 and not any(
                i.endswith(suffix) for i in items[:-1]
            ):
                items = [*items[:-1], last[: -len(suffix)]]
                break
    return items


# --- sentences ---------------------------------------------------------------------------------------

_Q1, _Q2 = f"[{QUOTE_OPEN}]?", f"[{QUOTE_CLOSE}]?"
# 以{content}为“三”重共建工作机制
_AS_PILLAR = re.compile(
    rf"^(?P<head>.*)为{_Q1}(?P<num>{NUM}){_Q2}(?P<measure>[{MEASURES}]?)(?P<label>[^,，。;；、:：\s]{{1,16}})$"
)
# 一个中心：围绕专业建设 / 两个支柱（A、B） / 三大任务
_PILLAR_FIRST = re.compile(
    rf"^{_Q1}(?P<num>{NUM}){_Q2}(?P<measure>[{MEASURES}]?)(?P<label>[^:：(（,，。;；、\s\d一二两三四五六七八九十+＋]{{1,16}}?)"
    rf"(?:\s*[:：]\s*(?P<content>.+)|\s*[(（](?P<paren>.+)[)）])?$"
)
_NAMED = re.compile(rf"[{QUOTE_OPEN}](?P<name>[^{QUOTE_CLOSE}]{{1,20}})[{QUOTE_CLOSE}](?:党支部)?工作法")
# A name on its own: "一三三", "3+X", "一中心两支柱三对接四任务", "“三心四力”工作法".
_NAME_ONLY = re.compile(
    rf"{_Q1}(?:(?:{NUM})[^\W\d_一二两三四五六七八九十XxＸｘ]{{0,4}}\s*[+＋]?\s*){{2,12}}{_Q2}(?:(?:党支部)?工作法)?"
)
_PILLAR_START = rf"(?:{_Q1}(?:{NUM}){_Q2}[{MEASURES}]?[^:：(（,，。;；、\s]{{1,16}}?[:：(（])"


def _clauses(text: str) -> list[str]:
    # Sentences always end a clause; a comma only when the next part starts another pillar ("以…为",
    # "两个支柱："), so that commas inside quoted practices stay.
    pieces = re.split(rf"[。;；\n]|[,，]\s*(?=以(?!及))|[,，]\s*(?={_PILLAR_START})", text)
    return [p.strip() for p in pieces if p and p.strip()]


def _pillar_from_clause(clause: str) -> ParsedPillar | None:
    clause = clause.strip().rstrip("。")
    m = _AS_PILLAR.match(clause)
    if m:
        head = m.group("head")
        if "以" in head:
            head = re.split(r"以(?!及)", head)[-1]
        return _pillar(m.group("num"), m.group("measure"), m.group("label"), head)
    m = _PILLAR_FIRST.match(re.sub(r"^(坚持|即|包括|围绕)", "", clause))
    if m:
        return _pillar(m.group("num"), m.group("measure"), m.group("label"), m.group("content") or m.group("paren"))
    return None


def _pillar(num: str, measure: str, label: str, content: str | None) -> ParsedPillar:
    count = to_count(num)
    label = re.sub(r"(的|等)$", "", label.strip())
    shown = f"“{num}”{measure}{label}"
    items: list[str] = []
    if content and _clean_item(content):
        try:
            items = _strip_shared(split_items(content, count))
        except FormulaError as exc:
            raise FormulaError(f"{shown}{exc}") from exc
    return ParsedPillar(count=count, label=label, measure=measure, items=items)


def _list_after(pattern: str, text: str) -> list[str]:
    m = re.search(pattern, text)
    if not m:
        return []
    return [i for i in (_clean_item(p) for p in re.split(r"[、,，;；]", m.group(1))) if i]


def _goals(text: str) -> list[str]:
    m = re.search(r"((?:[^、,，。;；]{1,30}、)+[^、,，。;；]{1,10})的(?:工作)?目标", text)
    if not m:
        return []
    items = [_clean_item(p) for p in m.group(1).split("、")]
    # "党建工作与业务工作同研究、同部署…": the first item keeps only what matches the others' shape.
    starts = {i[0] for i in items[1:] if i}
    if len(starts) == 1:
        start = starts.pop()
        if start in items[0]:
            items[0] = items[0][items[0].rindex(start):]
    return [i for i in items if i]


def parse_formula(text: str) -> Formula:
    """Read a formula sentence (or just a name) into a name and its pillars with items.

    Accepts the report's "以……为“一”个中心，以……为“三”重共建工作机制，……", pillars listed as
    "一个中心：……；两个支柱：……", and names alone ("一中心两支柱三对接四任务", "3+X", "一三三").
    """
    text = (text or "").strip()
    if not text:
        raise FormulaError("请粘贴工作法的表述，例如“以围绕专业建设为‘一’个中心，以……为‘三’大任务”")
    pillars = [] if _NAME_ONLY.fullmatch(text) else [
        p for p in (_pillar_from_clause(c) for c in _clauses(text)) if p is not None
    ]
    named = _NAMED.search(text)
    approach = _list_after(r"以([^为]{2,60})为(?:工作)?思路", text)
    practices = _list_after(rf"以{_Q1}([^为]{{4,200}}?){_Q2}为(?:主要)?工作方法", text)
    goals = _goals(text)
    if not pillars:
        try:
            parts = parse_name(named.group("name") if named else text)
        except FormulaError as exc:
            raise FormulaError(
                "没有找到工作法的组成部分。请按“以……为‘一’个中心，以……为‘三’大任务”、"
                "“一个中心：……；三大任务：……”或“一中心两支柱”的格式填写"
            ) from exc
        pillars = [ParsedPillar(count=p.count, label=p.label) for p in parts]
        name = _strip_name(named.group("name") if named else text)
        return Formula(name=name, pillars=pillars, approach=approach, practices=practices, goals=goals)
    derived = name_for([p.count for p in pillars])
    name = derived
    if named:
        problems = name_problems(named.group("name"), [(p.count, p.label) for p in pillars])
        if problems:
            raise FormulaError(problems[0])
        name = _strip_name(named.group("name"))
    return Formula(name=name, pillars=pillars, approach=approach, practices=practices, goals=goals)


def items_problems(pillars: Iterable[tuple[int | None, str, Sequence[str]]]) -> list[tuple[int, str]]:
    """(pillar index from 1, message) for every pillar whose items do not match its count."""
    problems = []
    for i, (count, label, items) in enumerate(pillars, start=1):
        n = len([x for x in items if x.strip()])
        where = f"第{i}部分“{numeral(count)}{label}”" if label else f"第{i}部分"
        if count is None:
            if n == 0:
                problems.append((i, f"{where}不限数目，但至少要列出一项"))
        elif n != count:
            problems.append((i, f"{where}应有{count}项，现在是{n}项"))
    return problems
