"""zhibu scan PATH... [--json] [--min-severity low|medium|high] [--known-name NAME] [--site HOST] [--no-db]

Exit status: 0 nothing found, 1 something found, 2 some input could not be read (that wins: the
scan is incomplete). Text output is one line per finding, `file:line:column: …`, columns counted in
characters from 1; for .docx the lines are the document's paragraphs.

The official organisation names that let a finding say which name a spam phrase replaced come
from the database, read through Django's app registry (`apps.get_model("orgs", "Org")`): this
command is where textguard — which imports no other zhibu app — and the organisation tree meet.
Without the orgs app, or with a database that is missing or not migrated, it scans without them.
"""

import bisect
import json
import sys
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

from zhibu.textguard.files import FileResult, scan_path
from zhibu.textguard.scanner import SEVERITIES, SEVERITY_LABELS, severity_rank

_VISIBLE = str.maketrans({"\n": "⏎", "\r": "", "\t": " "})


def registered_org_names(using: str = "default") -> list[str]:
    """Names and short names of the registered organisations, or [] when they cannot be had."""
    try:
        org_model = apps.get_model("orgs", "Org")
    except LookupError:
        return []
    settings = connections[using].settings_dict
    name = str(settings["NAME"])
    in_memory = name == ":memory:" or name.startswith("file:") or "mode=memory" in name
    if settings["ENGINE"].endswith("sqlite3") and not in_memory and not Path(name).exists():
        return []  # do not create an empty database file just to find it empty
    try:
        rows = list(org_model.objects.using(using).values_list("name", "short_name"))
    except DatabaseError:
        return []
    return sorted({name for row in rows for name in row if name})


def shown(phrase: str) -> str:
    """A phrase fit for one line: invisible characters spelled out, line breaks marked."""
    out = []
    for ch in phrase.translate(_VISIBLE):
        code = ord(ch)
        out.append(f"<U+{code:04X}>" if 0x200B <= code <= 0x200F or 0x2060 <= code <= 0x2064 or code == 0xFEFF else ch)
    text = "".join(out)
    return text if len(text) <= 80 else text[:79] + "…"


class Command(BaseCommand):
    help = (
        "检查文本（.txt,UTF-8 或 GBK）、网页(.html)和 Word 文档(.docx)里被植入的博彩、色情等推广用语，"
        "被顶替的组织名称，隐藏内容和暗链，零宽字符，以及注入的脚本和框架；目录会递归检查。"
        "退出码：0 未发现问题，1 发现问题，2 有文件无法读取。"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="要检查的文件或目录")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出（供其他程序使用）")
        parser.add_argument(
            "--min-severity", choices=SEVERITIES, default="low", help="只报告不低于该严重程度的问题（默认 low，全部报告）"
        )
        parser.add_argument(
            "--known-name", action="append", default=[], dest="known_names", metavar="NAME",
            help="组织的正式名称，可重复；与数据库中登记的名称一起用于推断被顶替的名称",
        )
        parser.add_argument(
            "--site", action="append", default=[], dest="own_hosts", metavar="HOST",
            help="本站域名，可重复；网页里指向它的链接不算站外链接",
        )
        parser.add_argument("--no-db", action="store_true", help="不读取数据库中登记的组织名称")

    def handle(self, *args, paths, as_json: bool, min_severity, known_names, own_hosts, no_db, **options):
        names = list(known_names) + ([] if no_db else registered_org_names())
        results = []
        for path in paths:
            results.extend(scan_path(path, known_names=names, own_hosts=own_hosts))
        floor = severity_rank(min_severity)
        for result in results:
            result.findings = [f for f in result.findings if severity_rank(f.severity) >= floor]
        status = exit_status(results)
        if as_json:
            self.stdout.write(json_report(results, status))
        else:
            self.write_text(results)
        if status:
            sys.exit(status)

    def write_text(self, results: list[FileResult]) -> None:
        counts: Counter = Counter()
        for result in results:
            if result.error:
                self.stderr.write(f"无法读取 {result.path}:{result.error}")
                continue
            starts = _line_starts(result.text)
            for f in result.findings:
                line, column = _line_column(starts, f.start)
                replaced = f" 原为“{f.replaces}”" if f.replaces else ""
                self.stdout.write(
                    f"{result.path}:{line}:{column}: [{SEVERITY_LABELS[f.severity]}] {f.category_label} "
                    f"“{shown(f.phrase)}”{replaced} — {f.message}"
                )
                counts[f.severity] += 1
        total = sum(counts.values())
        read = sum(1 for r in results if not r.error)
        unreadable = len(results) - read
        if total:
            parts = "、".join(f"{SEVERITY_LABELS[s]} {counts[s]}" for s in reversed(SEVERITIES) if counts[s])
            summary = f"检查了 {read} 个文件，发现 {total} 处问题（{parts}）"
        else:
            summary = f"检查了 {read} 个文件，未发现问题"
        if unreadable:
            summary += f";{unreadable} 个文件无法读取"
        (self.stderr if unreadable else self.stdout).write(summary)


def exit_status(results: list[FileResult]) -> int:
    if any(r.error for r in results):
        return 2
    return 1 if any(r.findings for r in results) else 0


def json_report(results: list[FileResult], status: int) -> str:
    files = []
    by_severity: Counter = Counter()
    for result in results:
        starts = _line_starts(result.text)
        findings = []
        for f in result.findings:
            line, column = _line_column(starts, f.start)
            findings.append({**f.to_dict(), "line": line, "column": column})
            by_severity[f.severity] += 1
        files.append(
            {"path": result.path, "kind": result.kind, "encoding": result.encoding, "error": result.error, "findings": findings}
        )
    summary = {
        "files": len(results),
        "unreadable": sum(1 for r in results if r.error),
        "findings": sum(by_severity.values()),
        "by_severity": {s: by_severity[s] for s in SEVERITIES},
        "exit_status": status,
    }
    return json.dumps({"files": files, "summary": summary}, ensure_ascii=False, indent=2)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
