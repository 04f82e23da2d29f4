"""The text guard as publishing uses it: the article's title and body, with the official names of the
organisations around the article's owner, so that a phrase standing where a name belongs is named."""

from zhibu.core.paths import SEGMENT
from zhibu.orgs.selectors import org_official_names
from zhibu.textguard import Finding, scan_html, scan_text


def known_names(org_path: str) -> list[str]:
    # The subtree two levels above the owner (a branch's university-level committee): bounded, and it
    # holds the names an article about the branch mentions.
    depth = max(1, len(org_path) // SEGMENT - 2)
    return org_official_names(under=org_path[: depth * SEGMENT])


def scan_article(*, title: str, body: str, org_path: str) -> list[Finding]:
    return scan_text(f"{title}\n{body}", known_names=known_names(org_path))


def scan_page(html: str, *, names: list[str], hosts: list[str]) -> list[Finding]:
    return scan_html(html, known_names=names, own_hosts=hosts)


def summary(findings: list[dict]) -> str:
    """“博彩赌博：全球最大的赌钱网（应为 示例大学党委）”, one per finding, for messages."""
    from zhibu.textguard.scanner import CATEGORY_LABELS

    parts = []
    for f in findings[:5]:
        label = CATEGORY_LABELS.get(f["category"], f["category"])
        parts.append(
            f"{label}：“{f['phrase']}”" + (f"（应为“{f['replaces']}”）" if f.get("replaces") else "")
        )
    more = f"等{len(findings)}处" if len(findings) > 5 else ""
    return "；".join(parts) + more
