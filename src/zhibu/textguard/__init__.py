"""Text guard: finds what defacement leaves behind — gambling, pornography and SEO-spam phrases,
phrases standing where an organisation's name belongs, hidden content and links, injected scripts
and iframes, zero-width characters — in text, HTML and .docx files.

Depends on nothing in zhibu (DESIGN: only `core` may be used); callers pass the official
organisation names in. The functions other apps call:

    scan_text(text, *, known_names=()) -> list[Finding]      offsets into the text
    scan_html(html, *, known_names=(), own_hosts=()) -> list[Finding]   offsets into the HTML source
    scan_path(path, *, known_names=()) -> list[FileResult]   a file or a folder, never raises
    html_text(html) -> str                                    the text a reader sees
    without_spam(text, findings) -> str                        spam out, known official names back in

`zhibu scan PATH... [--json]` is the command-line front.
"""

from .files import FileResult, UnreadableFile, read_document, scan_file, scan_path
from .html import html_text, scan_html
from .scanner import SEVERITIES, Category, Finding, scan_text, without_spam

__all__ = [
    "SEVERITIES",
    "Category",
    "FileResult",
    "Finding",
    "UnreadableFile",
    "html_text",
    "read_document",
    "scan_file",
    "scan_html",
    "scan_path",
    "scan_text",
    "without_spam",
]
