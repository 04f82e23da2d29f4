"""zhibu demo [--no-serve] [--reset] [--host H] [--port N]

Every zhibu app may add to the demo with a `demo` module of its own, called in INSTALLED_APPS
order, each in its own transaction:

    def present(ctx: DemoContext) -> bool   # optional: True when this app's demo records already
                                            # exist; it then registers them on ctx as load would
    def load(ctx: DemoContext) -> None      # create the records and register on ctx what later
                                            # apps need (ctx.orgs / ctx.users / ctx.members / ctx.extra)

An app without `present` must make `load` idempotent itself. Apps add hints for the login table
with `ctx.tip(username, "…")`.
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

DEMO_PASSWORD = "zhibu2022"


@dataclass
class DemoLogin:
    username: str
    name: str
    role: str
    org: str
    tips: list[str] = field(default_factory=list)


@dataclass
class DemoContext:
    """What the demo has so far, by name, for the apps that load after."""

    password: str = DEMO_PASSWORD
    today: dt.date = field(default_factory=timezone.localdate)
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)
    logins: dict[str, DemoLogin] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def login(self, username: str, *, name: str, role: str, org: str, tips: list[str] | None = None) -> None:
        self.logins[username] = DemoLogin(username=username, name=name, role=role, org=org, tips=list(tips or []))

    def tip(self, username: str, text: str) -> None:
        if username in self.logins and text not in self.logins[username].tips:
            self.logins[username].tips.append(text)


def demo_modules() -> list[tuple[str, ModuleType]]:
    """The `demo` modules of zhibu's own apps, in INSTALLED_APPS order (third-party apps are left alone)."""
    found = []
    for app in apps.get_app_configs():
        if app.name.startswith("zhibu.") and module_has_submodule(app.module, "demo"):
            found.append((app.verbose_name or app.label, import_module(f"{app.name}.demo")))
    return found


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Columns aligned for a terminal, counting CJK characters as two cells."""
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


class Command(BaseCommand):
    help = "准备并启动演示：建立数据库、载入演示数据（可重复运行，不会重复载入）、列出演示账号，然后启动网站。"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动网站")
        parser.add_argument("--reset", action="store_true",
                            help="先清空数据库再重新载入（SQLite 删除数据库文件；PostgreSQL 清空全部数据表）")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="--reset 时不再询问确认")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")

    def handle(self, *args, no_serve: bool, reset: bool, interactive: bool, host: str, port: int, **options):
        verbosity = options["verbosity"]
        Path(settings.ZHIBU_HOME).mkdir(parents=True, exist_ok=True)
        if reset:
            self._reset(interactive)
        self.stdout.write("正在建立或升级数据库……")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1), stdout=self.stdout)
        ctx = DemoContext()
        for label, module in demo_modules():
            with transaction.atomic():
                present = getattr(module, "present", None)
                if present is not None and present(ctx):
                    if verbosity > 1:
                        self.stdout.write(f"  {label}：演示数据已存在")
                    continue
                try:
                    module.load(ctx)
                except (ValidationError, IntegrityError) as exc:
                    detail = ";".join(getattr(exc, "messages", None) or [str(exc)])
                    raise CommandError(f"{label}的演示数据无法载入：{detail}") from exc
                self.stdout.write(f"  {label}：已载入演示数据")
        self.stdout.write("")
        self.stdout.write(self._logins_table(ctx))
        if no_serve:
            self.stdout.write(f"\n运行 zhibu serve 启动网站，然后打开 http://{host}:{port}/ 用上面的账号登录。")
            return
        self.stdout.write("")
        call_command("serve", host=host, port=port, stdout=self.stdout, stderr=self.stderr)

    def _reset(self, interactive: bool) -> None:
        db = connection.settings_dict
        on_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
        what = f"数据库文件 {db['NAME']}" if on_file else f"数据库“{db['NAME']}”中的全部数据"
        if interactive and sys.stdin.isatty():
            answer = input(f"将删除{what}，且无法恢复。确定吗？输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，未做任何修改")
        if on_file:
            connections.close_all()
            name = str(db["NAME"])
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(f"已删除{what}。")

    def _logins_table(self, ctx: DemoContext) -> str:
        if not ctx.logins:
            return "没有演示账号。"
        rows = [[x.username, ctx.password, x.name, x.role, x.org] for x in ctx.logins.values()]
        table = format_table(["用户名", "密码", "姓名", "角色", "所在组织"], rows)
        # What each login can try, as a list under the table: one column of it made every row wider than a terminal.
        tips = "\n".join(f"{x.username}（{x.name}）：\n" + "\n".join(f"  · {t}" for t in x.tips)
                         for x in ctx.logins.values() if x.tips)
        return (f"演示账号（密码均为 {ctx.password}；数据和人物均为虚构，请勿用于正式环境）：\n\n{table}"
                + (f"\n\n可以试试：\n{tips}" if tips else ""))
