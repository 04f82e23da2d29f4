"""The backups page, for superusers only: the backups on the server, a new one now, a download. Restoring
replaces every record, so it stays on the command line (`zhibu restore FILE --yes`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .backups import backup_file, list_backups, new_backup_path, write_backup


def _superuser(request) -> None:
    if not request.user.is_superuser:
        raise Http404("没有找到该页面")


@login_required
def backups(request):
    _superuser(request)
    return render(request, "core/backups.html", {"backups": list_backups()})


@login_required
@require_POST
def backup_create(request):
    _superuser(request)
    path = new_backup_path()
    manifest = write_backup(path)
    messages.success(request, f"已备份：{path.name}（{manifest['rows']}条记录、{len(manifest['files'])}个文件）")
    return redirect("core:backups")


@login_required
def backup_download(request, name: str):
    _superuser(request)
    path = backup_file(name)
    if path is None:
        raise Http404("没有找到该备份")
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
