"""Chinese typography for UI text: full-width punctuation between Chinese words.

`python -m zhibu.core.typography FILE…` rewrites files; tests/test_typography.py keeps the tree clean.
"""

import re
import sys
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(CJK.match(ch))


def fullwidth_line(line: str) -> str:
    """The line with ASCII ,;:?!() inside Chinese text made full-width (parentheses in pairs).

    Chinese text has no space after its punctuation: "条,第" and "说明:{x}" are converted, while English
    prose that quotes Chinese words ("支委会, 党课") or glosses them ("党支部 (branch)") is left alone.
    """
    if not CJK.search(line):
        return line
    out = list(line)
    n = len(out)
    for i in range(n):
        c = out[i]
        p = out[i - 1] if i > 0 else ""
        q = out[i + 1] if i + 1 < n else ""
        if c in ",;:?!":
            if is_cjk(q) or (is_cjk(p) and q and not q.isspace()) or (is_cjk(p) and not q):
                out[i] = _FULL[c]
        elif c == "(":
            depth = 0
            for j in range(i + 1, n):
                if out[j] == "(":
                    depth += 1
                elif out[j] == ")":
                    if depth == 0:
                        inner = "".join(out[i + 1 : j])
                        if p and (is_cjk(p) or p in "}“") and (CJK.search(inner) or (is_cjk(p) and inner.startswith("{"))):
                            out[i], out[j] = "（", "）"
                        break
                    depth -= 1
    return "".join(out)


MARKER = "typography: ascii"  # a line that must keep ASCII punctuation says so (an Excel list formula …)
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def fullwidth_file(path: Path) -> bool:
    """Rewrite a source file's Chinese punctuation; comments and regular expressions are left alone."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    new = []
    for line in lines:
        stripped = line.lstrip()
        if path.suffix == ".py" and (stripped.startswith("#") or re.search(r"\bre\.\w+\(", line) or re.search(r"(?<![A-Za-z0-9_])(?:[rR][bBfF]?|[fFbB][rR])[\"']", line)):
            new.append(line)
            continue
        new.append(line if MARKER in line else fullwidth_line(line))
    result = "\n".join(new)
    if result != text:
        path.write_text(result, encoding="utf-8")
        return True
    return False



if __name__ == "__main__":
    for arg in sys.argv[1:]:
        if fullwidth_file(Path(arg)):
            print("changed", arg)
