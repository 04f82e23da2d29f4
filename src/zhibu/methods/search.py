"""Chinese search for the case library: jieba segments both the indexed text and the query, so that
"课程思政" finds cases whose items say 课程思政 (indexed as 课程 / 思政） and a fragment like "程思" finds none.

The index is a case's words, space-separated with a space at each end, in `Case.search_text`; a query
matches when every one of its words is a whole word of the index. jieba loads its dictionary (shipped in
the package) on first use, once per process.
"""

import logging
import re
from collections.abc import Iterable

from django.db.models import Q

_WORD = re.compile(r"\w", re.UNICODE)
# Words too common to narrow a search.
STOP_WORDS = frozenset("的 了 和 与 及 或 在 为 以 是 等 之 其 把 对 将 被 从 向".split())
_ready = False


def _jieba():
    global _ready
    import jieba

    if not _ready:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _ready = True
    return jieba


def words(text: str) -> list[str]:
    """The searchable words of `text`, in order, each once (search-engine mode: 党支部 → 支部， 党支部）."""
    if not text or not text.strip():
        return []
    seen: dict[str, None] = {}
    for w in _jieba().lcut_for_search(text):
        w = w.strip().lower()
        if w and _WORD.search(w) and w not in STOP_WORDS:
            seen.setdefault(w, None)
    return list(seen)


def index_text(parts: Iterable[str]) -> str:
    found = words("\n".join(p for p in parts if p))
    return f" {' '.join(found)} " if found else ""


def query_q(query: str, field: str = "search_text") -> Q | None:
    """A filter requiring every word of the query; None when the query has no words."""
    ws = words(query)
    if not ws:
        return None
    q = Q()
    for w in ws:
        q &= Q(**{f"{field}__contains": f" {w} "})
    return q
