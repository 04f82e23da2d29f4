"""zhibu ingest FILE [--json]

Reads a meeting report (.txt in UTF-8 or GBK, .html, .docx) and prints what it says: the event's date,
time, place, kind, organising units, chair, attendees and agenda, the work method it describes, and the
text guard's findings. Nothing is written. With --json the output is exactly:

  {"event": {"date": "YYYY-MM-DD"|null, "date_text": str|null, "time": "HH:MM"|null, "place": str|null,
             "type": <a meetings kind code>, "organizer_units": [str], "chair": str|null,
             "attendees": [{"name": str, "unit": str|null, "title": str|null}],
             "agenda": [{"ordinal": int, "title": str, "presenter": str|null}]},
   "work_method": {"name": str, "pillars": [{"count": int, "label": str, "items": [str]}]}|null,
   "spam": {"injected": bool, "findings": [...the text guard's findings...]}}

Exit status: 0 read, 2 the file could not be read (the reason is printed in Chinese on stderr).
"""

import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand

from zhibu.ingest.extract import extract
from zhibu.ingest.reading import UnreadableReport, read_path
from zhibu.meetings.models import MeetingKind
from zhibu.textguard.management.commands.scan import registered_org_names


class Command(BaseCommand):
    help = "读取一篇会议报道（.txt、.html、.docx），输出时间、地点、主持人、参会人员、议程和工作法（不写入任何记录）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="报道文件")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            source = read_path(options["file"], known_names=registered_org_names())
        except UnreadableReport as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        extraction = extract(source.text, source.text_findings)
        data = extraction.to_json(source.findings)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(summary(data))


def summary(data: dict) -> str:
    ev, method, spam = data["event"], data["work_method"], data["spam"]
    lines = []
    if spam["injected"]:
        lines.append(f"⚠ 发现 {len(spam['findings'])} 处疑似植入内容（不会写入记录）：")
        counts = Counter((f["phrase"], f.get("replaces")) for f in spam["findings"])
        for (phrase, replaces), n in list(counts.items())[:10]:
            hint = f"，原名称应为“{replaces}”" if replaces else ""
            lines.append(f"  - “{phrase}”×{n}{hint}" if n > 1 else f"  - “{phrase}”{hint}")
    date = ev["date"] or (f"{ev['date_text']}（年份不详）" if ev["date_text"] else "未写明")
    lines.append(f"日期：{date}" + (f" {ev['time']}" if ev["time"] else ""))
    lines.append(f"地点：{ev['place'] or '未写明'}")
    lines.append(f"类型：{MeetingKind(ev['type']).label}")
    lines.append(f"主办单位：{'、'.join(ev['organizer_units']) or '未写明'}")
    lines.append(f"主持人：{ev['chair'] or '未写明'}")
    lines.append(f"参会人员（{len(ev['attendees'])}人）：")
    for a in ev["attendees"]:
        unit = a["unit"] or ("（单位待核对）" if spam["injected"] else "")
        lines.append("  - " + " ".join(x for x in (unit, a["title"] or "", a["name"]) if x))
    lines.append(f"议程（{len(ev['agenda'])}项）：")
    for a in ev["agenda"]:
        lines.append(f"  {a['ordinal']}. {a['title']}" + (f"（{a['presenter']}）" if a["presenter"] else ""))
    if method:
        lines.append(f"工作法：“{method['name']}”" + ("（报道未列出组成部分）" if not method["pillars"] else ""))
        for p in method["pillars"]:
            lines.append(f"  {p['count'] or 'X'} {p['label']}：{'、'.join(p['items'])}")
    return "\n".join(lines)
