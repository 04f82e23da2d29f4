"""Files → text for ingest: plain text (UTF-8 / GBK), HTML (visible text only, never run) and .docx.

    read_path(path) -> Source            a file on disk (the command)
    read_upload(upload) -> Source        an uploaded file (the page); size checked before reading it all

Reading itself is textguard's (`read_document`): it refuses binary junk, files over 50 MB, zip bombs
and DTDs with a Chinese reason. Here a refusal is an `UnreadableReport` whose `str()` is that reason.
For HTML the text is what a reader sees; scripts, iframes and hidden content are never run or shown,
they are reported as findings of the text guard.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zhibu.textguard import Finding, UnreadableFile, html_text, read_document, scan_html, scan_text
from zhibu.textguard.files import HTML_SUFFIXES, MAX_FILE_BYTES
from zhibu.textguard.scanner import SPAM_CATEGORIES

SUFFIXES = frozenset({".txt", ".text", ".md", ".docx"} | HTML_SUFFIXES)
MAX_TEXT_CHARS = 200_000  # a meeting report is a few thousand characters


class UnreadableReport(Exception):
    """The file cannot be ingested; `str(exc)` is the reason in Chinese."""


@dataclass
class Source:
    name: str
    kind: str  # text | html | docx
    text: str  # what is extracted from and what spans index
    findings: list[Finding] = field(default_factory=list)  # what the text guard found (offsets: see `findings_in`)
    findings_in: str = "text"  # "text": offsets index `text`; "html": they index the HTML source
    text_findings: list[Finding] = field(default_factory=list)  # spam in `text`, offsets into `text`

    @property
    def injected(self) -> bool:
        return bool(self.findings)

    @property
    def spam_findings(self) -> list[Finding]:
        return [f for f in self.text_findings if f.category in SPAM_CATEGORIES]


def _size_error(size: int) -> str:
    return f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 {MAX_FILE_BYTES // 1024 // 1024} MB"


def read_path(path: str | os.PathLike, *, known_names=(), name: str | None = None) -> Source:
    """Read a report from disk; raises UnreadableReport with the reason in Chinese."""
    p = Path(path)
    shown = name or p.name
    try:
        document = read_document(p)
    except UnreadableFile as exc:
        raise UnreadableReport(f"无法读取“{shown}”：{exc.reason}") from None
    names = list(known_names)
    if document.kind == "html":
        text = html_text(document.text)
        findings = scan_html(document.text, known_names=names)
        source = Source(shown, "html", text, findings, "html")
    else:
        text = document.text
        source = Source(shown, document.kind, text, [], "text")
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableReport(f"“{shown}”的文字太长（{len(text)} 字），不像一篇会议报道（上限 {MAX_TEXT_CHARS} 字）")
    if not text.strip():
        raise UnreadableReport(f"“{shown}”是空的，没有可以读取的文字")
    source.text_findings = scan_text(text, known_names=names)
    if source.kind != "html":
        source.findings = list(source.text_findings)
    return source


def read_upload(upload, *, known_names=()) -> Source:
    """Read an uploaded report (a Django UploadedFile). The declared size is checked before anything
    is read, the content is read in chunks into a temporary file that keeps only the suffix."""
    name = os.path.basename(getattr(upload, "name", "") or "报道")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise UnreadableReport(f"无法读取“{name}”：{_size_error(size)}")
    if size == 0:
        raise UnreadableReport(f"“{name}”是空文件")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableReport(f"“{name}”的类型不支持：请上传 .txt、.html 或 .docx 文件")
    with tempfile.TemporaryDirectory(prefix="zhibu-ingest-") as folder:
        target = Path(folder) / f"upload{suffix}"
        written = 0
        with open(target, "wb") as handle:
            chunks = upload.chunks() if hasattr(upload, "chunks") else [upload.read()]
            for chunk in chunks:
                written += len(chunk)
                if written > MAX_FILE_BYTES:
                    raise UnreadableReport(f"无法读取“{name}”：{_size_error(written)}")
                handle.write(chunk)
        if written == 0:
            raise UnreadableReport(f"“{name}”是空文件")
        return read_path(target, known_names=known_names, name=name)
