"""Bad input: a clear Chinese reason, nothing written, exit status 2 from the command."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zhibu.ingest.reading import UnreadableReport, read_path, read_upload
from zhibu.meetings.models import Meeting


def _docx_bytes(body: bytes, *, extra_size: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _docx_bytes(f'<w:document {ns}><w:body>{body}</w:body></w:document>'.encode())


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(UnreadableReport, match="二进制"):
        read_path(path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadableReport, match="空"):
        read_path(path)
    with pytest.raises(UnreadableReport, match="空文件"):
        read_upload(SimpleUploadedFile("empty.txt", b""))


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing to read
    with pytest.raises(UnreadableReport, match="太大"):
        read_path(path)

    class Huge:
        name, size = "big.txt", 60 * 1024 * 1024

        def chunks(self):
            raise AssertionError("read before the size was checked")

    with pytest.raises(UnreadableReport, match="太大"):
        read_upload(Huge())


def test_html_scripts_are_stripped_and_reported_never_run(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><script>document.write('赌场');location.href='http://x.example'</script>"
        "<p>6月1日上午9:00，物流管理专业教工党支部在学院112会议室召开支部党员大会，会议由支部书记陈立华主持。</p>"
        "<iframe src='http://spam.example'></iframe></body></html>", encoding="utf-8")
    source = read_path(path)
    assert "document.write" not in source.text and "赌场" not in source.text
    assert {f.category for f in source.findings} >= {"script", "iframe"}
    from zhibu.ingest.extract import extract

    data = extract(source.text, source.text_findings).to_json(source.findings)
    assert data["event"]["place"] == "学院112会议室"
    assert data["event"]["chair"] == "陈立华"
    assert data["spam"]["injected"] is True


def test_docx_is_read(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(_docx(["7月1日上午9:00，物流管理专业教工党支部在学院112会议室召开支部党员大会。", "会议由支部书记陈立华主持。"]))
    source = read_path(path)
    assert source.kind == "docx"
    from zhibu.ingest.extract import extract

    assert extract(source.text, []).event["chair"] == "陈立华"


def test_a_zip_bomb_docx_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx_bytes(b"<w:document>" + b"A" * (60 * 1024 * 1024) + b"</w:document>"))
    with pytest.raises(UnreadableReport, match="压缩炸弹"):
        read_path(path)
    with pytest.raises(UnreadableReport, match="压缩炸弹"):
        read_upload(SimpleUploadedFile("bomb.docx", path.read_bytes()))


def test_a_zip_that_is_no_docx_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path = tmp_path / "fake.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(UnreadableReport, match="docx"):
        read_path(path)


def test_unsupported_upload_type_is_refused():
    with pytest.raises(UnreadableReport, match="类型不支持"):
        read_upload(SimpleUploadedFile("report.pdf", b"%PDF-1.4"))


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [("junk.txt", bytes(range(256)) * 10), ("empty.txt", b""),
                                           ("missing.txt", None)])
def test_command_exits_2_on_unreadable_input(tmp_path, capsys, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(path), "--json")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "无法读取" in err or "空" in err
    assert Meeting.all_objects.count() == 0
