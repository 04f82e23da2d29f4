"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Run them with `scripts/test.sh browser` (or `pytest -m browser`); the other runs deselect them with
`-m "not browser"`. Every page a test visits is saved as a PNG in $ZHIBU_SCREENSHOTS (default: a new
temporary folder, printed at the end of the run). Playwright never downloads a browser here: it
launches the system's Chromium ($ZHIBU_CHROMIUM, default /usr/bin/chromium).
"""

import importlib
import os
import re
import tempfile
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ZHIBU_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed
# network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def screenshot_dir(request) -> Path:
    path = Path(os.environ.get("ZHIBU_SCREENSHOTS") or tempfile.mkdtemp(prefix="zhibu-screenshots-"))
    path.mkdir(parents=True, exist_ok=True)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    yield path
    if reporter is not None:
        reporter.write_line(f"screenshots: {path}")


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django's ORM refuses to run under a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The
    loop is idle whenever the test's own code runs, so that is safe; the variable is set only while
    Playwright runs and the browser is stopped at the end of each module, so other tests in the same
    process keep Django's check.
    """
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `scripts/test.sh setup` installs Debian's chromium")
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


class UI:
    """A browser tab on the live server, with the steps tests share. Every page is screenshotted."""

    def __init__(self, page, base_url: str, shots: Path, test_name: str):
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self.prefix = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
        self.count = 0
        self.broken: list[str] = []
        page.on("pageerror", lambda exc: self.broken.append(f"javascript error: {exc}"))
        page.on("response", self._check_asset)

    def _check_asset(self, response) -> None:
        # Pages may answer 404 on purpose; their CSS and scripts never may (no CDN: all served locally).
        if response.request.resource_type in {"stylesheet", "script", "image", "font"} and response.status >= 400:
            self.broken.append(f"{response.status} for {response.url}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, label: str) -> Path:
        self.count += 1
        path = self.shots / f"{self.prefix}-{self.count:02d}-{label}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def goto(self, path: str, label: str):
        response = self.page.goto(self.url(path))
        self.page.wait_for_load_state("networkidle")
        self.shot(label)
        return response

    def login(self, username: str, password: str = "pw-test-123") -> None:
        self.page.goto(self.url("/login/"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def text(self, selector: str = "body") -> str:
        return self.page.inner_text(selector)


# Data that migrations load (the standardisation rules, the point rules, the "七个有力" indicators). A live
# server's test flushes every table when it ends, so the next browser test would find them gone.
DATA_MIGRATIONS = [
    ("zhibu.meetings.migrations.0002_default_rules", "load_defaults"),
    ("zhibu.assessment.migrations.0002_default_rules", "load_defaults"),
    ("zhibu.strengths.migrations.0002_default_indicators", "add_defaults"),
]


@pytest.fixture
def migrated_data(live_server):
    from django.apps import apps

    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)  # each leaves existing rows as they are


@pytest.fixture
def ui(browser, live_server, migrated_data, screenshot_dir, request, settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tab = UI(page, live_server.url, screenshot_dir, request.node.name)
    yield tab
    context.close()
    assert not tab.broken, "the browser saw broken pages: " + "; ".join(tab.broken)
