"""zhibu gradmail-assign --campaign ID [--reset] [--dry-run]

Assign a campaign's waiting registrations to packing shifts (building, preferred dates, each shift's quota),
with a progress bar on stderr, and report how many were placed and why the rest were not.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zhibu.core.progress import Progress
from zhibu.gradmail.assignment import REASON_LABELS
from zhibu.gradmail.models import Campaign
from zhibu.gradmail.services_parcels import assignment_run, share_assigned


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "为毕业寄工作排班：按楼栋、意向日期和班次可打包数安排登记，并报告未能安排的原因"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help="毕业寄工作的编号（ID）")
        parser.add_argument("--reset", action="store_true", help="先把已排班但尚未打包的登记退回待安排，再整体重排")
        parser.add_argument("--dry-run", action="store_true", help="只计算并报告，不保存")

    def handle(self, *args, campaign: int, reset: bool, dry_run: bool, **options):
        found = Campaign.objects.filter(pk=campaign).first()
        if found is None:
            raise CommandError(f"没有编号为{campaign}的毕业寄工作")
        progress = Progress(stream=self.stderr._out)
        try:
            with transaction.atomic():
                run = assignment_run(by=None, campaign=found, reset=reset, progress=progress.callback("排班"))
                share = share_assigned(campaign=found)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("（试运行，未保存）")
        self.stdout.write(f"{found.title}：待安排登记{run.considered}份，安排{run.assigned}份，未能安排{run.unassigned}份，"
                          f"用时{run.seconds:.2f}秒；全部登记中已排班{share:.1%}")
        for code, n in sorted(run.reasons.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {REASON_LABELS.get(code, code)}：{n}份")
