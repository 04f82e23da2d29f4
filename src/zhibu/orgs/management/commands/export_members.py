"""zhibu export-members --org CODE FILE.xlsx [--masked]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhibu.core.paths import Scope
from zhibu.core.progress import Progress
from zhibu.orgs import roster
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import member_list_for_scope


class Command(BaseCommand):
    help = "把一个组织（含下级组织）的党员导出为Excel名册，格式与导入模板相同。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织编码；导出该组织及其下级组织的党员")
        parser.add_argument("file", help="输出文件（.xlsx）")
        parser.add_argument("--masked", action="store_true", help="身份证号码和手机号码脱敏")
        parser.add_argument("--status", choices=Member.Status.values, help="只导出该政治面貌的人员")

    def handle(self, *args, org: str, file: str, masked: bool, status: str | None, **options):
        target = Org.objects.filter(code=org).first()
        if target is None:
            raise CommandError(f"没有编码为“{org}”的组织")
        # The command line acts as the system: the whole subtree, as a superuser would see it.
        members = member_list_for_scope(Scope(everything=True), org=target, status=status)
        total = members.count()
        report = Progress(stream=options.get("stderr") or sys.stderr).callback("导出")
        body = roster.roster_export_workbook(
            members, show_personal=not masked, title=target.name,
            progress=lambda done, _total: report(done, max(total, 1)),
        )
        out = Path(file)
        out.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"已导出{total}名党员到 {out}" + ("，身份证号码和手机号码已脱敏" if masked else "")))
