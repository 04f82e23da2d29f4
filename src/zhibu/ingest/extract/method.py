"""The work method a report describes: its name ("“一三三”党支部工作法") and, when the report spells it
out ("以……为“一”个中心，以……为“三”大任务"), its pillars — read by methods' formula parser. A method
named but not spelled out has a name and no pillars. Offsets are into the text given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhibu.methods.formula import FormulaError, parse_formula, parse_name

# typography: ascii (regular expressions)
_NAMED = re.compile(r"[“\"「『‘']([^”\"」』’'《》\n]{1,16})[”\"」』’'](?:党支部|党建|支部)?工作法")
_PILLAR = re.compile(r"为[“\"「『‘']?[一二两三四五六七八九十\dXx][”\"」』’']?[个重大项条种类支]")


@dataclass
class Pillar:
    count: int | None
    label: str
    items: list[str]
    measure: str = ""
    span: tuple[int, int] | None = None
    item_spans: list[tuple[int, int] | None] = field(default_factory=list)


@dataclass
class Method:
    name: str
    name_span: tuple[int, int]
    pillars: list[Pillar] = field(default_factory=list)
    formula_span: tuple[int, int] | None = None


def _formula_sentence(text: str) -> tuple[int, int] | None:
    """The sentence with two or more "为“三”大…" clauses."""
    for m in re.finditer(r"[^。\n]+", text):
        if len(_PILLAR.findall(m.group())) >= 2:
            s = m.start()
            inner = re.search(r"(?:概括为|总结为|凝练为|提炼为|即|具体为|内涵为|就是)[:：]?", m.group())
            if inner and inner.end() < m.group().find("以"):
                s = m.start() + inner.end()
            return s, m.end()
    return None


def method(text: str) -> Method | None:
    named = None
    for m in _NAMED.finditer(text):
        try:
            parse_name(m.group(1))
        except FormulaError:
            if named is None:
                named = m
            continue
        named = m
        break
    sentence = _formula_sentence(text)
    formula = None
    if sentence:
        try:
            formula = parse_formula(text[sentence[0] : sentence[1]])
        except FormulaError:
            formula = None
    if named is None and formula is None:
        return None
    if named is not None:
        result = Method(named.group(1).strip(), (named.start(1), named.end(1)))
    else:
        result = Method(formula.name, sentence)
    if formula is not None and formula.pillars and any(p.items for p in formula.pillars):
        if named is None or formula.name == result.name or _counts(result.name) == formula.counts:
            result.formula_span = sentence
            body = text[sentence[0] : sentence[1]]
            for p in formula.pillars:
                pillar = Pillar(p.count, p.label, list(p.items), p.measure)
                at = body.find(p.label)
                pillar.span = (sentence[0] + at, sentence[0] + at + len(p.label)) if at >= 0 else None
                for item in p.items:
                    i = body.find(item)
                    pillar.item_spans.append((sentence[0] + i, sentence[0] + i + len(item)) if i >= 0 else None)
                result.pillars.append(pillar)
    return result


def _counts(name: str) -> list[int | None] | None:
    try:
        return [p.count for p in parse_name(name)]
    except FormulaError:
        return None
