"""zhibu manage dashboard_refresh [--org CODE …] [--year Y]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhibu.dashboard import services
from zhibu.orgs.models import Org


class Command(BaseCommand):
    help = (
        "重新计算大范围数据看板中耗时的图表（标准化落实、七个有力）并保存，使看板和大屏打开时无需等待。"
        "默认刷新今年所有已保存过的看板；可用 --org 指定组织（可多次）。建议由 cron 每5至10分钟运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", action="append", default=[], help="组织编码（可多次指定）")
        parser.add_argument("--year", type=int, help="年度（默认今年）")

    def handle(self, *args, **options):
        year = options["year"] or timezone.localdate().year
        orgs = list(Org.objects.filter(code__in=options["org"])) if options["org"] else None
        if options["org"] and len(orgs) != len(set(options["org"])):
            missing = sorted(set(options["org"]) - {o.code for o in orgs})
            raise CommandError(f"没有编码为“{'、'.join(missing)}”的组织")
        started = time.perf_counter()
        done = services.snapshots_refresh(orgs=orgs, year=year)
        for org, seconds in done:
            self.stdout.write(f"{org.code} {org.name}：{seconds:.1f}秒")
        self.stdout.write(self.style.SUCCESS(
            f"已刷新{len(done)}个组织的{year}年看板（用时{time.perf_counter() - started:.1f}秒）"))
