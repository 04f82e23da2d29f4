"""The demo hook: the symposium news and the case write-up, published and signed, without the spam phrase."""

import pytest

from zhibu.core.management.commands.demo import DemoContext
from zhibu.methods.factories import make_case, walk
from zhibu.publishing import demo, signing
from zhibu.publishing.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_news_and_the_writeup_signed(cast, client):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    ctx = DemoContext(
        orgs={"branch": cast.branch},
        users={"secretary": cast.secretary, "organiser": cast.organiser},
        extra={"case": case},
    )
    assert demo.present(ctx) is False
    demo.load(ctx)
    news, writeup = ctx.extra["news"], ctx.extra["writeup"]
    for article in (news, writeup):
        assert article.state == Article.State.PUBLISHED and article.findings == []
        assert signing.verify(article.publication) and article.publication.signed_by == cast.organiser
        assert article.author == cast.secretary
    assert news.published_at.year == 2022 and "示例大学" in news.body and "赌" not in news.body
    page = client.get(f"/news/{news.pk}/").content.decode()
    assert "示例大学物流管理专业教工党支部" in page and "全球最大的赌钱网" not in page
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert demo.present(DemoContext(orgs={"branch": cast.branch})) is True
