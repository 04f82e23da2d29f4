"""zhibu manage assessment_points --org CODE [--year YYYY] [--no-sync] [--xlsx FILE]"""

import time

from django.core.management.base import BaseCommand, CommandError

from zhibu.assessment import export, points
from zhibu.assessment.services_sync import deeds_sync_year
from zhibu.core.progress import Progress
from zhibu.orgs.models import Org


class Command(BaseCommand):
    help = ("同步业务记录生成的实事（毕业寄志愿服务、就业帮扶等），然后计算组织及下级党员的年度积分，"
            "打印各支部前几名，可导出Excel。")

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织编码")
        parser.add_argument("--year", type=int, help="年度，默认今年")
        parser.add_argument("--no-sync", action="store_true", help="不同步，只计算")
        parser.add_argument("--xlsx", help="把积分排名导出到这个Excel文件")
        parser.add_argument("--top", type=int, default=3, help="每个支部打印前几名，默认3")

    def handle(self, *args, org, year=None, no_sync=False, xlsx=None, top=3, **options):
        from django.utils import timezone

        node = Org.objects.filter(code=org).first()
        if node is None:
            raise CommandError(f"没有编码为“{org}”的组织")
        year = year or timezone.localdate().year
        progress = Progress(stream=self.stderr._out if hasattr(self.stderr, "_out") else None)
        if not no_sync:
            run = deeds_sync_year(by=None, org=node, year=year, progress=progress.callback("同步实事"))
            self.stdout.write(f"同步实事：新增{run.created}条，更新{run.updated}条，撤销{run.removed}条，未变{run.unchanged}条")
        started = time.perf_counter()
        rows = points.points_totals(under=node.path, year=year)
        elapsed = time.perf_counter() - started
        names = dict(Org.objects.filter(pk__in={r.org_id for r in rows}).values_list("id", "name"))
        self.stdout.write(f"{node.name} {year}年度积分：{len(rows)}名党员，{len(names)}个支部，用时{elapsed:.2f}秒")
        for r in rows:
            if r.rank <= top:
                self.stdout.write(f"  {names.get(r.org_id, '')} 第{r.rank}名 {r.name} {r.total.normalize():f}分")
        if xlsx:
            with open(xlsx, "wb") as fh:
                fh.write(export.ranking_xlsx(rows=rows, year=year, rules=points.rules_for_year(year), branch_names=names))
            self.stdout.write(f"已导出：{xlsx}")
