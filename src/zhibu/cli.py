"""The `zhibu` command: a thin front to Django's management commands.

    zhibu demo [--no-serve] [--reset]       zhibu serve [--host H] [--port N]
    zhibu generate …                        zhibu import-members FILE.xlsx
    zhibu export-members --org CODE FILE    zhibu scan PATH… [--json]
    zhibu ingest FILE [--json]              zhibu integrity-check [--base-url URL]
    zhibu gradmail-assign --campaign ID     zhibu backup [FILE] / restore FILE
    zhibu manage <any django-admin command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhibu.settings")
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\n每个子命令都支持 --help。")
        return
    if argv[0] == "manage":
        execute_from_command_line(["zhibu", *argv[1:]])
        return
    command = argv[0].replace("-", "_")
    execute_from_command_line(["zhibu", command, *argv[1:]])


if __name__ == "__main__":
    main()
