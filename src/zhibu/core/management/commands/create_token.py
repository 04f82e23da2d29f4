"""Create a personal access token for a user from the command line and print its key once."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhibu.core.services import token_create


class Command(BaseCommand):
    help = "为用户创建个人访问令牌（API），令牌只显示这一次。用法：zhibu manage create_token 用户名 [--name 名称] [--days 天数]"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="命令行创建", help="令牌名称（默认：命令行创建）")
        parser.add_argument("--days", type=int, default=90, help="有效天数，0 表示长期有效（默认：90）")

    def handle(self, *args, username: str, name: str, days: int, **options):
        if days < 0:
            raise CommandError("--days 不能为负数")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        token, key = token_create(user=user, name=name, expires_at=expires_at)
        until = f"有效期至 {timezone.localtime(expires_at):%Y-%m-%d %H:%M}" if expires_at else "长期有效"
        self.stderr.write(f"已为 {username} 创建令牌“{token.name}”（尾号 {token.key_hint},{until}）。请立即保存，之后无法再次查看：")
        self.stdout.write(key)
