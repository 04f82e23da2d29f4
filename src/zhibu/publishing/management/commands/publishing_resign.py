"""zhibu manage publishing_resign [--dry-run]

After ZHIBU_PUBLISHING_KEY was changed (the previous key listed in ZHIBU_PUBLISHING_OLD_KEYS): verify every
published version with the key it was signed with and re-sign it with the current key. Versions that do not
verify are not re-signed; they are listed and the exit status is 1.
"""

import sys

from django.core.management.base import BaseCommand

from zhibu.core.progress import Progress
from zhibu.publishing.services_keys import publications_resign


class Command(BaseCommand):
    help = (
        "用当前密钥（ZHIBU_PUBLISHING_KEY）重新签名所有发布版本：先用原密钥校验，通过的才重新签名；"
        "未通过校验的列出且不签名（退出码为1）。之后即可从 ZHIBU_PUBLISHING_OLD_KEYS 中删除旧密钥"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只校验和统计，不重新签名")

    def handle(self, *args, dry_run: bool, **options):
        progress = Progress(stream=options.get("stderr") or sys.stderr, enabled=options["verbosity"] > 0)
        result = publications_resign(dry_run=dry_run, progress=progress.callback("校验并重新签名"))
        w = self.stdout.write
        verb = "可以重新签名" if dry_run else "已重新签名"
        w(
            self.style.SUCCESS(
                f"{verb}{result.resigned}个发布版本（当前密钥 {result.key_id}）；"
                f"{result.current}个原已使用当前密钥。"
            )
        )
        if result.refused:
            w(self.style.ERROR(f"以下{len(result.refused)}个发布版本未通过校验，没有重新签名："))
            for pub, reason in result.refused:
                w(f"  文章 #{pub.article_id}“{pub.title}”第{pub.version}版（密钥 {pub.key_id}）：{reason}")
            w(
                "请用 zhibu integrity-check 核查；确认原密钥后加入 ZHIBU_PUBLISHING_OLD_KEYS 再运行，或撤回后重新审核发布。"
            )
            raise SystemExit(1)
