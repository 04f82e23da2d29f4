import gzip
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "从 zhibu backup 生成的文件恢复数据。会清空当前数据库，默认只检查文件；加 --yes 才真正恢复。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认清空当前数据并恢复")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                head = f.read(1)
        except OSError as exc:
            raise CommandError(f"{path} 不是有效的备份文件（应为 zhibu backup 生成的 .json.gz）") from exc
        if head != "[":
            raise CommandError(f"{path} 不是有效的备份文件")
        if not yes:
            self.stdout.write(f"备份文件有效：{path}。当前数据库将被清空并替换；确认恢复请加 --yes。")
            return
        call_command("migrate", verbosity=0)
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "backup.json"
            with gzip.open(path, "rb") as src, plain.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            # All or nothing: a failed load leaves the database as it was.
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(plain), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"已从 {path} 恢复。"))
