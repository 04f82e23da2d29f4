"""The article's HTML as the public site serves it: one deterministic function of title and body.

The same text always gives the same bytes, so that the signed snapshot can be compared with what the
article row would render to now, and with what a public page serves between the markers.
"""

import re

from django.utils.html import escape

# The served page carries the signed HTML between these comments; the checker cuts it out there.
START_MARK = "<!--zhibu:signed-->"
END_MARK = "<!--/zhibu:signed-->"
_SERVED = re.compile(re.escape(START_MARK) + "(.*?)" + re.escape(END_MARK), re.S)


def normalise_text(text: str) -> str:
    """Line endings as \\n, no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _blocks(body: str) -> list[str]:
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + "<br>".join(escape(line.strip()) for line in para) + "</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in normalise_text(body).split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("## "):
            flush()
            out.append(f"<h2>{escape(stripped[3:].strip())}</h2>")
        elif stripped.startswith("- "):
            if para:
                flush()
            items.append(stripped[2:].strip())
        else:
            if items:
                flush()
            para.append(stripped)
    flush()
    return out


def article_html(*, title: str, body: str) -> str:
    """The article block: title and body, escaped. This string (UTF-8) is what gets signed."""
    parts = [
        '<article class="zb-article" id="article-body">',
        f'<h1 class="zb-article-title" id="article-title">{escape(title.strip())}</h1>',
        '<div class="zb-article-text">',
        *_blocks(body),
        "</div>",
        "</article>",
    ]
    return "\n".join(parts)


def served_html(page: str) -> str | None:
    """The signed block cut out of a served page; None when the markers are missing."""
    m = _SERVED.search(page)
    return m.group(1) if m else None
