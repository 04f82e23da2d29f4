"""UI text uses full-width punctuation between Chinese words (，；：（）), as Chinese offices expect."""

import re
from pathlib import Path

from zhibu.core.typography import MARKER, fullwidth_line

ROOT = Path(__file__).resolve().parents[2]
_SKIP_LINE = re.compile(r"\bre\.\w+\(|(?<![A-Za-z0-9_])(?:[rR][bBfF]?|[fFbB][rR])[\"']")


def _sources():
    """Application code and templates; tests are left out, their strings are test data."""
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in {".py", ".html"} or {"migrations", "vendor", "tests", "browser_tests"} & set(path.parts):
            continue
        if path.name == "typography.py":  # it holds the ASCII forms on purpose
            continue
        yield path


def test_fullwidth_line_examples():
    assert fullwidth_line("应为18位,前17位为数字") == "应为18位，前17位为数字"
    assert fullwidth_line('f"校验位错误(应为{x})"') == 'f"校验位错误（应为{x}）"'
    assert fullwidth_line("名册文件(.xlsx),格式同模板") == "名册文件(.xlsx)，格式同模板"
    assert fullwidth_line("x = f(a, b)  # 注释") == "x = f(a, b)  # 注释"
    assert fullwidth_line('"""A column heading: 支委会, 党课 …"""') == '"""A column heading: 支委会, 党课 …"""'
    assert fullwidth_line("the branch (党支部) meets") == "the branch (党支部) meets"


def test_chinese_text_in_the_tree_uses_fullwidth_punctuation():
    offenders = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if MARKER in line:
                continue
            if path.suffix == ".py" and (line.lstrip().startswith("#") or _SKIP_LINE.search(line)):
                continue
            if fullwidth_line(line) != line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, (
        "ASCII punctuation in Chinese text (python -m zhibu.core.typography FILE fixes it):\n" + "\n".join(offenders[:40])
    )
