"""Reading and scanning files: plain text (UTF-8, or GB18030/GBK as older Chinese sites and Word
exports save it), HTML, .docx, and folders recursively.

    scan_path("reports/", known_names=…) -> [FileResult, …]   # one per file, never raises for bad input

Bad input is refused with a reason in Chinese (`UnreadableFile`), never a traceback: a missing file,
binary junk, an encoding that is neither UTF-8 nor GB18030, a file over 50 MB, a .docx whose
parts would inflate beyond 50 MB or far beyond their compressed size (a zip bomb), a .docx with a
DTD (entity expansion). Nothing read is executed.

Offsets in a `FileResult`'s findings are into `FileResult.text`: the decoded text, the HTML source,
or for .docx the extracted text (one line per paragraph).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .html import scan_html
from .scanner import SPAM_CATEGORIES, Category, Finding, scan_text

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100  # uncompressed / compressed, for parts over 1 MB
MAX_ZIP_ENTRIES = 5000

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".json", ".xml", ".log", ""})
SCANNED_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES - {""} | {".docx"}
UNSUPPORTED = {
    ".doc": "旧版 Word 文档(.doc)", ".pdf": "PDF 文件", ".xls": "Excel 表格", ".xlsx": "Excel 表格",
    ".ppt": "PowerPoint 文件", ".pptx": "PowerPoint 文件", ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包",
    ".png": "图片", ".jpg": "图片", ".jpeg": "图片", ".gif": "图片", ".webp": "图片",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_PARTS = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|a|span)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([a-z0-9_-]+)""", re.I)
_JUNK = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ue000-\uf8ff]")


class UnreadableFile(Exception):
    def __init__(self, path: str | os.PathLike, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(slots=True)
class Document:
    path: str
    kind: str  # "text" | "html" | "docx"
    text: str
    encoding: str | None = None
    hidden: list[tuple[int, int, str]] = field(default_factory=list)  # .docx runs a reader cannot see


@dataclass(slots=True)
class FileResult:
    path: str
    kind: str | None
    text: str
    findings: list[Finding]
    encoding: str | None = None
    error: str | None = None


def decode_bytes(data: bytes, *, path: str = "", html: bool = False) -> tuple[str, str]:
    """The text and the encoding it was in: a byte-order mark, a declared HTML charset, UTF-8 or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        if b"\x00" in data:
            raise UnreadableFile(path, "是二进制文件，不是文本")
        candidates = ["utf-8", "gb18030"]
        declared = _META_CHARSET.search(data[:4096]) if html else None
        if declared:
            name = declared.group(1).decode("ascii").lower()
            if name in ("gbk", "gb2312", "gb18030", "x-gbk", "cp936"):
                candidates = ["gb18030", "utf-8"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        junk = len(_JUNK.findall(text[:200_000]))
        if junk > max(2, len(text[:200_000]) // 100):
            raise UnreadableFile(path, "内容像是二进制数据，不是文本")
        return text, "gbk/gb18030" if encoding == "gb18030" else encoding
    raise UnreadableFile(path, "无法识别为文本：既不是 UTF-8 也不是 GB18030/GBK 编码的文字，可能是二进制文件")


def read_document(path: str | os.PathLike) -> Document:
    """Read one file for scanning; raises UnreadableFile with the reason."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(path, "文件不存在") from None
    except OSError as exc:
        raise UnreadableFile(path, f"无法访问（{exc.strerror}）") from None
    if p.is_dir():
        raise UnreadableFile(path, "是目录")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(path, f"文件太大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    suffix = p.suffix.lower()
    if suffix in UNSUPPORTED:
        raise UnreadableFile(path, f"不支持的文件类型：{UNSUPPORTED[suffix]}（可以检查 .txt、.html、.docx）")
    try:
        with open(p, "rb") as handle:
            head = handle.read(8)
            is_zip = head.startswith(b"PK\x03\x04")
            data = None if is_zip else head + handle.read()
    except OSError as exc:
        raise UnreadableFile(path, f"无法读取（{exc.strerror}）") from None
    if suffix == ".docx" or is_zip:
        if not is_zip:
            raise UnreadableFile(path, "不是有效的 .docx 文件（不是 zip 格式）")
        text, hidden = docx_text(p)
        return Document(str(path), "docx", text, None, hidden)
    html = suffix in HTML_SUFFIXES or (suffix in TEXT_SUFFIXES and _HTML_START.match(data[:2048]) is not None)
    text, encoding = decode_bytes(data, path=str(path), html=html)
    return Document(str(path), "html" if html else "text", text, encoding)


def docx_text(path: str | os.PathLike) -> tuple[str, list[tuple[int, int, str]]]:
    """The text of a .docx (body, headers, footers, notes: a line per paragraph) and the spans of
    runs a reader cannot see (hidden, white or 1-point text). Guards against zip bombs and DTDs."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise UnreadableFile(path, f"压缩包里的文件太多（{len(infos)}个），疑似压缩炸弹")
            parts = sorted(
                (i for i in infos if _DOCX_PARTS.fullmatch(i.filename)),
                key=lambda i: (i.filename != "word/document.xml", i.filename),
            )
            if not parts or parts[0].filename != "word/document.xml":
                raise UnreadableFile(path, "不是有效的 .docx 文件（缺少 word/document.xml）")
            declared = sum(i.file_size for i in parts)
            if declared > MAX_DOCX_XML_BYTES:
                raise UnreadableFile(path, f"解压后有 {declared / 1024 / 1024:.0f} MB，超过上限，疑似压缩炸弹")
            for info in parts:
                if info.file_size > 1024 * 1024 and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
                    raise UnreadableFile(path, f"{info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），疑似压缩炸弹")
            pieces: list[str] = []
            hidden: list[tuple[int, int, str]] = []
            budget = MAX_DOCX_XML_BYTES
            for info in parts:
                data = _read_capped(archive, info, budget, path)
                budget -= len(data)
                _docx_part_text(data, pieces, hidden, path)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(path, f"不是有效的 .docx 文件（{exc}）") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error, OSError) as exc:
        raise UnreadableFile(path, f"无法解压 .docx 文件（{exc}）") from None
    return "".join(pieces).rstrip("\n"), hidden


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, path) -> bytes:
    """Read one member, refusing as soon as it inflates past the budget (declared sizes can lie)."""
    chunks, total = [], 0
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            total += len(chunk)
            if total > budget:
                raise UnreadableFile(path, f"{info.filename} 解压后超过 {MAX_DOCX_XML_BYTES // 1024 // 1024} MB，疑似压缩炸弹")
            chunks.append(chunk)
    return b"".join(chunks)


def _docx_part_text(data: bytes, pieces: list[str], hidden: list[tuple[int, int, str]], path) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise UnreadableFile(path, "文档里含有 DTD 实体定义，拒绝读取（可能是实体膨胀攻击）")
    length = sum(len(p) for p in pieces)
    run_hidden: str | None = None
    in_run_properties = False
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _W + "r":
                    run_hidden = None
                elif tag == _W + "rPr":
                    in_run_properties = True
                elif in_run_properties and run_hidden is None:
                    run_hidden = _run_hidden(tag, element)
                continue
            if tag == _W + "rPr":
                in_run_properties = False
            elif tag == _W + "t":
                text = element.text or ""
                if run_hidden and text.strip():
                    hidden.append((length, length + len(text), run_hidden))
                pieces.append(text)
                length += len(text)
            elif tag in (_W + "tab", _W + "ptab"):
                pieces.append("\t")
                length += 1
            elif tag in (_W + "br", _W + "cr"):
                pieces.append("\n")
                length += 1
            elif tag == _W + "p":
                pieces.append("\n")
                length += 1
                element.clear()
    except ElementTree.ParseError as exc:
        raise UnreadableFile(path, f"文档内容不是有效的 XML({exc})") from None


def _run_hidden(tag: str, element: ElementTree.Element) -> str | None:
    value = (element.get(_W + "val") or "").lower()
    if tag in (_W + "vanish", _W + "specVanish") and value not in ("0", "false", "off"):
        return "隐藏文字(vanish)"
    if tag == _W + "color" and value in ("ffffff", "fefefe"):
        return "白色文字"
    if tag == _W + "sz" and value.isdigit() and int(value) <= 2:
        return f"字号 {int(value) / 2:g} 磅"
    return None


def scan_document(document: Document, *, known_names: Iterable[str] = (), own_hosts: Iterable[str] = ()) -> list[Finding]:
    if document.kind == "html":
        return scan_html(document.text, known_names=known_names, own_hosts=own_hosts)
    findings = scan_text(document.text, known_names=known_names)
    spam = [f for f in findings if f.category in SPAM_CATEGORIES]
    for start, end, reason in document.hidden:
        has_spam = any(start <= f.start < end for f in spam)
        phrase = re.sub(r"\s+", " ", document.text[start:end]).strip()
        message = f"文档里有读者看不到的文字（{reason}）" + ("，其中有推广用语" if has_spam else "")
        findings.append(
            Finding(Category.HIDDEN_CONTENT, phrase, start, end, "high" if has_spam else "low", message, detail=reason)
        )
    findings.sort(key=lambda f: (f.start, f.end))
    return findings


def scan_file(path: str | os.PathLike, *, known_names: Iterable[str] = (), own_hosts: Iterable[str] = ()) -> FileResult:
    """Scan one file; an unreadable one comes back with `error` set instead of raising."""
    try:
        document = read_document(path)
    except UnreadableFile as exc:
        return FileResult(str(path), None, "", [], error=exc.reason)
    findings = scan_document(document, known_names=known_names, own_hosts=own_hosts)
    return FileResult(document.path, document.kind, document.text, findings, document.encoding)


def iter_files(path: str | os.PathLike) -> Iterator[Path]:
    """The path itself, or for a folder every scannable file under it (hidden entries and symlinked
    folders skipped), in a stable order."""
    root = Path(path)
    if not root.is_dir():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            candidate = Path(folder) / name
            if not name.startswith(".") and candidate.suffix.lower() in SCANNED_SUFFIXES:
                yield candidate


def scan_path(path: str | os.PathLike, *, known_names: Iterable[str] = (), own_hosts: Iterable[str] = ()) -> list[FileResult]:
    names, hosts = list(known_names), list(own_hosts)
    return [scan_file(p, known_names=names, own_hosts=hosts) for p in iter_files(path)]
