"""HTML checks: hidden content, hidden and deceptive links, injected scripts, iframes and redirects,
zero-width characters, and every text check on the page's text and telling attributes.

    scan_html(source, known_names=…, own_hosts=["www.example.edu.cn"]) -> [Finding, …]
    html_text(source) -> the text a reader sees (hidden elements left out)

Offsets are into the raw HTML source: `source[f.start:f.end]` is the markup the finding is about
(a whole hidden element, a `<script>` element, the source of a spam phrase, which may contain
tags and character references), while `f.phrase` is what a reader or crawler gets: the visible
text, or the element's text content. The page is parsed with the standard library's
`html.parser`, never rendered, and nothing in it is run or fetched.

Hidden means: `display:none`, `visibility:hidden`, zero opacity or font size, positioned or indented
off-screen, a zero-size box with `overflow:hidden`, clipped away, scaled to nothing, text in the
background's colour, the `hidden` attribute, or a 0×1 `<marquee>`. Inline styles count, and so do
simple class and id rules (`.x{display:none}`) in the page's own `<style>` elements; `@media`
rules are ignored (responsive layouts hide things legitimately).
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .lexicon import load_lexicon
from .scanner import SPAM_CATEGORIES, Category, Finding, scan_text

VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr basefont frame".split()
)
BLOCK = frozenset(
    """address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table
    tbody td tfoot th thead title tr ul option""".split()
)
IMPLIED_END = frozenset("p li option tr td th dt dd".split())
TEXT_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
META_TEXT = frozenset({"keywords", "description", "og:title", "og:description", "twitter:title", "twitter:description"})
FRAMES = frozenset({"iframe", "frame", "embed", "object"})
_SECOND_LEVEL = frozenset({"com", "net", "org", "edu", "gov", "ac", "co", "mil", "int"})

_SUSPICIOUS_JS = [
    (re.compile(r"document\s*\.\s*write(?:ln)?\s*\("), "用 document.write 往页面写入内容"),
    (
        re.compile(r"\blocation(?:\s*\.\s*href)?\s*=(?!=)|\blocation\s*\.\s*(?:replace|assign)\s*\(|\.navigate\s*\("),
        "把访客跳转到别的网址",
    ),
    (re.compile(r"\beval\s*\(|new\s+function\s*\(|settimeout\s*\(\s*['\"]"), "把字符串当代码执行"),
    (re.compile(r"\b(?:atob|unescape)\s*\(|string\s*\.\s*fromcharcode|decodeuricomponent\s*\("), "解码隐藏起来的字符串"),
    (re.compile(r"(?:\\x[0-9a-f]{2}){8,}|(?:\\u[0-9a-f]{4}){8,}|(?:%[0-9a-f]{2}){12,}"), "含有编码过的字符串"),
    (re.compile(r"document\s*\.\s*referrer"), "按访客从哪里来(搜索引擎)区别对待"),
    (
        re.compile(r"navigator\s*\.\s*useragent[\s\S]{0,300}?(?:spider|bot|baidu|sogou|360|bing|google|yisou)"),
        "对搜索引擎爬虫显示不同内容",
    ),
    (re.compile(r"\.style\s*\.\s*(?:display\s*=\s*['\"]none|visibility\s*=\s*['\"]hidden)"), "用脚本隐藏内容"),
    (re.compile(r"createelement\s*\(\s*['\"](?:script|iframe)"), "动态插入脚本或框架"),
    (re.compile(r"window\s*\.\s*open\s*\("), "弹出新窗口"),
]
_NAMED_COLORS = {
    "white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "navy": "#000080",
    "maroon": "#800000", "purple": "#800080", "orange": "#ffa500", "whitesmoke": "#f5f5f5",
    "snow": "#fffafa", "ivory": "#fffff0", "ghostwhite": "#f8f8ff", "azure": "#f0ffff",
}
_COLOR_TOKEN = re.compile(r"#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|\btransparent\b|\b(?:" + "|".join(_NAMED_COLORS) + r")\b")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh|cm|mm|in|pc|ex|ch)?$")
_DOMAIN_TEXT = re.compile(r"^(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,12})(?:[:/?#]\S*)?$")


def scan_html(source: str, *, known_names: Iterable[str] = (), own_hosts: Iterable[str] = ()) -> list[Finding]:
    """Every finding in an HTML page or fragment, with offsets into `source`."""
    return _HtmlScan(source, known_names=list(known_names), own_hosts=own_hosts).run()


def html_text(source: str, *, include_hidden: bool = False) -> str:
    """The page's visible text (block elements on lines of their own); hidden elements left out."""
    parser = _Parser(source)
    parser.parse()
    text = "".join(p for p, hidden in zip(parser.pieces, parser.piece_hidden, strict=True) if include_hidden or not hidden)
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# --- CSS --------------------------------------------------------------------------------------------------


def parse_declarations(style: str) -> dict[str, str]:
    declarations = {}
    for part in (style or "").split(";"):
        name, colon, value = part.partition(":")
        if colon:
            declarations[name.strip().lower()] = value.lower().replace("!important", "").strip()
    return declarations


def parse_stylesheet(css: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Top-level `.class` and `#id` rules of a style sheet (at-rules such as @media skipped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S).lower()
    classes: dict[str, dict[str, str]] = {}
    ids: dict[str, dict[str, str]] = {}
    depth, selector_start, body_start, selector = 0, 0, 0, ""
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                selector, body_start = css[selector_start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                if not selector.startswith("@"):
                    declarations = parse_declarations(css[body_start:i])
                    for one in selector.split(","):
                        m = re.fullmatch(r"[a-z0-9]*([.#])([\w-]+)", one.strip())
                        if m:
                            bucket = classes if m.group(1) == "." else ids
                            bucket.setdefault(m.group(2), {}).update(declarations)
                selector_start = i + 1
            depth = max(depth, 0)
    return classes, ids


def _px(value: str | None) -> float | None:
    if not value:
        return None
    m = _LENGTH.match(value.split()[0] if value.split() else value)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2) or "px"
    return number * {"px": 1, "pt": 1.33, "em": 16, "rem": 16, "ex": 8, "ch": 8, "pc": 16, "in": 96, "cm": 38, "mm": 3.8}.get(
        unit, 1
    )


def _color(value: str | None) -> str | None:
    """'#rrggbb', 'transparent' or None."""
    if not value:
        return None
    m = _COLOR_TOKEN.search(value.lower())
    if not m:
        return None
    token = m.group()
    if token in _NAMED_COLORS:
        return _NAMED_COLORS[token]
    if token == "transparent":
        return "transparent"
    if token.startswith("#"):
        digits = token[1:]
        if len(digits) in (3, 4):
            digits = "".join(ch * 2 for ch in digits[:3]) + ("".join(ch * 2 for ch in digits[3:]))
        if len(digits) == 8 and digits[6:] == "00":
            return "transparent"
        return "#" + digits[:6] if len(digits) >= 6 else None
    numbers = re.findall(r"[\d.]+%?", token)
    if len(numbers) >= 4 and float(numbers[3].rstrip("%")) == 0:
        return "transparent"
    if len(numbers) >= 3:
        channels = [min(255, int(float(n.rstrip("%")) * (2.55 if n.endswith("%") else 1))) for n in numbers[:3]]
        return "#" + "".join(f"{c:02x}" for c in channels)
    return None


def _close_colors(a: str, b: str) -> bool:
    if "transparent" in (a, b):
        return False
    return max(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) for i in (1, 3, 5)) <= 12


def _near_white(color: str) -> bool:
    return color != "transparent" and all(int(color[i : i + 2], 16) >= 0xF0 for i in (1, 3, 5))


def _hidden_reason(tag: str, attrs: dict[str, str], css: dict[str, str], bg: str | None) -> tuple[str | None, bool]:
    """Why the element cannot be seen, and whether that is only a guess (white text, background unknown)."""
    if not css and not attrs.keys() & {"hidden", "width", "height", "color"}:
        return None, False
    if "hidden" in attrs:
        return "hidden 属性", False
    if css.get("display") == "none":
        return "display:none", False
    if css.get("visibility") in ("hidden", "collapse"):
        return f"visibility:{css['visibility']}", False
    try:
        if "opacity" in css and float(css["opacity"]) <= 0.05:
            return f"opacity:{css['opacity']}", False
    except ValueError:
        pass
    size = _px(css.get("font-size"))
    if size is not None and size <= 1:
        return f"font-size:{css['font-size']}", False
    for prop in ("left", "top", "right", "bottom", "margin-left", "margin-top", "text-indent"):
        offset = _px(css.get(prop))
        if offset is not None and offset <= -500:
            return f"移到屏幕外（{prop}:{css[prop]}）", False
    overflow = css.get("overflow", "") + css.get("overflow-x", "") + css.get("overflow-y", "")
    if "hidden" in overflow or "clip" in overflow:
        for prop in ("height", "max-height", "width", "max-width", "line-height"):
            extent = _px(css.get(prop))
            if extent is not None and extent <= 1:
                return f"{prop}:{css[prop]};overflow:hidden", False
    if css.get("position") in ("absolute", "fixed") and re.match(r"rect\(\s*[01](?:px)?[\s,]+[01](?:px)?", css.get("clip", "")):
        return f"clip:{css['clip']}", False
    if re.search(r"inset\(\s*(?:50|100)%|circle\(\s*0", css.get("clip-path", "")):
        return f"clip-path:{css['clip-path']}", False
    if re.search(r"scale[xy]?\(\s*0(?:\.0+)?\s*[,)]", css.get("transform", "")):
        return f"transform:{css['transform']}", False
    if tag in ("marquee", "div", "span", "p", "font", "section"):
        for prop in ("width", "height"):
            if attrs.get(prop, "").strip() in ("0", "1", "0px", "1px"):
                return f"{prop}={attrs[prop]}", False
    color = _color(css.get("color") or attrs.get("color"))
    if color == "transparent":
        return "文字透明", False
    if color and bg and bg != "transparent" and _close_colors(color, bg):
        return f"文字颜色与背景色相同（{color}）", False
    if color and bg is None and _near_white(color):
        return f"白色文字（{color}），背景色不明", True
    return None, False


# --- parsing ----------------------------------------------------------------------------------------------


@dataclass(eq=False)
class _Region:
    tag: str
    start: int
    reason: str
    soft: bool
    text_start: int
    text_end: int = -1
    end: int = -1
    external: list[str] = field(default_factory=list)


@dataclass(eq=False)
class _Link:
    href: str
    start: int
    href_span: tuple[int, int]
    text_start: int
    region: _Region | None
    text_end: int = -1
    end: int = -1


@dataclass(eq=False)
class _Element:
    tag: str
    start: int
    region: _Region | None
    owns_region: bool
    bg: str | None
    link: _Link | None = None


class _Parser(HTMLParser):
    """Collects the visible text (with a map back to the source), hidden regions, links, scripts,
    frames and the other markup the checks need. Executes and fetches nothing."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.pieces: list[str] = []
        self.piece_hidden: list[bool] = []
        self.seg_text: list[int] = []  # visible-text offset where each piece starts
        self.seg_src: list[tuple[int, int, bool]] = []  # its source span, and whether it maps 1:1
        self.length = 0
        self.stack: list[_Element] = []
        self.regions: list[_Region] = []
        self.links: list[_Link] = []
        self.scripts: list[dict] = []  # start, end, attrs, content, content_start
        self.frames: list[dict] = []
        self.events: list[tuple[int, int, str, str]] = []  # start, end, attribute, value
        self.refreshes: list[tuple[int, int, str]] = []
        self.attribute_texts: list[tuple[int, int, str, bool]] = []  # start, end, text, exact
        self.own_hosts: set[str] = set()
        classes: dict[str, dict[str, str]] = {}
        ids: dict[str, dict[str, str]] = {}
        for m in re.finditer(r"<style\b[^>]*>(.*?)</style\s*>", source, flags=re.S | re.I):
            more_classes, more_ids = parse_stylesheet(m.group(1))
            for name, declarations in more_classes.items():
                classes.setdefault(name, {}).update(declarations)
            for name, declarations in more_ids.items():
                ids.setdefault(name, {}).update(declarations)
        self.css_classes, self.css_ids = classes, ids
        self._script: dict | None = None
        self._in_style = False

    def parse(self) -> None:
        try:
            self.feed(self.source)
            self.close()
        except (AssertionError, ValueError, IndexError):
            pass  # a broken tail of a malformed page: keep what was read
        end = len(self.source)
        while self.stack:
            self._pop(end)
        if self._script is not None:
            self._end_script(end)

    # positions and text -----------------------------------------------------------------------------

    def _pos(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _add_text(self, text: str, src_start: int, src_end: int, exact: bool) -> None:
        if not text:
            return
        self.seg_text.append(self.length)
        self.seg_src.append((src_start, src_end, exact))
        self.pieces.append(text)
        region = self.stack[-1].region if self.stack else None
        self.piece_hidden.append(region is not None and not region.soft)
        self.length += len(text)

    def _break(self, position: int) -> None:
        if self.pieces and not self.pieces[-1].endswith("\n"):
            self._add_text("\n", position, position, False)

    def source_start(self, offset: int) -> int:
        i = max(0, bisect.bisect_right(self.seg_text, offset) - 1)
        if not self.seg_src:
            return 0
        start, _, exact = self.seg_src[i]
        return start + (offset - self.seg_text[i]) if exact else start

    def source_end(self, offset: int) -> int:
        if offset <= 0 or not self.seg_src:
            return 0
        i = max(0, bisect.bisect_right(self.seg_text, offset - 1) - 1)
        start, end, exact = self.seg_src[i]
        return start + (offset - self.seg_text[i]) if exact else end

    # events ------------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attr_list: list[tuple[str, str | None]], *, self_closing: bool) -> None:
        start = self._pos()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        attrs = {name.lower(): (value or "") for name, value in attr_list}
        if tag in IMPLIED_END and self.stack and self.stack[-1].tag == tag:
            self._pop(start)
        if tag in BLOCK:
            self._break(start)
        parent = self.stack[-1] if self.stack else None

        css: dict[str, str] = {}
        for name in attrs.get("class", "").lower().split():
            css.update(self.css_classes.get(name, {}))
        if attrs.get("id"):
            css.update(self.css_ids.get(attrs["id"].lower(), {}))
        css.update(parse_declarations(attrs.get("style", "")))
        inherited_bg = parent.bg if parent else None
        own_bg = _color(css.get("background-color") or css.get("background") or attrs.get("bgcolor"))
        reason, soft = _hidden_reason(tag, attrs, css, own_bg or inherited_bg)

        region = parent.region if parent else None
        owns = False
        if reason and (region is None or (region.soft and not soft)):
            region = _Region(tag, start, reason, soft, self.length)
            self.regions.append(region)
            owns = True

        self._inspect(tag, attrs, raw, start, end, region, css)

        if tag == "script" and not self_closing:
            self._script = {"start": start, "attrs": attrs, "content": "", "content_start": end, "region": region}
            return
        if tag == "style" and not self_closing:
            self._in_style = True
            return
        if tag in VOID or self_closing:
            if owns:
                region.end, region.text_end = end, self.length
            return
        element = _Element(tag, start, region, owns, own_bg or inherited_bg)
        if tag == "a" and "href" in attrs:
            element.link = _Link(attrs["href"].strip(), start, _attribute_span(raw, "href", start), self.length, region)
            self.links.append(element.link)
        self.stack.append(element)

    def _inspect(self, tag, attrs, raw, start, end, region, css) -> None:
        for name, value in attrs.items():
            if name.startswith("on") and value.strip():
                self.events.append((*_attribute_span(raw, name, start), name, value))
        for name in TEXT_ATTRIBUTES:
            if attrs.get(name):
                self._attribute_text(raw, name, start)
        if tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or "").lower()
            if key in META_TEXT and attrs.get("content"):
                self._attribute_text(raw, "content", start)
            if attrs.get("http-equiv", "").lower() == "refresh":
                m = re.search(r"url\s*=\s*['\"]?([^'\";]+)", attrs.get("content", ""), re.I)
                if m:
                    self.refreshes.append((start, end, m.group(1).strip()))
            if attrs.get("property", "").lower() == "og:url":
                self._own(attrs.get("content", ""))
        if tag == "base" or (tag == "link" and "canonical" in attrs.get("rel", "").lower()):
            self._own(attrs.get("href", ""))
        if tag in FRAMES:
            src = (attrs.get("src") or attrs.get("data") or "").strip()
            tiny = any(attrs.get(p, "").strip() in ("0", "1", "0px", "1px") for p in ("width", "height"))
            tiny = tiny or any((_px(css.get(p)) or 2) <= 1 for p in ("width", "height"))
            self.frames.append({"tag": tag, "start": start, "end": end, "src": src, "hidden": bool(region) or tiny})
            if region is not None and _is_absolute(src):
                region.external.append(src)

    def _own(self, url: str) -> None:
        host = urlsplit(url.strip()).hostname if _is_absolute(url.strip()) else None
        if host:
            self.own_hosts.add(host.lower())

    def _attribute_text(self, raw: str, name: str, tag_start: int) -> None:
        m = _attribute_match(raw, name)
        if not m:
            return
        value = next(g for g in m.groups()[1:] if g is not None)
        value_start = tag_start + m.start(m.lastindex)
        text = htmllib.unescape(value)
        self.attribute_texts.append((value_start, value_start + len(value), text, text == value))

    def handle_endtag(self, tag: str) -> None:
        position = self._pos()
        raw_end = self.source.find(">", position)
        end = raw_end + 1 if raw_end >= 0 else len(self.source)
        if tag == "script" and self._script is not None:
            self._end_script(end)
            return
        if tag == "style":
            self._in_style = False
            return
        if any(element.tag == tag for element in self.stack):
            while self.stack:
                element = self._pop(end)
                if element.tag == tag:
                    break
        if tag in BLOCK:
            self._break(position)

    def _pop(self, end: int) -> _Element:
        element = self.stack.pop()
        if element.link is not None:
            element.link.text_end, element.link.end = self.length, end
        if element.owns_region and element.region is not None:
            element.region.end, element.region.text_end = end, self.length
        return element

    def _end_script(self, end: int) -> None:
        script, self._script = self._script, None
        script["end"] = end
        self.scripts.append(script)

    def handle_data(self, data: str) -> None:
        start = self._pos()
        if self._script is not None:
            if not self._script["content"]:
                self._script["content_start"] = start
            self._script["content"] += data
            return
        if self._in_style:
            return
        self._add_text(data, start, start + len(data), True)

    def handle_entityref(self, name: str) -> None:
        self._reference(name, numeric=False)

    def handle_charref(self, name: str) -> None:
        self._reference(name, numeric=True)

    def _reference(self, name: str, *, numeric: bool) -> None:
        start = self._pos()
        end = start + len(name) + (2 if numeric else 1)
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        if self._script is not None:
            self._script["content"] += raw
            return
        if not self._in_style:
            self._add_text(htmllib.unescape(raw), start, end, False)


def _attribute_match(raw_tag: str, name: str) -> re.Match[str] | None:
    """Group 1 the name, then one of groups 2–4 the raw value (double-, single- or unquoted)."""
    return re.search(
        rf"""[\s"'/]({re.escape(name)})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", raw_tag, flags=re.I
    )


def _attribute_span(raw_tag: str, name: str, tag_start: int) -> tuple[int, int]:
    m = _attribute_match(raw_tag, name)
    if not m:
        return tag_start, tag_start + len(raw_tag)
    return tag_start + m.start(m.lastindex), tag_start + m.end(m.lastindex)


def _is_absolute(url: str) -> bool:
    return bool(re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", url, re.I))


def _registrable(host: str) -> str:
    """The site a host belongs to: example.com for news.example.com, sjtu.edu.cn for www.sjtu.edu.cn."""
    labels = host.lower().rstrip(".").removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _collapse(text: str, limit: int = 80) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the checks -------------------------------------------------------------------------------------------


class _HtmlScan:
    def __init__(self, source: str, *, known_names: list[str], own_hosts: Iterable[str]):
        self.source = source
        self.known_names = known_names
        self.parser = _Parser(source)
        self.parser.parse()
        self.own = {h.lower() for h in own_hosts} | self.parser.own_hosts
        self.own_domains = {_registrable(h) for h in self.own}
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        p = self.parser
        text = "".join(p.pieces)
        text_findings = scan_text(text, known_names=self.known_names)
        for f in text_findings:
            self._add(f.category, f.phrase, p.source_start(f.start), p.source_end(f.end), f.severity, f.message,
                      replaces=f.replaces, detail=f.detail)
        spam_offsets = [f.start for f in text_findings if f.category in SPAM_CATEGORIES]
        for start, end, value, exact in p.attribute_texts:
            for f in scan_text(value, known_names=self.known_names):
                s, e = (start + f.start, start + f.end) if exact else (start, end)
                self._add(f.category, f.phrase, s, e, f.severity, f.message + "(在标签属性里)", detail=f.detail)
        self._regions(text, spam_offsets)
        self._links(text)
        self._scripts()
        self._frames()
        self._refreshes()
        self.findings.sort(key=lambda f: (f.start, f.end, f.category))
        return self.findings

    def _add(self, category, phrase, start, end, severity, message, *, replaces=None, detail=None) -> None:
        self.findings.append(Finding(str(category), phrase, start, end, severity, message, replaces, detail))

    def _external(self, url: str) -> str | None:
        """The host of an absolute URL that leaves the site, else None."""
        if not _is_absolute(url):
            return None
        host = (urlsplit(url if "//" in url[:12] else "http:" + url).hostname or "").lower()
        if not host or host in self.own or _registrable(host) in self.own_domains:
            return None
        return host

    def _regions(self, text: str, spam_offsets: list[int]) -> None:
        links_in: dict[int, list[_Link]] = {}
        for link in self.parser.links:
            if link.region is not None:
                links_in.setdefault(id(link.region), []).append(link)
        spam_offsets = sorted(spam_offsets)
        for region in self.parser.regions:
            end = region.end if region.end >= 0 else len(self.source)
            text_end = region.text_end if region.text_end >= 0 else len(text)
            content = _collapse(text[region.text_start : text_end])
            links = links_in.get(id(region), [])
            external = [link.href for link in links if self._external(link.href)] + [
                src for src in region.external if self._external(src)
            ]
            i = bisect.bisect_left(spam_offsets, region.text_start)
            spam = i < len(spam_offsets) and spam_offsets[i] < text_end
            if not content and not links:
                continue
            if region.soft and not (external or spam):
                continue
            if spam or external:
                severity = "high"
            else:
                severity = "low"
            what = []
            if links:
                what.append(f"{len(links)}个链接")
            if spam:
                what.append("推广用语")
            message = f"隐藏的内容（{region.reason}）"
            if what:
                message += "，其中有" + "、".join(what)
            message += "：读者看不到，搜索引擎却会收录"
            phrase = content or f"<{region.tag}>"
            self._add(Category.HIDDEN_CONTENT, phrase, region.start, end, severity, message, detail=region.reason)

    def _links(self, text: str) -> None:
        lex = load_lexicon()
        for link in self.parser.links:
            end = link.end if link.end >= 0 else len(self.source)
            text_end = link.text_end if link.text_end >= 0 else len(text)
            label = _collapse(text[link.text_start : text_end])
            href = link.href
            scheme = href.split(":", 1)[0].lower().strip() if ":" in href else ""
            if scheme in ("javascript", "vbscript", "data"):
                severity = "high" if scheme != "javascript" or _js_reasons(href) else "medium"
                self._add(Category.SCRIPT, label or href[:60], link.start, end, severity,
                          f"链接里藏着{scheme}代码，点击就会执行", detail=_collapse(href, 120))
                continue
            host = self._external(href)
            target = (urlsplit(href if "//" in href[:12] else "http:" + href).hostname or "") if _is_absolute(href) else ""
            if target:
                category = lex.domain_category(target)
                if category:
                    kind = "博彩" if category == "gambling" else "色情"
                    self._add(category, target, *link.href_span, "high", f"链接指向{kind}网站", detail=href)
            shown = _DOMAIN_TEXT.match(label.lower().translate(lex.fold)) if label else None
            if shown and target and _registrable(shown.group(1)) != _registrable(target):
                self._add(Category.DECEPTIVE_LINK, label, link.start, end, "high",
                          f"链接文字显示为 {label}，实际却指向 {target}", detail=href)
            elif link.region is not None:
                severity = "high" if host else "low"
                where = f"站外网址 {host}" if host else href
                self._add(Category.DECEPTIVE_LINK, label or href, link.start, end, severity,
                          f"隐藏的链接（{link.region.reason}），指向{where}：典型的“暗链”", detail=href)

    def _scripts(self) -> None:
        lex = load_lexicon()
        for script in self.parser.scripts:
            attrs, content = script["attrs"], script["content"]
            kind = attrs.get("type", "").lower()
            src = attrs.get("src", "").strip()
            if kind in ("application/ld+json", "application/json", "text/template", "text/x-template"):
                executable = False
            else:
                executable = True
            base = script["content_start"]
            for f in scan_text(content, known_names=self.known_names):
                self._add(f.category, f.phrase, base + f.start, base + f.end, f.severity,
                          f.message + "(在脚本里)", detail=f.detail)
            if not executable:
                continue
            reasons = _js_reasons(content)
            host = self._external(src) if src else None
            spam_host = lex.domain_category(host) if host else None
            if reasons or spam_host or script["region"] is not None:
                severity = "high"
            elif host:
                severity = "medium"
            else:
                severity = "low"
            if src:
                phrase = f"<script src={src}>"
                message = f"加载站外脚本（{host}）" if host else "加载脚本"
            else:
                phrase = _collapse(content, 60) or "<script>"
                message = "页面里嵌有脚本"
            if spam_host:
                message += "，来自博彩/色情网站"
            if reasons:
                message += ":" + "、".join(reasons)
            self._add(Category.SCRIPT, phrase, script["start"], script["end"], severity, message,
                      detail=src or None)
        for start, end, name, value in self.parser.events:
            reasons = _js_reasons(value)
            message = f"标签上的事件代码 {name}" + (":" + "、".join(reasons) if reasons else "")
            self._add(Category.SCRIPT, _collapse(value, 60), start, end, "high" if reasons else "low", message,
                      detail=name)

    def _frames(self) -> None:
        lex = load_lexicon()
        for frame in self.parser.frames:
            src = frame["src"]
            host = self._external(src) if src else None
            spam_host = lex.domain_category(host) if host else None
            if frame["hidden"] or spam_host:
                severity = "high"
            elif host:
                severity = "medium"
            else:
                severity = "low"
            message = f"内嵌{frame['tag']}框架，加载 {src or '(无地址)'}"
            if frame["hidden"]:
                message += "，而且读者看不到"
            if spam_host:
                message += "，来自博彩/色情网站"
            self._add(Category.IFRAME, f"<{frame['tag']} src={src}>", frame["start"], frame["end"], severity, message,
                      detail=src or None)

    def _refreshes(self) -> None:
        for start, end, url in self.parser.refreshes:
            host = self._external(url)
            severity = "high" if host else "medium"
            self._add(Category.REDIRECT, url, start, end, severity, f"页面会自动跳转到 {url}", detail=url)


def _js_reasons(code: str) -> list[str]:
    folded = code.lower()
    return [reason for regex, reason in _SUSPICIOUS_JS if regex.search(folded)]
