"""zhibu scan: exit status 0/1/2, the text and JSON output, registered names from the database."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from zhibu.textguard.management.commands.scan import registered_org_names

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "seed-symposium-report.txt"


def scan(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("scan", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_clean_input_exits_0(tmp_path):
    status, out, _ = scan(CORPUS / "clean", "--no-db")
    assert status == 0
    assert out.strip() == f"检查了 {len(list((CORPUS / 'clean').iterdir()))} 个文件，未发现问题"


def test_findings_exit_1_with_one_line_each(tmp_path):
    status, out, _ = scan(SEED, "--no-db", "--known-name", "示例大学")
    assert status == 1
    lines = out.strip().splitlines()
    assert len(lines) == 11
    assert lines[0].startswith(f"{SEED}:1:99: [高] 组织名称被替换 “全球最大的赌钱网” 原为“示例大学” — ")
    assert lines[-1] == "检查了 1 个文件，发现 10 处问题（高 10）"


def test_unreadable_input_exits_2_and_wins_over_findings(tmp_path):
    status, out, err = scan(SEED, tmp_path / "missing.txt", "--no-db")
    assert status == 2
    assert "无法读取" in err and "文件不存在" in err
    assert "组织名称被替换" in out


@pytest.mark.parametrize("kind", ["bomb", "junk", "huge"])
def test_bad_files_exit_2_with_a_message_not_a_traceback(tmp_path, kind):
    path = tmp_path / {"bomb": "bomb.docx", "junk": "junk.txt", "huge": "huge.txt"}[kind]
    if kind == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<w:document>" + b"\0" * (60 * 1024 * 1024) + b"</w:document>")
    elif kind == "junk":
        path.write_bytes(os.urandom(4096))
    else:
        with open(path, "wb") as handle:
            handle.truncate(51 * 1024 * 1024)
    status, _, err = scan(path, "--no-db")
    assert status == 2
    assert err.startswith(f"无法读取 {path}:")
    assert "Traceback" not in err


def test_json_shape():
    status, out, _ = scan(SEED, CORPUS / "clean" / "01_nwu_diaoyan.txt", "--json", "--no-db", "--known-name", "示例大学")
    assert status == 1
    data = json.loads(out)
    assert set(data) == {"files", "summary"}
    assert data["summary"] == {
        "files": 2, "unreadable": 0, "findings": 10,
        "by_severity": {"low": 0, "medium": 0, "high": 10}, "exit_status": 1,
    }
    seed, clean = data["files"]
    assert seed["kind"] == "text" and seed["encoding"] == "utf-8" and seed["error"] is None
    assert clean["findings"] == []
    first = seed["findings"][0]
    assert first == {
        "category": "org_name_replaced", "phrase": "全球最大的赌钱网", "start": 98, "end": 106,
        "severity": "high", "message": first["message"], "replaces": "示例大学",
        "detail": "物流管理专业教工党支部", "line": 1, "column": 99,
    }


def test_json_for_an_unreadable_file(tmp_path):
    status, out, _ = scan(tmp_path / "missing.txt", "--json", "--no-db")
    assert status == 2
    [entry] = json.loads(out)["files"]
    assert entry == {"path": str(tmp_path / "missing.txt"), "kind": None, "encoding": None, "error": "文件不存在", "findings": []}


def test_min_severity_filters_and_decides_the_status(tmp_path):
    (tmp_path / "low.html").write_text('<p>正文</p><span style="display:none">跳到正文</span>', encoding="utf-8")
    assert scan(tmp_path / "low.html", "--no-db")[0] == 1
    assert scan(tmp_path / "low.html", "--no-db", "--min-severity", "medium")[0] == 0


def test_registered_names_come_from_the_database(cast):
    names = registered_org_names()
    assert "中共示例大学委员会" in names and "示例大学党委" in names and "物流管理专业教工党支部" in names
    status, out, _ = scan(SEED)
    assert status == 1
    assert out.count("原为“示例大学”") == 10


def test_without_the_orgs_app_it_scans_without_names(monkeypatch):
    from django.apps import apps

    def missing(*args, **kwargs):
        raise LookupError("no orgs")

    monkeypatch.setattr(apps, "get_model", missing)
    assert registered_org_names() == []


def _run_cli(home: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ZHIBU_DATABASE_URL"}
    env["ZHIBU_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "zhibu.cli", "scan", *map(str, args)], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_zhibu_command_without_a_database(tmp_path):
    """No database file: it scans without names and does not create one. An empty, unmigrated
    database: the same."""
    home = tmp_path / "home"
    result = _run_cli(home, SEED)
    assert result.returncode == 1, result.stderr
    assert "原为" not in result.stdout and result.stdout.count("组织名称被替换") == 10
    assert not (home / "zhibu.sqlite3").exists()

    (home / "zhibu.sqlite3").write_bytes(b"")
    result = _run_cli(home, SEED, "--json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["findings"] == 10

    assert _run_cli(home, CORPUS / "clean").returncode == 0
    result = _run_cli(home, tmp_path / "none.txt")
    assert result.returncode == 2 and "文件不存在" in result.stderr and "Traceback" not in result.stderr
