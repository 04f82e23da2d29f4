"""zhibu generate --universities U --branches-per-university B --members-per-branch M [--seed S]"""

import datetime as dt
import random
import sys
import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from zhibu.core.progress import Progress
from zhibu.orgs.models import Org
from zhibu.orgs.synthetic import EDUCATION_CODE, SyntheticContext, ensure_superiors


def synthetic_hooks():
    """`<app>.synthetic.generate` of every zhibu app that has one, in INSTALLED_APPS order."""
    hooks = []
    for app in apps.get_app_configs():
        if app.name.startswith("zhibu.") and module_has_submodule(app.module, "synthetic"):
            hooks.append((app.label, import_module(f"{app.name}.synthetic").generate))
    return hooks


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "生成大规模的合成数据（虚构的高校、院级党委、党支部、党小组和党员），用于试用和性能测试。"
        "同一 --seed(和同一 --today)在空数据库上生成的数据完全相同；可以多次运行，每次追加新的高校。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--universities", type=_positive, default=1, help="高校数（默认1）")
        parser.add_argument("--branches-per-university", type=_positive, default=20, help="每所高校的党支部数（默认20）")
        parser.add_argument("--members-per-branch", type=_positive, default=30, help="每个党支部的人数（默认30）")
        parser.add_argument("--seed", type=int, help="随机种子（默认随机，运行结束时显示）")
        parser.add_argument("--today", type=dt.date.fromisoformat,
                            help="把这一天（如 2026-09-01）当作今天来推算年级、任期和入党日期（默认今天）")
        parser.add_argument("--parent", default=EDUCATION_CODE,
                            help=f"高校党委挂在哪个组织之下（编码，默认{EDUCATION_CODE} 市委教育工委，不存在时自动创建）")
        parser.add_argument("--batch-size", type=_positive, default=1000, help="每批写入的行数（默认1000）")

    def handle(self, *args, **options):
        seed = options["seed"] if options["seed"] is not None else random.SystemRandom().randrange(10**6)
        started = time.perf_counter()
        with transaction.atomic():
            parent = self._parent(options["parent"])
            ctx = SyntheticContext(
                universities=options["universities"],
                branches_per_university=options["branches_per_university"],
                members_per_branch=options["members_per_branch"],
                seed=seed,
                parent=parent,
                progress=Progress(stream=options.get("stderr") or sys.stderr, enabled=options["verbosity"] > 0),
                batch_size=options["batch_size"],
            )
            if options["today"]:
                ctx.today = options["today"]
            for _label, hook in synthetic_hooks():
                hook(ctx)
        elapsed = time.perf_counter() - started
        summary = "、".join(f"{what}{n}" for what, n in ctx.counts.items())
        self.stdout.write(self.style.SUCCESS(f"已生成：{summary}（--seed {seed}，用时{elapsed:.1f}秒）"))

    def _parent(self, code: str) -> Org:
        if code == EDUCATION_CODE:
            return ensure_superiors()
        parent = Org.objects.filter(code=code).first()
        if parent is None:
            raise CommandError(f"没有编码为“{code}”的组织")
        if parent.kind not in (Org.Kind.SUPERIOR, Org.Kind.COMMITTEE):
            raise CommandError(f"“{parent}”是{parent.get_kind_display()}，高校党委只能设在上级机关或党委之下")
        return parent
