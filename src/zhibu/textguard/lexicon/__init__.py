"""The text guard's lexicon: phrase lists, brands, pattern parts and combination rules.

The data lives beside this module as plain files that editors maintain without touching code:
`phrases.txt` (phrases with category, weight and flags), `brands.txt`, `parts.txt` (the pieces the
rules combine, and the words that mark discussion, organisation names and safe words) and
`rules.json` (the combination patterns). `load_lexicon()` reads and compiles them once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
CATEGORIES = ("gambling", "porn", "seo_spam")
FLAGS = {"core", "discuss", "nobare"}

# Fixed pattern pieces the rules refer to besides the word lists.
CODE = r"(?:[a-z]{1,8}\d{2,}[a-z\d]*|\d{2,}[a-z]{1,8}[a-z\d]*|\d{4,}(?![\d年月日号级届期万元个名人次岁天周小点分秒时]))"
CODE_PREFIX = r"(?<![a-z0-9])(?:[a-z]{1,8}\d{2,}[a-z\d]*|\d{2,}[a-z\d]*)"
LEFT_WINDOW = 24  # how far a rule's extend_left / require_left part may reach
TAG = r"[a-z]{1,2}\d{1,2}(?![a-z\d])"
SPORT = r"体育(?!馆|场|中心|学院|课|部|局|运动|赛|事业|产业|文化|教育|教学|老师|教师|锻炼|活动|精神|强国|彩票|与|和|的)"
SEP = r"[-_/|—·]?"
WEB = r"网(?![络格民友球点红])"


class LexiconError(ValueError):
    """A data file is malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    category: str
    weight: int
    core: bool = False
    discuss: bool = False
    nobare: bool = False
    brand: str | None = None  # "distinctive" | "ambiguous" for brands.txt entries


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    category: str  # a category, or "auto": the heaviest term inside the match decides
    weight: int  # 0: the matched term's own weight
    negatable: bool
    regex: re.Pattern[str]
    message: str
    left: re.Pattern[str] | None = None  # a part just before the match: extends it, or is required
    left_required: bool = False

    def match_start(self, text: str, start: int) -> int | None:
        """Where a match at `start` really begins once the left part is taken in; None: not a match."""
        if self.left is None:
            return start
        m = self.left.search(text, max(0, start - LEFT_WINDOW), start)
        if m:
            return m.start()
        return None if self.left_required else start


@dataclass(frozen=True, slots=True)
class Lexicon:
    terms: dict[str, Term]
    rules: tuple[Rule, ...]
    parts: dict[str, tuple[str, ...]]
    fold: dict[int, str]
    term_re: re.Pattern[str]
    negation_before_re: re.Pattern[str]
    negation_after_re: re.Pattern[str]
    safe_re: re.Pattern[str]
    org_direct_re: re.Pattern[str]
    org_run_party_re: re.Pattern[str]
    org_run_any_re: re.Pattern[str]
    org_prefix_re: re.Pattern[str]
    domain_tokens: tuple[tuple[str, re.Pattern[str], bool], ...]  # (category, tokens, coded)
    spam_tlds: frozenset[str]

    def org_kind(self, suffix: str) -> str:
        """'committee', 'branch', 'unit' or 'title' for a word from the org_* parts."""
        for kind in ("committee", "branch", "unit", "title"):
            if suffix in self.parts[f"org_{kind}"]:
                return kind
        return "unit"

    def domain_category(self, host: str) -> str | None:
        """'gambling' or 'porn' when a host name looks like a spam site's, else None."""
        labels = host.lower().rstrip(".").split(".")
        if len(labels) < 2:
            return None
        tld = labels[-1]
        if tld in self.spam_tlds:
            return "porn" if tld in {"porn", "sex", "xxx", "adult"} else "gambling"
        for label in labels[:-1]:
            for category, regex, coded in self.domain_tokens:
                for m in regex.finditer(label):
                    if not coded or _digit_adjacent(label, m.start(), m.end()):
                        return category
        return None


def _digit_adjacent(label: str, start: int, end: int) -> bool:
    """A short token counts in a domain label only glued to a number: 2138vns, tyc122cc, hg0088.

    One- and two-letter tokens need two digits after them and nothing else in the label (w88, js333).
    """
    if end - start <= 2:
        return start == 0 and re.fullmatch(r"\d{2,}", label[end:]) is not None
    before = label[start - 1] if start else ""
    after = label[end] if end < len(label) else ""
    return before.isdigit() or after.isdigit()


def alternation(words: Iterable[str]) -> str:
    """One regex matching any of the words, longest first: a trie, so that a long list stays fast
    and the regex engine can skip straight to positions holding one of the first characters."""
    words = sorted(set(words))
    return _trie(words) if words else r"(?!)"


def _trie(words: list[str]) -> str:
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _trie_node(root) + ")"


def _trie_node(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?" if len(branches) == 1 and len(body) > 1 else body + "?"
    return body


def _lines(name: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate((DATA_DIR / name).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _read_phrases() -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for number, line in _lines("phrases.txt"):
        fields = line.split()
        if len(fields) not in (3, 4):
            raise LexiconError(f"phrases.txt 第{number}行应为“词语 类别 权重 [标记]”：{line}")
        text, category, weight = fields[0].lower(), fields[1], fields[2]
        flags = set(fields[3].split(",")) if len(fields) == 4 else set()
        if category not in CATEGORIES or weight not in {"1", "2", "3"} or flags - FLAGS:
            raise LexiconError(f"phrases.txt 第{number}行的类别、权重或标记不对：{line}")
        terms[text] = Term(text, category, int(weight), "core" in flags, "discuss" in flags, "nobare" in flags)
    return terms


def _read_brands() -> dict[str, Term]:
    brands: dict[str, Term] = {}
    for number, line in _lines("brands.txt"):
        fields = line.split()
        if len(fields) != 2 or fields[1] not in {"distinctive", "ambiguous"}:
            raise LexiconError(f"brands.txt 第{number}行应为“品牌 distinctive|ambiguous”：{line}")
        text = fields[0].lower()
        brands[text] = Term(text, "gambling", 3, brand=fields[1])
    return brands


def _read_parts() -> dict[str, tuple[str, ...]]:
    parts: dict[str, list[str]] = {}
    current = None
    for number, line in _lines("parts.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = parts.setdefault(line[1:-1], [])
        elif current is None:
            raise LexiconError(f"parts.txt 第{number}行不在任何一节里：{line}")
        else:
            current.append(line.lower())
    return {name: tuple(words) for name, words in parts.items()}


def _fold_table(pairs: Iterable[str]) -> dict[int, str]:
    """Traditional → simplified pairs plus full-width ASCII → ASCII and upper → lower case: one
    character for one character, so offsets into the folded text are offsets into the original."""
    table = {code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)}
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    table[0x3000] = " "
    for pair in pairs:
        if len(pair) != 2:
            raise LexiconError(f"parts.txt [fold] 每行应是两个字：{pair}")
        table[ord(pair[0])] = pair[1]
    return table


@cache
def load_lexicon() -> Lexicon:
    phrases = _read_phrases()
    brands = _read_brands()
    parts = _read_parts()
    terms = {**phrases, **brands}

    pieces = {name: alternation(words) for name, words in parts.items()}
    pieces.update(
        core=alternation([t.text for t in phrases.values() if t.core]),
        phrases=alternation(phrases),
        brand=alternation([t for t, term in brands.items() if term.brand == "distinctive"]),
        brand_ambiguous=alternation([t for t, term in brands.items() if term.brand == "ambiguous"]),
        code=CODE,
        code_prefix=CODE_PREFIX,
        tag=TAG,
        sport=SPORT,
        web=WEB,
        sep=SEP,
    )

    data = json.loads((DATA_DIR / "rules.json").read_text(encoding="utf-8"))
    def expand(template: str) -> str:
        return re.sub(r"\{([a-z_]+)\}", lambda m: pieces[m.group(1)], template)

    rules = []
    for spec in data["rules"]:
        try:
            regex = re.compile(expand(spec["pattern"]))
            left_part = spec.get("extend_left") or spec.get("require_left")
            left = re.compile(f"(?:{expand(left_part)})\\Z") if left_part else None
        except (KeyError, re.error) as exc:
            raise LexiconError(f"rules.json 规则 {spec.get('name')} 的 pattern 有误：{exc}") from exc
        category = spec["category"]
        if category != "auto" and category not in CATEGORIES:
            raise LexiconError(f"rules.json 规则 {spec['name']} 的类别 {category} 未知")
        rules.append(
            Rule(spec["name"], category, int(spec["weight"]), bool(spec["negatable"]), regex, spec["message"],
                 left, "require_left" in spec)
        )

    org_party = alternation(parts["org_committee"] + parts["org_branch"])
    org_any = alternation(parts["org_committee"] + parts["org_branch"] + parts["org_unit"] + parts["org_title"])
    stop = "".join(re.escape(ch) for ch in parts["org_run_stop"] if len(ch) == 1)
    run = rf"(?:(?![{stop}])[\u4e00-\u9fff0-9a-z]){{1,16}}?"

    return Lexicon(
        terms=terms,
        rules=tuple(rules),
        parts=parts,
        fold=_fold_table(parts.get("fold", ())),
        term_re=re.compile(alternation(terms)),
        negation_before_re=re.compile(pieces["negation_before"]),
        negation_after_re=re.compile(pieces["negation_after"]),
        safe_re=re.compile(pieces["safe"]),
        org_direct_re=re.compile(rf"[ \t]?({org_any})"),
        org_run_party_re=re.compile(rf"[ \t]?({run})({org_party})"),
        org_run_any_re=re.compile(rf"[ \t]?({run})({org_any})"),
        org_prefix_re=re.compile(rf"(?:{pieces['org_prefix']})[ \t]?$"),
        domain_tokens=(
            ("gambling", re.compile(alternation(parts["domain_gambling"])), False),
            ("porn", re.compile(alternation(parts["domain_porn"])), False),
            ("gambling", re.compile(alternation(parts["domain_gambling_coded"])), True),
            ("porn", re.compile(alternation(parts["domain_porn_coded"])), True),
        ),
        spam_tlds=frozenset(parts["spam_tld"]),
    )
