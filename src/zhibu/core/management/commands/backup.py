import datetime as dt
import gzip
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "备份全部数据到一个 .json.gz 文件（与数据库种类无关，可在 SQLite 与 PostgreSQL 之间恢复）。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="备份文件路径（默认 ZHIBU_HOME/backups/zhibu-时间.json.gz）")

    def handle(self, *args, file=None, **options):
        if file is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            file = Path(settings.ZHIBU_HOME) / "backups" / f"zhibu-{stamp}.json.gz"
        path = Path(file)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=out, verbosity=0)
        tmp.replace(path)  # never leave a half-written backup under the real name
        self.stdout.write(f"已备份到 {path}({path.stat().st_size / 1024:.0f} KB)")
