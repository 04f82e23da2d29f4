"""zhibu import-members FILE.xlsx [--user USERNAME] [--dry-run]"""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhibu.core.progress import Progress
from zhibu.orgs import roster


class Command(BaseCommand):
    help = "从Excel名册（.xlsx）导入党员：先校验每一行，有任何错误则全部不导入并列出错误，退出码为1。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名册文件（.xlsx），格式同网页上下载的名册模板")
        parser.add_argument("--user", help="以该用户的身份和权限导入（默认：系统，不限范围）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不导入")

    def handle(self, *args, file: str, user: str | None, dry_run: bool, **options):
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user, is_active=True).first()
            if acting is None:
                raise CommandError(f"没有用户名为“{user}”的有效用户")
        progress = Progress(stream=options.get("stderr") or sys.stderr)
        try:
            result = roster.roster_parse(file, user=acting, progress=progress.callback("校验"))
        except roster.RosterFileError as exc:
            raise CommandError(exc.message) from exc
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        if result.errors:
            for error in result.errors:
                self.stdout.write(str(error))
            raise CommandError(f"文件中有{len(result.errors)}处错误（涉及{result.error_rows}行），未导入任何数据")
        if dry_run:
            self.stdout.write(f"校验通过，共{len(result.rows)}名党员；--dry-run，未导入")
            return
        try:
            count = roster.roster_import(result, by=acting, progress=progress.callback("导入"),
                                         note=f"命令行名册导入：{file}")
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(";".join(getattr(exc, "messages", None) or [str(exc)])) from exc
        self.stdout.write(self.style.SUCCESS(f"已导入{count}名党员"))
