"""Fetching public pages the way a reader's browser and a search engine's crawler do.

`ClientFetcher` goes through Django's test client inside this process (no server needed);
`HttpFetcher` makes real HTTP requests to a running site with urllib.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

BROWSER = (
    "browser",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36",
    "",
)
CRAWLERS = (
    (
        "baiduspider",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "https://www.baidu.com/s?wd=",
    ),
    (
        "googlebot",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "https://www.google.com/search?q=",
    ),
)
VARIANTS = (BROWSER, *CRAWLERS)
TIMEOUT = 20


@dataclass
class Fetched:
    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""


class ClientFetcher:
    def __init__(self, host: str = "localhost"):
        from django.test import Client

        self.client = Client(HTTP_HOST=host)
        self.host = host

    def get(self, path: str, *, user_agent: str, referer: str = "") -> Fetched:
        extra = {"HTTP_USER_AGENT": user_agent}
        if referer:
            extra["HTTP_REFERER"] = referer
        response = self.client.get(path, **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return Fetched(
            response.status_code,
            body.decode(response.charset or "utf-8", "replace"),
            {k.lower(): v for k, v in response.items()},
        )


class HttpFetcher:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base_url).hostname or ""

    def get(self, path: str, *, user_agent: str, referer: str = "") -> Fetched:
        headers = {"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml"}
        if referer:
            headers["Referer"] = referer
        request = urllib.request.Request(self.base_url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (the admin's own site)
                return _read(response.status, response)
        except urllib.error.HTTPError as e:
            return _read(e.code, e)
        except (urllib.error.URLError, OSError) as e:
            return Fetched(0, "", {}, error=str(getattr(e, "reason", e)))


def _read(status: int, response) -> Fetched:
    charset = response.headers.get_content_charset() or "utf-8"
    return Fetched(
        status,
        response.read().decode(charset, "replace"),
        {k.lower(): v for k, v in response.headers.items()},
    )


def client_host(allowed_hosts: list[str]) -> str:
    """A host name the site accepts, for the in-process client."""
    for h in allowed_hosts:
        if h and h != "*":
            return h.lstrip(".")
    return "localhost"
