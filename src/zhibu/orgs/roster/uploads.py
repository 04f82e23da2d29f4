"""The stored upload between upload and confirmation.

The web flow keeps the uploaded bytes on disk under a random token, with the uploader's id beside
them: the preview re-reads the file and only its uploader may open it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import timezone

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UPLOAD_MAX_AGE = dt.timedelta(days=1)


def _upload_dir() -> Path:
    return Path(settings.UPLOAD_ROOT) / "roster"


def _upload_paths(token: str) -> tuple[Path, Path] | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    base = _upload_dir()
    return base / f"{token}.xlsx", base / f"{token}.json"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def upload_save(data: bytes, *, user_id: int, filename: str) -> str:
    """Keep an uploaded roster for its preview; returns the token."""
    uploads_cleanup()
    base = _upload_dir()
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    book, meta = _upload_paths(token)
    _write_private(book, data)
    _write_private(meta, json.dumps({
        "user_id": user_id, "filename": Path(filename or "").name[:200],
        "uploaded_at": timezone.now().isoformat(),
    }, ensure_ascii=False).encode())
    return token


def upload_open(token: str, *, user_id: int) -> tuple[Path, dict] | None:
    """The stored workbook and its metadata, only for the user who uploaded it and only while fresh."""
    paths = _upload_paths(token)
    if paths is None or not paths[0].is_file() or not paths[1].is_file():
        return None
    book, meta_path = paths
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    if timezone.now().timestamp() - meta_path.stat().st_mtime > UPLOAD_MAX_AGE.total_seconds():
        upload_discard(token)
        return None
    return book, meta


def upload_discard(token: str) -> None:
    paths = _upload_paths(token)
    if paths is not None:
        for path in paths:
            path.unlink(missing_ok=True)


def uploads_cleanup(max_age: dt.timedelta = UPLOAD_MAX_AGE) -> int:
    """Remove uploads nobody confirmed; returns how many files went."""
    base = _upload_dir()
    if not base.is_dir():
        return 0
    cutoff = timezone.now().timestamp() - max_age.total_seconds()
    removed = 0
    for path in base.iterdir():
        try:
            if path.suffix in (".xlsx", ".json") and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker got there first
            continue
    return removed
