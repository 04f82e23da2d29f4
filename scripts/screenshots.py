"""Screenshots of the main pages as each demo user sees them, for a person to look at.

    ZHIBU_HOME=/tmp/zdemo zhibu demo --no-serve
    ZHIBU_HOME=/tmp/zdemo zhibu serve --port 8765 &
    python scripts/screenshots.py --base http://127.0.0.1:8765 --out var/screenshots [--mobile]
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "secretary": ["/", "/orgs/U1-WL-JG/", "/members/", "/orgs/", "/members/roster/import/", "/profile/"],
    "reviewer": ["/orgs/U1-WL-JG/", "/members/"],
    "organiser": ["/orgs/U1/", "/orgs/U1-WL-JG/roles/"],
    "sibling": ["/orgs/U1-WL-JG/"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--password", default="zhibu2022")
    parser.add_argument("--mobile", action="store_true")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    viewport = {"width": 390, "height": 844} if args.mobile else {"width": 1366, "height": 900}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport=viewport)
        page.goto(args.base + "/login/")
        page.screenshot(path=out / "login.png", full_page=True)
        for user, urls in PAGES.items():
            page.context.clear_cookies()
            page.goto(args.base + "/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", args.password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            for url in urls:
                page.goto(args.base + url)
                name = f"{user}{url.replace('/', '_') or '_'}{'-m' if args.mobile else ''}.png"
                page.screenshot(path=out / name, full_page=True)
                print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
