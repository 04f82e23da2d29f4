"""Backups that restore everything: the data and the uploaded files (meeting attachments, evidence, media).

A backup is one zip file:

    manifest.json   format, version, when, how many rows and files, the SHA-256 of data.json and of every file
    data.json       `dumpdata` of every table that holds data (natural keys: portable SQLite ↔ PostgreSQL)
    media/…         every file under MEDIA_ROOT, by its path there

`restore_backup` checks the whole file before it changes anything: the manifest, every checksum, and that no
member's name leaves the media folder ("../", absolute paths). Then it replaces the data in one transaction
and the media folder by a swap, keeping the previous folder beside it until the data is in. A backup made by
an earlier zhibu (a plain `.json.gz` of the data) still restores; it has no files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .progress import Progress

FORMAT = "zhibu-backup"
VERSION = 1
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
CHUNK = 1 << 20


class BackupError(Exception):
    """The file is not a backup zhibu can restore; the message says why, in Chinese."""


@dataclass
class Checked:
    path: Path
    legacy: bool
    rows: int
    files: int
    created_at: str


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def write_backup(path: Path, *, progress: Progress | None = None) -> dict:
    """Write a backup of the data and of MEDIA_ROOT to `path` (a .part file first, renamed when complete)."""
    progress = progress or Progress(enabled=False)
    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.json"
        progress.phase("导出数据", 1)
        with data.open("w", encoding="utf-8") as out:
            call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, stdout=out, verbosity=0)
        progress.advance(1)
        rows = _count_rows(data)
        manifest = {"format": FORMAT, "version": VERSION, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "rows": rows, "data_sha256": _sha256_file(data), "files": {}}
        progress.phase("打包上传的文件", len(files))
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.write(data, "data.json")
            for file in files:
                name = file.relative_to(media_root).as_posix()
                manifest["files"][name] = _sha256_file(file)
                zf.write(file, f"media/{name}")
                progress.advance(1)
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    tmp.replace(path)  # never leave a half-written backup under the real name
    return manifest


def _count_rows(data: Path) -> int:
    """How many objects dumpdata wrote: each begins with the same key (read in chunks, never all at once)."""
    marker, count, tail = b'{"model": "', 0, b""
    with data.open("rb") as f:
        while chunk := f.read(CHUNK):
            block = tail + chunk
            count += block.count(marker)
            tail = block[-(len(marker) - 1):]
    return count


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return bool(name) and not p.is_absolute() and ".." not in p.parts and "\\" not in name and ":" not in name


def check_backup(path: Path) -> Checked:
    """Everything that can be checked without changing anything; raises BackupError with the reason."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    if not zipfile.is_zipfile(path):
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                head = f.read(1)
        except (OSError, UnicodeDecodeError, EOFError) as exc:
            raise BackupError(f"{path} 不是有效的备份文件（应为 zhibu backup 生成的 .zip 或 .json.gz）") from exc
        if head != "[":
            raise BackupError(f"{path} 不是有效的备份文件")
        return Checked(path, legacy=True, rows=-1, files=0, created_at="")
    with zipfile.ZipFile(path) as zf:
        return _verify(path, zf)


def _verify(path: Path, zf: zipfile.ZipFile, *, into: Path | None = None, progress: Progress | None = None) -> Checked:
    """Check the manifest, the names and every checksum of a zip backup, reading each member once; with `into`,
    data.json and media/… are written there on the way (nothing outside it is touched)."""
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"{path} 不是有效的备份文件：缺少或无法读取 manifest.json") from exc
    if manifest.get("format") != FORMAT or manifest.get("version", 0) > VERSION:
        raise BackupError(f"{path} 不是本版本 zhibu 能恢复的备份（格式 {manifest.get('format')}，"
                          f"版本 {manifest.get('version')}）")
    names = set(zf.namelist())
    if "data.json" not in names:
        raise BackupError(f"{path} 缺少 data.json")
    bad = [n for n in names if n.startswith("media/") and not _safe_name(n[len("media/"):])]
    bad += [n for n in names if not n.startswith("media/") and n not in ("data.json", "manifest.json")]
    if bad:
        raise BackupError(f"{path} 含有不应出现的文件名：{'、'.join(sorted(bad)[:5])}")
    listed = manifest.get("files", {})
    stored = {n[len("media/"):] for n in names if n.startswith("media/")}
    if set(listed) != stored:
        missing = sorted(set(listed) ^ stored)[:5]
        raise BackupError(f"{path} 的文件与清单不符：{'、'.join(missing)}")
    if _stream(zf, "data.json", into / "data.json" if into else None) != manifest.get("data_sha256"):
        raise BackupError(f"{path} 的 data.json 与清单的校验值不符：文件已损坏或被改动")
    progress = progress or Progress(enabled=False)
    progress.phase("校验上传的文件", len(listed))
    for name, digest in listed.items():
        if _stream(zf, f"media/{name}", into / "media" / name if into else None) != digest:
            raise BackupError(f"{path} 中的文件 {name} 与清单的校验值不符：文件已损坏或被改动")
        progress.advance(1)
    return Checked(path, legacy=False, rows=manifest.get("rows", -1), files=len(listed),
                   created_at=manifest.get("created_at", ""))


def _stream(zf: zipfile.ZipFile, name: str, target: Path | None) -> str:
    """The SHA-256 of a member, copied to `target` on the way when one is given."""
    digest = hashlib.sha256()
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(name) as src, (target.open("wb") if target is not None else contextlib.nullcontext()) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            if dst is not None:
                dst.write(chunk)
    return digest.hexdigest()


def restore_backup(path: Path, *, progress: Progress | None = None) -> Checked:
    """Replace the data and the media folder with the backup's; all or nothing, and nothing before the whole
    file has been checked."""
    progress = progress or Progress(enabled=False)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        staged = Path(work)
        (staged / "media").mkdir()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                checked = _verify(path, zf, into=staged, progress=progress)
        else:
            checked = check_backup(path)
            with gzip.open(path, "rb") as src, (staged / "data.json").open("wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
        call_command("migrate", verbosity=0)
        progress.phase("恢复数据", 1)
        # All or nothing: a failed load leaves the database as it was, and the media folder untouched.
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(staged / "data.json"), verbosity=0)
            if not checked.legacy:
                _swap_media(staged / "media", media_root)
        progress.advance(1)
    return checked


def _swap_media(staged: Path, media_root: Path) -> None:
    """Put the restored files in place; the previous folder stays as MEDIA_ROOT.before-<time> (nothing is lost)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if media_root.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        media_root.rename(media_root.with_name(f"{media_root.name}.before-{stamp}"))
    shutil.copytree(staged, media_root)


def backup_dir() -> Path:
    return Path(settings.ZHIBU_HOME) / "backups"


def new_backup_path() -> Path:
    return backup_dir() / f"zhibu-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.zip"


@dataclass
class Listed:
    name: str
    size: int
    modified: dt.datetime
    summary: str


def list_backups() -> list[Listed]:
    """The backups in ZHIBU_HOME/backups, newest first, each with what its manifest says (read, not checked)."""
    found = []
    for path in backup_dir().glob("zhibu-*"):
        if not path.is_file() or path.suffix == ".part" or not path.name.endswith((".zip", ".json.gz")):
            continue
        summary = "旧格式备份（仅数据）"
        if path.suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as zf:
                    m = json.loads(zf.read("manifest.json"))
                summary = f"{m.get('rows', '?')}条记录、{len(m.get('files', {}))}个文件"
            except (zipfile.BadZipFile, KeyError, ValueError, OSError):
                summary = "无法读取清单"
        stat = path.stat()
        found.append(Listed(path.name, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC), summary))
    return sorted(found, key=lambda b: (b.modified, b.name), reverse=True)


def backup_file(name: str) -> Path | None:
    """The listed backup called `name`, or None: only names the list gives, never a path from outside."""
    return next((backup_dir() / b.name for b in list_backups() if b.name == name), None)


def describe(checked: Checked) -> str:
    if checked.legacy:
        return "旧格式备份（仅数据，无上传的文件）"
    return f"{checked.rows}条记录、{checked.files}个文件，备份于{checked.created_at[:19].replace('T', ' ')}（UTC）"
