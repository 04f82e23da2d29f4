"""zhibu integrity-check [--base-url URL] [--json] [--restore]

Fetch every published page as a browser and as search-engine crawlers (Baiduspider, Googlebot, with a
search engine's Referer), compare the served article with its signed version, compare the crawlers'
pages with the browser's, and run the text guard over what was served. Exit status 1 when anything
differs, 0 when all is clean. Without --base-url the pages are fetched in this process through Django's
test client; with it, over real HTTP. --restore puts tampered articles back from their signed copies.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from zhibu.publishing import fetch
from zhibu.publishing.services_integrity import check_report, integrity_check_run


class Command(BaseCommand):
    help = "检查公开页面是否与签名版本一致（篡改、对搜索引擎的差异内容、可疑文字）；有问题时退出码为1"

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default="", help="站点地址，如 https://zhibu.example.edu.cn；不填则在进程内检查"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
        parser.add_argument(
            "--restore", action="store_true", help="把被改动的文章从签名版本恢复（记入变更记录）"
        )

    def handle(self, *args, base_url: str, json: bool, restore: bool, **options):
        fetcher = (
            fetch.HttpFetcher(base_url)
            if base_url
            else fetch.ClientFetcher(host=fetch.client_host(settings.ALLOWED_HOSTS))
        )
        verbose = options.get("verbosity", 1) > 1 and not json
        check = integrity_check_run(
            by=None,
            fetcher=fetcher,
            base_url=base_url,
            restore=restore,
            progress=(lambda url: self.stderr.write(f"检查 {url}")) if verbose else None,
        )
        report = check_report(check)
        if json:
            self.stdout.write(_json(report))
        else:
            self._print(report)
        if not check.ok:
            raise SystemExit(1)

    def _print(self, report: dict) -> None:
        w = self.stdout.write
        w(f"完整性检查 #{report['id']}：{report['articles']}篇文章，{report['pages']}个页面")
        for f in report["findings"]:
            variant = f"（{f['variant']}）" if f["variant"] else ""
            w(self.style.ERROR(f"\n[{f['label']}]{variant} {f['url']}") + f"\n  {f['message']}")
            if f["diff"]:
                w(f["diff"])
        if report["restored"]:
            w(self.style.WARNING(f"\n已从签名版本恢复{report['restored']}篇文章。"))
        if report["ok"]:
            w(self.style.SUCCESS("未发现问题：公开页面与签名版本一致。"))
        else:
            w(self.style.ERROR(f"\n发现{report['problems']}处问题。"))


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
