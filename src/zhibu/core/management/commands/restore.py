from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhibu.core.backups import BackupError, check_backup, describe, restore_backup
from zhibu.core.progress import Progress


class Command(BaseCommand):
    help = ("从 zhibu backup 生成的文件恢复数据和上传的文件。会清空当前数据库，默认只检查文件；加 --yes 才真正恢复。"
            "原来的上传文件夹改名保留。")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认清空当前数据并恢复")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        try:
            if not yes:
                checked = check_backup(path)
                self.stdout.write(f"备份文件有效：{path}（{describe(checked)}）。当前数据库将被清空并替换；"
                                  "确认恢复请加 --yes。")
                return
            checked = restore_backup(path, progress=Progress(stream=self.stderr._out))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {path} 恢复（{describe(checked)}）。"))
