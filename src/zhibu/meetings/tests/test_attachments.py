"""Attachments: the type is judged by content (never by the name), sizes are limited, zip bombs refused."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from zhibu.core.audit import history_for
from zhibu.core.uploads import check_upload
from zhibu.meetings import services
from zhibu.meetings.factories import make_meeting
from zhibu.meetings.models import Attachment

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(text: str = "会议纪要") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("name, data, kind, extension", [
    ("合影.png", PNG, "image", ".png"), ("现场.jpg", JPEG, "image", ".jpg"), ("a.webp", WEBP, "image", ".webp"),
    ("通知.pdf", PDF, "pdf", ".pdf"), ("纪要.docx", docx_bytes(), "docx", ".docx"),
    # The name does not matter, only the content: a PNG called .pdf is stored as the PNG it is.
    ("misnamed.pdf", PNG, "image", ".png"),
])
def test_accepted_types_are_recognised_by_content(name, data, kind, extension):
    checked = check_upload(upload(name, data))
    assert (checked.type.kind, checked.type.extension) == (kind, extension)


@pytest.mark.parametrize("name, data", [
    ("photo.jpg", "这不是图片".encode()),
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 a Windows program"),
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("slides.docx", b"GIF89a\x01\x00\x01\x00"),
])
def test_a_file_that_lies_about_its_type_is_refused(name, data):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload(name, data))
    assert exc.value.messages == [
        f"“{name}”的内容不是照片（JPEG、PNG、WebP）、PDF或Word(.docx)文档（按文件内容判断，与扩展名无关）"
    ]


def test_a_zip_that_is_not_a_word_document_is_refused():
    with pytest.raises(ValidationError, match="不是Word"):
        check_upload(upload("minutes.docx", zip_bytes({"evil.sh": b"rm -rf /"})))
    with pytest.raises(ValidationError, match="已损坏"):
        check_upload(upload("broken.docx", b"PK\x03\x04" + b"\x00" * 40))


def test_a_zip_bomb_dressed_as_docx_is_refused():
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                      "word/media/huge.bin": b"\x00" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="压缩炸弹"):
        check_upload(upload("bomb.docx", bomb))


def test_files_over_the_size_limit_are_refused(settings):
    settings.ZHIBU_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="超过1 KB的上限"):
        check_upload(upload("big.pdf", PDF + b"0" * 2000))
    with pytest.raises(ValidationError, match="空文件"):
        check_upload(upload("empty.pdf", b""))


def test_attachment_add_stores_by_content_hash_and_records_history(cast, media_root):
    meeting = make_meeting(org=cast.branch)
    first = services.attachment_add(by=cast.secretary, meeting=meeting, upload=upload("合影.png", PNG))
    again = services.attachment_add(by=cast.secretary, meeting=meeting, upload=upload("副本.png", PNG))
    assert first.file.name == again.file.name == f"meetings/{first.sha256[:2]}/{first.sha256}.png"
    assert (media_root / first.file.name).read_bytes() == PNG
    assert first.original_name == "合影.png" and first.kind == "image" and first.size == len(PNG)
    assert history_for(meeting).first().changes == {"附件": [None, "副本.png"]}
    services.attachment_remove(by=cast.secretary, attachment=first)
    first.refresh_from_db()
    assert first.deleted_at is not None
    with pytest.raises(PermissionDenied):
        services.attachment_add(by=cast.reviewer, meeting=meeting, upload=upload("a.png", PNG))


def test_a_bad_file_is_refused_by_field(cast, media_root):
    meeting = make_meeting(org=cast.branch)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(by=cast.secretary, meeting=meeting, upload=upload("假照片.jpg", b"hello"))
    assert "假照片.jpg" in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists()


def test_upload_page_view_and_remove(cast, login, media_root):
    meeting = make_meeting(org=cast.branch)
    url = reverse("meetings:attachment_upload", args=[meeting.pk])
    client = login(cast.secretary)
    response = client.post(url, {"files": [upload("合影.png", PNG), upload("纪要.docx", docx_bytes())]})
    assert response.status_code == 302
    photo, word = Attachment.objects.order_by("pk")
    body = client.get(meeting.get_absolute_url()).content.decode()
    file_url = reverse("meetings:attachment_file", args=[meeting.pk, photo.pk])
    assert f'<img class="zb-thumb" loading="lazy" src="{file_url}"' in body
    shown = client.get(file_url)
    assert shown["Content-Type"] == "image/png" and b"".join(shown.streaming_content) == PNG
    assert "sandbox" in shown["Content-Security-Policy"]
    download = client.get(reverse("meetings:attachment_file", args=[meeting.pk, word.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    # One bad file among good ones: none is kept.
    response = client.post(url, {"files": [upload("b.png", PNG + b"x"), upload("evil.pdf", b"#!/bin/sh")]}, follow=True)
    assert "附件未上传" in response.content.decode() and "evil.pdf" in response.content.decode()
    assert Attachment.objects.count() == 2
    for who, status in [("reviewer", 403), ("member_user", 403), ("sibling_secretary", 404)]:
        assert login(getattr(cast, who)).post(url, {"files": [upload("c.png", PNG)]}).status_code == status
        remove = reverse("meetings:attachment_remove", args=[meeting.pk, photo.pk])
        assert login(getattr(cast, who)).post(remove).status_code == status
    assert login(cast.sibling_secretary).get(file_url).status_code == 404
    assert login(cast.reviewer).get(file_url).status_code == 200
    login(cast.secretary).post(reverse("meetings:attachment_remove", args=[meeting.pk, photo.pk]))
    assert login(cast.secretary).get(file_url).status_code == 404
