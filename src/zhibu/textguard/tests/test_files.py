"""Reading files: encodings, .docx (and its zip bombs), binary junk, over-size files, folders."""

import zipfile

import docx
import pytest
from docx.shared import RGBColor

from zhibu.textguard import files
from zhibu.textguard.files import UnreadableFile, read_document, scan_file, scan_path
from zhibu.textguard.scanner import Category

INJECTED_SENTENCE = "全球最大的赌钱网党委召开会议,研究部署党建工作。"


def make_docx(path, paragraphs, *, hidden=None, white=None):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if hidden:
        run = document.add_paragraph("正文之后:").add_run(hidden)
        run.font.hidden = True
    if white:
        run = document.add_paragraph().add_run(white)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.save(path)
    return path


def make_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_utf8_and_gbk_text(tmp_path):
    (tmp_path / "u.txt").write_text(INJECTED_SENTENCE, encoding="utf-8")
    (tmp_path / "g.txt").write_bytes(INJECTED_SENTENCE.encode("gbk"))
    (tmp_path / "b.txt").write_bytes("\ufeff".encode() + INJECTED_SENTENCE.encode())
    for name, encoding in (("u.txt", "utf-8"), ("g.txt", "gbk/gb18030"), ("b.txt", "utf-8-sig")):
        result = scan_file(tmp_path / name)
        assert result.encoding == encoding and result.error is None
        [finding] = result.findings
        assert finding.category == Category.ORG_NAME_REPLACED
        assert result.text[finding.start : finding.end] == "全球最大的赌钱网"


def test_html_is_recognised_by_name_and_by_content(tmp_path):
    source = '<html><body><div style="display:none"><a href="http://x.cc/">永利官网</a></div></body></html>'
    (tmp_path / "page.htm").write_text(source, encoding="utf-8")
    (tmp_path / "page.txt").write_text(source, encoding="utf-8")
    for name in ("page.htm", "page.txt"):
        result = scan_file(tmp_path / name)
        assert result.kind == "html"
        assert Category.HIDDEN_CONTENT in {f.category for f in result.findings}


def test_html_declared_as_gbk(tmp_path):
    source = '<html><head><meta charset="gb2312"></head><body><p>澳门新葡京</p></body></html>'
    (tmp_path / "gbk.html").write_bytes(source.encode("gbk"))
    result = scan_file(tmp_path / "gbk.html")
    assert result.encoding == "gbk/gb18030"
    assert [f.phrase for f in result.findings] == ["澳门新葡京"]


def test_docx_text_and_offsets(tmp_path):
    path = make_docx(tmp_path / "report.docx", ["调研座谈会", INJECTED_SENTENCE])
    result = scan_file(path)
    assert result.kind == "docx"
    assert result.text.splitlines() == ["调研座谈会", INJECTED_SENTENCE]
    [finding] = result.findings
    assert finding.category == Category.ORG_NAME_REPLACED
    assert result.text[finding.start : finding.end] == "全球最大的赌钱网"


def test_docx_hidden_and_white_runs(tmp_path):
    path = make_docx(tmp_path / "hidden.docx", ["党支部工作总结"], hidden="永利官网 澳门新葡京", white="学校党委")
    findings = scan_file(path).findings
    hidden = [f for f in findings if f.category == Category.HIDDEN_CONTENT]
    assert [(f.phrase, f.severity) for f in hidden] == [("永利官网 澳门新葡京", "high"), ("学校党委", "low")]
    assert "vanish" in hidden[0].message


def test_a_zip_bomb_docx_is_refused(tmp_path):
    bomb = make_zip(
        tmp_path / "bomb.docx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>"},
    )
    with pytest.raises(UnreadableFile, match="压缩炸弹"):
        read_document(bomb)


def test_a_docx_that_inflates_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_DOCX_XML_BYTES", 100_000)
    path = make_docx(tmp_path / "big.docx", ["党建工作" * 20_000])
    with pytest.raises(UnreadableFile, match="疑似压缩炸弹"):
        read_document(path)


def test_a_docx_with_a_dtd_is_refused(tmp_path):
    xml = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document>&a;</w:document>'
    path = make_zip(tmp_path / "dtd.docx", {"word/document.xml": xml})
    with pytest.raises(UnreadableFile, match="DTD"):
        read_document(path)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("fake.docx", b"this is not a zip", "不是 zip"),
        ("other.docx", None, "缺少 word/document.xml"),
        ("junk.txt", bytes(range(256)) * 64, "二进制"),
        ("junk.bin", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)) * 50, "二进制"),
        ("scan.pdf", b"%PDF-1.7", "PDF"),
    ],
)
def test_unreadable_inputs(tmp_path, name, data, reason):
    path = tmp_path / name
    if data is None:
        make_zip(path, {"xl/workbook.xml": b"<x/>"})
    else:
        path.write_bytes(data)
    result = scan_file(path)
    assert result.error and reason in result.error
    assert result.findings == []


def test_a_missing_file_and_an_over_size_file(tmp_path):
    assert scan_file(tmp_path / "nope.txt").error == "文件不存在"
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(files.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert "文件太大" in scan_file(big).error


def test_an_empty_file_is_clean(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = scan_file(tmp_path / "empty.txt")
    assert result.error is None and result.findings == []


def test_a_folder_is_scanned_recursively_skipping_hidden_and_unknown_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text(INJECTED_SENTENCE, encoding="utf-8")
    (tmp_path / "a" / "clean.md").write_text("党支部召开组织生活会", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(INJECTED_SENTENCE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    results = scan_path(tmp_path)
    assert [r.path.removeprefix(str(tmp_path)) for r in results] == ["/a/clean.md", "/a/b/deep.txt"]
    assert [len(r.findings) for r in results] == [0, 1]
