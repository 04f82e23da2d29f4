from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhibu.core.backups import new_backup_path, write_backup
from zhibu.core.progress import Progress


class Command(BaseCommand):
    help = ("备份全部数据和上传的文件（会议附件、佐证材料等）到一个 .zip 文件；与数据库种类无关，"
            "可在 SQLite 与 PostgreSQL 之间恢复。")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="备份文件路径（默认 ZHIBU_HOME/backups/zhibu-时间.zip）")

    def handle(self, *args, file=None, **options):
        path = Path(file) if file else new_backup_path()
        if path.suffix.lower() != ".zip":
            raise CommandError(f"备份文件的扩展名应为 .zip：{path}")
        manifest = write_backup(path, progress=Progress(stream=self.stderr._out))
        self.stdout.write(f"已备份到 {path}（{manifest['rows']}条记录、{len(manifest['files'])}个文件，"
                          f"{path.stat().st_size / 1024:.0f} KB）")
