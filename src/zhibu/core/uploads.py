"""What an uploaded attachment really is, judged by its content, never by its name.

Accepted: photos (JPEG, PNG, WebP), PDF and Word (.docx). A .docx is a zip: it must hold
word/document.xml and [Content_Types].xml, and must not unpack to something absurd (a zip bomb).
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A real .docx of a meeting's minutes unpacks to a few MB; photos inside can make it tens of MB.
DOCX_MAX_UNPACKED = 200 * 1024 * 1024
DOCX_MAX_ENTRIES = 5000
DOCX_MAX_RATIO = 200  # per entry, for entries above 1 MB unpacked


@dataclass(frozen=True)
class FileType:
    kind: str  # Attachment.Kind value
    content_type: str
    extension: str
    label: str


JPEG = FileType("image", "image/jpeg", ".jpg", "JPEG图片")
PNG = FileType("image", "image/png", ".png", "PNG图片")
WEBP = FileType("image", "image/webp", ".webp", "WebP图片")
PDF = FileType("pdf", "application/pdf", ".pdf", "PDF文档")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
                "Word文档")

ACCEPTED_LABEL = "照片（JPEG、PNG、WebP）、PDF或Word(.docx)文档"


@dataclass(frozen=True)
class CheckedUpload:
    type: FileType
    data: bytes
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "ZHIBU_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def sniff(data: bytes) -> FileType | None:
    """The type the bytes are, or None. A zip counts as .docx only if it is a Word document inside."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return DOCX
    return None


def _check_docx(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationError(f"“{name}”已损坏，无法作为Word文档打开", code="docx") from exc
    names = {info.filename for info in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ValidationError(f"“{name}”是压缩包，但不是Word(.docx)文档", code="docx")
    if len(infos) > DOCX_MAX_ENTRIES:
        raise ValidationError(f"“{name}”包含的部件过多，疑似恶意文件，已拒绝", code="zip_bomb")
    unpacked = 0
    for info in infos:
        unpacked += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if unpacked > DOCX_MAX_UNPACKED or (info.file_size > 1024 * 1024 and ratio > DOCX_MAX_RATIO):
            raise ValidationError(f"“{name}”解压后体积异常（疑似压缩炸弹），已拒绝", code="zip_bomb")


def check_upload(upload, *, name: str | None = None) -> CheckedUpload:
    """Read an uploaded file (anything with .read() and .size, or bytes) and say what it is, or refuse it.

    Refusals are ValidationErrors in Chinese that name the file.
    """
    name = name or getattr(upload, "name", "") or "附件"
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(f"“{name}”大小为{_human(size)}，超过{_human(limit)}的上限", code="too_big")
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"“{name}”超过{_human(limit)}的上限", code="too_big")
    if not data:
        raise ValidationError(f"“{name}”是空文件", code="empty")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            f"“{name}”的内容不是{ACCEPTED_LABEL}（按文件内容判断，与扩展名无关）", code="file_type"
        )
    if kind is DOCX:
        _check_docx(data, name)
    return CheckedUpload(type=kind, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())
