"""Find what defacement leaves in text: gambling, pornography and SEO-spam phrases, phrases standing
where an organisation's name belongs, spam sites' domains and zero-width characters.

    scan_text(text, known_names=["中共示例大学委员会", "示例大学党委"]) -> [Finding, …]

Offsets are into `text` exactly as given (Python string indices, i.e. code points): for every
finding `text[f.start:f.end] == f.phrase`. Matching itself runs on a folded copy of the text
(lower case, full-width → ASCII, common traditional → simplified characters, zero-width
characters removed) so that "ＡＰＰ", "賭錢網" and "赌\u200b钱" are caught as well.

`known_names` are the official names of the organisations the text may be about (the
organisation app passes the registered names and short names); they let an `org_name_replaced`
finding say which name the phrase replaced. The scanner never imports the organisation app.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from .lexicon import Lexicon, Rule, Term, load_lexicon


class Category(StrEnum):
    GAMBLING = "gambling"
    PORN = "porn"
    SEO_SPAM = "seo_spam"
    ORG_NAME_REPLACED = "org_name_replaced"
    HIDDEN_CONTENT = "hidden_content"
    ZERO_WIDTH = "zero_width"
    DECEPTIVE_LINK = "deceptive_link"
    SCRIPT = "script"
    IFRAME = "iframe"
    REDIRECT = "redirect"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.GAMBLING: "博彩赌博",
    Category.PORN: "色情",
    Category.SEO_SPAM: "垃圾推广",
    Category.ORG_NAME_REPLACED: "组织名称被替换",
    Category.HIDDEN_CONTENT: "隐藏内容",
    Category.ZERO_WIDTH: "零宽字符",
    Category.DECEPTIVE_LINK: "欺骗性链接",
    Category.SCRIPT: "脚本",
    Category.IFRAME: "内嵌框架",
    Category.REDIRECT: "自动跳转",
}
SPAM_CATEGORIES = frozenset({Category.GAMBLING, Category.PORN, Category.SEO_SPAM, Category.ORG_NAME_REPLACED})

SEVERITIES = ("low", "medium", "high")
SEVERITY_LABELS = {"low": "低", "medium": "中", "high": "高"}
_WEIGHT_SEVERITY = {1: "low", 2: "medium", 3: "high"}


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that should not be there. JSON-ready through `to_dict()`.

    `start`/`end` index the scanned string: the text for `scan_text`, the raw HTML source for
    `scan_html`, the extracted text for .docx files. `phrase` is what was found (for HTML the
    visible text of the element, or the tag); `replaces` the official name a spam phrase stands
    in for, when it can be told; `detail` a technical note (a link's target, a CSS rule).
    """

    category: str
    phrase: str
    start: int
    end: int
    severity: str
    message: str
    replaces: str | None = None
    detail: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "category", str(self.category))  # a plain string, also for Category members

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)


def scan_text(text: str, *, known_names: Iterable[str] = ()) -> list[Finding]:
    """Every finding in `text`, in order of position."""
    return _TextScan(text, load_lexicon(), known_names).run()


def without_spam(text: str, findings: Iterable[Finding]) -> str:
    """The text with the spam taken out: a replaced organisation name put back where it is known,
    other spam phrases and zero-width characters removed. For importers, so that an injected phrase
    is never written into a record. `findings` must come from `scan_text(text)`."""
    out, position = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < position or f.category not in SPAM_CATEGORIES | {Category.ZERO_WIDTH}:
            continue
        out.append(text[position : f.start])
        if f.category == Category.ZERO_WIDTH:
            out.append(_ZW_CHARS.sub("", f.phrase))
        elif f.replaces:
            out.append(f.replaces)
        position = f.end
    out.append(text[position:])
    return "".join(out)


# --- internals ----------------------------------------------------------------------------------------

# Removed before matching (they split words invisibly); the first group is also reported.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e]")
_ZW = "\u200b-\u200d\u2060-\u2064\ufeff\u180e"
# Runs of zero-width characters, and the visible characters they split ("永\u200b利\u200b官"): one finding.
_ZERO_WIDTH = re.compile(f"[{_ZW}]+(?:[^{_ZW}\\s][{_ZW}]+)*")
_ZW_CHARS = re.compile(f"[{_ZW}]")
# A run of letters, digits, hyphens and dots with a dot inside. It starts with a character class
# and checks the character before in a fixed-width look-behind, and its runs are possessive, so
# the engine skips CJK text fast and never backtracks through a long run (linear on any input).
_DOMAIN = re.compile(r"[a-z0-9](?<![a-z0-9-][a-z0-9])[a-z0-9-]*+(?:\.[a-z0-9-]++)++")
_DOMAIN_SHAPE = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,12}")
_INSTITUTION_ENDINGS = ("大学", "学院", "学校", "研究院", "研究所", "书院", "学部", "分校", "医院", "中学", "小学", "党校")
_WINDOW = 8
# A website's name where an organisation's belongs ("澳门××官网分党委"): no organisation is called "…官网", so
# the words before it, back to punctuation, a connective or a date, are an injected name.
_SITE_BEFORE_ORG = re.compile(r"(?:官方网站|官方网址|官方网|官网)(?=分?党委|党工委|党支部|党总支|总支|支部|学院|全体党员)")
_NAME_BOUNDARY = re.compile(r".*(?:[\s,，。;；:：、!！?？()（）【】“”\"'《》|]|[的在与和及于对为向从到将是由经据被请让]|\d[日号]|[上中下]午|晚上)",
                            re.S)
_NAME_WINDOW = 14
# …but "学院官网党建专栏", "学校官网党委栏目" are a real site's pages.
_ORG_PAGE = re.compile(r"(?:分?党委|党工委|党支部|党总支|总支|支部|学院|全体党员)(?:栏目|专栏|网页|页面|主页|网站|板块|频道|新闻|公众号)")
_OWN_SITE_ENDINGS = (*_INSTITUTION_ENDINGS, "党委", "支部", "总支", "机关", "政府", "中心", "部", "处", "厅", "局", "委")


@dataclass(slots=True)
class _Hit:
    start: int  # in the folded text
    end: int
    category: str
    weight: int
    message: str
    rule: str
    detail: str | None = None


class _Folded:
    """The text folded one character for one, then with invisible characters removed; maps back."""

    def __init__(self, text: str, table: dict[int, str]):
        folded = text.translate(table)
        self.removed = [m.start() for m in _INVISIBLE.finditer(folded)]
        self.text = _INVISIBLE.sub("", folded) if self.removed else folded

    def original(self, index: int) -> int:
        """Original offset of the folded character at `index`."""
        if not self.removed:
            return index
        shift = bisect.bisect_right(self.removed, index)
        while True:
            again = bisect.bisect_right(self.removed, index + shift)
            if again == shift:
                return index + shift
            shift = again

    def original_end(self, end: int) -> int:
        return self.original(end - 1) + 1 if end > 0 else 0


class _TextScan:
    def __init__(self, text: str, lexicon: Lexicon, known_names: Iterable[str]):
        self.text = text
        self.lex = lexicon
        self.folded = _Folded(text, lexicon.fold)
        self.norm = self.folded.text
        self.names = _OrgNames(known_names)
        self._safe: list[tuple[int, int]] | None = None

    def run(self) -> list[Finding]:
        hits = [hit for hit in self._candidates() if self._keep(hit)]
        hits = _merge_adjacent(_select(hits))
        findings = self._spam_findings(hits)
        findings += self._zero_width(findings)
        findings.sort(key=lambda f: (f.start, f.end))
        return findings

    # candidates -----------------------------------------------------------------------------------

    def _candidates(self) -> Iterable[_Hit]:
        norm = self.norm
        for rule in self.lex.rules:
            for m in rule.regex.finditer(norm):
                start = rule.match_start(norm, m.start())
                if start is None or _glued(norm, start):
                    continue
                hit = self._rule_hit(rule, m, start)
                if hit is not None:
                    yield hit
        for m in _DOMAIN.finditer(norm):
            if len(m.group()) > 253 or not _DOMAIN_SHAPE.fullmatch(m.group()):
                continue
            category = self.lex.domain_category(m.group())
            if category:
                kind = "博彩" if category == Category.GAMBLING else "色情"
                yield _Hit(m.start(), m.end(), category, 3, f"{kind}网站的域名", "domain", m.group())
        for m in _SITE_BEFORE_ORG.finditer(norm):
            window_start = max(0, m.start() - _NAME_WINDOW)
            boundary = _NAME_BOUNDARY.match(norm, window_start, m.start())
            start = boundary.end() if boundary else window_start
            if m.start() - start >= 2 and not norm[start : m.start()].endswith(_OWN_SITE_ENDINGS) \
                    and not _ORG_PAGE.match(norm, m.end()):
                terms = self._terms(norm[start : m.end()])
                category = max(terms, key=lambda t: t.weight).category if terms else Category.SEO_SPAM
                yield _Hit(start, m.end(), category, 3, "网站名称推广语", "site_name")

    def _rule_hit(self, rule: Rule, m: re.Match[str], start: int) -> _Hit | None:
        phrase = self.norm[start : m.end()]
        terms = self._terms(phrase)
        weight = rule.weight
        if rule.name == "phrase":
            term = self.lex.terms[m.group()]
            if term.nobare or term.discuss:
                return None  # an ordinary word on its own ("这不是一场赌博"); only combinations count
            weight = term.weight
        category = rule.category
        if category == "auto":
            category = max(terms, key=lambda t: t.weight).category if terms else Category.SEO_SPAM
        hit = _Hit(start, m.end(), category, weight, rule.message, rule.name)
        if rule.negatable and terms and all(t.discuss for t in terms if t.category != Category.SEO_SPAM):
            if self._negated(hit):
                return None
        return hit

    def _terms(self, phrase: str) -> list[Term]:
        return [self.lex.terms[t.group()] for t in self.lex.term_re.finditer(phrase) if t.group() in self.lex.terms]

    # filters --------------------------------------------------------------------------------------

    def _negated(self, hit: _Hit) -> bool:
        """Words of discussion around it ("打击赌博网站", "赌博平台的危害") mean it is not an advertisement."""
        before = self.norm[max(0, hit.start - _WINDOW) : hit.start]
        after = self.norm[hit.end : hit.end + _WINDOW]
        return bool(self.lex.negation_before_re.search(before) or self.lex.negation_after_re.search(after))

    def _keep(self, hit: _Hit) -> bool:
        """Drop a hit that cuts across an ordinary word (渊博|彩, 拨开云雾): the words were segmented wrongly."""
        if self._safe is None:
            self._safe = [m.span() for m in self.lex.safe_re.finditer(self.norm)]
        i = bisect.bisect_left(self._safe, (hit.start - 12, 0))
        for start, end in self._safe[i:]:
            if start >= hit.end:
                break
            overlaps = start < hit.end and end > hit.start
            if overlaps and not (hit.start <= start and end <= hit.end):
                return False
        return True

    # findings -------------------------------------------------------------------------------------

    def _spam_findings(self, hits: list[_Hit]) -> list[Finding]:
        placed = []
        for hit in hits:
            position = self._org_position(hit.start, hit.end) if hit.category in SPAM_CATEGORIES else None
            placed.append((hit, position))
        choices = [self.names.candidates(p, self.text) if p else {} for _, p in placed]
        replaces = _consensus([(self.norm[h.start : h.end], c) for (h, p), c in zip(placed, choices, strict=True)])

        findings = []
        for (hit, position), name in zip(placed, replaces, strict=True):
            start, end = self.folded.original(hit.start), self.folded.original_end(hit.end)
            phrase = self.text[start:end]
            if position is None:
                findings.append(
                    Finding(hit.category, phrase, start, end, _WEIGHT_SEVERITY[hit.weight], hit.message, detail=hit.detail)
                )
                continue
            message = f"组织名称的位置上出现了推广用语“{phrase}”，疑为网页被篡改、原名称被替换"
            if name:
                message += f"(原名称应为“{name}”)"
            detail = position.suffix if not position.run else position.run + position.suffix
            findings.append(
                Finding(Category.ORG_NAME_REPLACED, phrase, start, end, "high", message, replaces=name, detail=detail)
            )
        return findings

    def _org_position(self, start: int, end: int) -> _OrgPosition | None:
        """Does the phrase stand where an organisation's name belongs (before 党委, 党支部, 学院 …)?"""
        lex, norm = self.lex, self.norm
        direct = lex.org_direct_re.match(norm, end)
        direct_kind = lex.org_kind(direct.group(1)) if direct else None
        if direct and direct_kind in ("committee", "branch"):
            return _OrgPosition(direct_kind, direct.group(1), "")
        run = lex.org_run_party_re.match(norm, end)
        if run:
            return _OrgPosition("parent", run.group(2), run.group(1))
        if direct:
            return _OrgPosition(direct_kind, direct.group(1), "")
        run = lex.org_run_any_re.match(norm, end)
        if run:
            return _OrgPosition("parent", run.group(2), run.group(1))
        if lex.org_prefix_re.search(norm[max(0, start - 6) : start]):
            return _OrgPosition("committee", "", "")
        return None

    def _zero_width(self, findings: list[Finding]) -> list[Finding]:
        spans = sorted((f.start, f.end) for f in findings)
        starts = [start for start, _ in spans]
        out = []
        for m in _ZERO_WIDTH.finditer(self.text):
            run = m.group()
            if m.start() == 0 and run == "\ufeff":
                continue  # a byte-order mark at the start of a file
            marks = [z.start() for z in _ZW_CHARS.finditer(self.text, m.start(), m.end())]
            if all(self.text[i] == "\u200d" and _between_emoji(self.text, i, i + 1) for i in marks):
                continue  # joins an emoji sequence (👨\u200d👩\u200d👧)
            i = bisect.bisect_right(starts, m.start()) - 1
            inside = i >= 0 and spans[i][1] >= m.end()
            counts = Counter(_ZW_CHARS.findall(run))
            codes = "、".join(f"U+{ord(ch):04X}×{n}" if n > 1 else f"U+{ord(ch):04X}" for ch, n in counts.items())
            message = f"零宽字符 {codes}：肉眼看不见，常被用来拆开敏感词躲过检查或夹带标记"
            out.append(
                Finding(Category.ZERO_WIDTH, run, m.start(), m.end(), "high" if inside else "medium", message, detail=codes)
            )
        return out


def _glued(text: str, start: int) -> bool:
    """A match starting with a Latin letter or digit in the middle of a word (alphabet365)."""
    return start > 0 and text[start].isascii() and text[start].isalnum() and text[start - 1].isascii() and text[start - 1].isalnum()


def _between_emoji(text: str, start: int, end: int) -> bool:
    def emoji(ch: str) -> bool:
        code = ord(ch)
        return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code == 0xFE0F

    return start > 0 and end < len(text) and emoji(text[start - 1]) and emoji(text[end])


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, the longest (then heaviest) first."""
    if not hits:
        return []
    occupied = bytearray(max(h.end for h in hits))
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), -h.weight, h.start)):
        if occupied.find(1, hit.start, hit.end) == -1:
            occupied[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


def _merge_adjacent(hits: list[_Hit]) -> list[_Hit]:
    """Touching spam hits are one phrase: 伟德国际1946 + 源自英国."""
    merged: list[_Hit] = []
    for hit in hits:
        last = merged[-1] if merged else None
        if last and last.end == hit.start and last.category in SPAM_CATEGORIES and hit.category in SPAM_CATEGORIES:
            heavier = hit if hit.weight > last.weight else last
            merged[-1] = _Hit(last.start, hit.end, heavier.category, heavier.weight, heavier.message, heavier.rule)
        else:
            merged.append(hit)
    return merged


@dataclass(frozen=True, slots=True)
class _OrgPosition:
    kind: str  # committee | branch | unit | title | parent (a unit under the replaced name follows)
    suffix: str  # the organisation word that follows: 党委, 党支部, 学院 …
    run: str  # for parent: the words between the phrase and the suffix (物流管理专业教工)


class _OrgNames:
    """The official names, split into what they can tell about a replaced name."""

    def __init__(self, names: Iterable[str]):
        self.committees: set[str] = set()  # X of "X党委", "中共X委员会"
        self.branches: set[str] = set()  # X of "X党支部", "X党总支"
        self.units: set[str] = set()  # names that are not party bodies: "示例大学"
        for raw in names:
            name = re.sub(r"\s+", "", raw or "").translate(load_lexicon().fold)
            if len(name) < 2:
                continue
            prefixed = name.startswith(("中国共产党", "中共"))
            core = name.removeprefix("中国共产党").removeprefix("中共")
            for ending, bucket, needs_prefix in (
                ("总支部委员会", self.branches, False),
                ("支部委员会", self.branches, False),
                ("委员会", self.committees, True),
                ("党工委", self.committees, False),
                ("党委", self.committees, False),
                ("党组", self.committees, False),
                ("党总支", self.branches, False),
                ("党支部", self.branches, False),
                ("党小组", None, False),
            ):
                if core.endswith(ending) and (prefixed or not needs_prefix):
                    stem = core[: -len(ending)]
                    if bucket is not None and len(stem) >= 2:
                        bucket.add(stem)
                    break
            else:
                self.units.add(core)
        self.owners = self.committees | {u for u in self.units if u.endswith(_INSTITUTION_ENDINGS)}
        self.everything = self.committees | self.branches | self.units

    def candidates(self, position: _OrgPosition, text: str) -> dict[str, int]:
        """Names the phrase may have replaced, each with a score (higher is likelier)."""
        if position.kind == "committee" or position.kind == "title":
            pool = set(self.owners)
        elif position.kind == "branch":
            pool = set(self.branches)
        elif position.kind == "unit":
            suffix = position.suffix
            pool = {n[: -len(suffix)] for n in self.committees | self.units if n.endswith(suffix) and len(n) > len(suffix)}
        else:
            pool = set(self.owners)
        scores = {}
        for name in pool:
            score = 0
            if name in text:
                score += 3  # the name still appears elsewhere in the text
            if any(other != name and other.startswith(name) for other in self.everything):
                score += 2  # a parent of other registered bodies: the university itself
            if name.endswith(("大学", "学院", "学校")):
                score += 1
            if position.kind == "parent" and (name + position.run) in self.everything:
                score += 5  # "<name>物流学院" is registered
            scores[name] = score
        return scores


def _best(scores: dict[str, int]) -> str | None:
    if not scores:
        return None
    top = max(scores.values())
    winners = [name for name, score in scores.items() if score == top]
    return winners[0] if len(winners) == 1 else None


def _consensus(items: list[tuple[str, dict[str, int]]]) -> list[str | None]:
    """One phrase replaced one name: where a single occurrence cannot tell, the others decide."""
    totals: dict[str, Counter] = defaultdict(Counter)
    for phrase, scores in items:
        totals[phrase].update(scores)
    out = []
    for phrase, scores in items:
        name = _best(scores)
        if name is None and scores:
            name = _best({n: totals[phrase][n] for n in scores})
        if name is None and not scores and totals[phrase]:
            name = _best(dict(totals[phrase]))
        out.append(name)
    return out
