"""zhibu serve [--host 127.0.0.1] [--port 8000]"""

import os
import socket

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, connections
from django.db.migrations.executor import MigrationExecutor

WORKERS = 2
THREADS = 2


def pending_migrations() -> list[str]:
    """Migrations not yet applied to the database, as `app.name` strings."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def bind_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (taken, or not an address of this machine), or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Serve `zhibu.wsgi:application` with gunicorn in this process (its arbiter forks the workers)."""
    from gunicorn.app.base import BaseApplication

    class ZhibuServer(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": [bind_address(host, port)],
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "proc_name": "zhibu",
                "timeout": 180,  # a 20,000-row roster is checked and imported within one request
                "graceful_timeout": 5,
                "loglevel": "warning",
                "accesslog": None,
                "errorlog": "-",
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from zhibu.wsgi import application

            return application

    # Workers are forked from this process: none of them may inherit its database connection.
    connections.close_all()
    ZhibuServer().run()


class Command(BaseCommand):
    help = "启动网站（POSIX 系统上用 gunicorn，其他系统用 Django 自带的服务器）。静态文件由 WhiteNoise 提供，无需 collectstatic。"
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1；对局域网开放用 0.0.0.0）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn 工作进程数（默认 {WORKERS}）")
        parser.add_argument("--threads", type=int, default=THREADS, help=f"每个工作进程的线程数（默认 {THREADS}）")
        parser.add_argument("--runserver", action="store_true", help="改用 Django 自带的服务器（不适合正式使用）")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, runserver: bool, **options):
        try:
            pending = pending_migrations()
        except DatabaseError as exc:
            raise CommandError(f"无法连接数据库：{exc}。请检查 ZHIBU_DATABASE_URL。") from exc
        if pending:
            raise CommandError(
                f"数据库尚未初始化或需要升级（有{len(pending)}个迁移未执行）。"
                "请先运行 zhibu manage migrate，或运行 zhibu demo 建立演示数据库。"
            )
        problem = bind_problem(host, port)
        if problem:
            raise CommandError(f"无法在 {host}:{port} 上启动（{problem}）。端口可能已被占用，请用 --port 换一个端口。")
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"zhibu 已启动：http://{shown}:{port}/  (按 Ctrl+C 停止)")
        if host not in settings.ALLOWED_HOSTS and f"[{host}]" not in settings.ALLOWED_HOSTS and host not in (
            "0.0.0.0", "::"
        ):
            self.stderr.write(f"提示：{host} 不在 ZHIBU_ALLOWED_HOSTS 中，用这个地址访问会得到 400 错误。")
        elif host in ("0.0.0.0", "::"):
            self.stderr.write("提示：从其他电脑访问时，请把本机的地址或域名加入 ZHIBU_ALLOWED_HOSTS。")
        self.stdout.flush()
        if os.name == "posix" and not runserver:
            run_gunicorn(host, port, workers, threads)
        else:
            call_command("runserver", f"{shown}:{port}", use_reloader=False, skip_checks=True)
