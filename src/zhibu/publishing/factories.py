"""Articles for tests and the generator, written through the real services (history and signatures are real)."""

from . import services
from .models import Article

NEWS_TITLE = "市委组织部到示例大学物流管理专业教工党支部开展“党支部工作法”调研座谈"
NEWS_BODY = """2022年7月14日上午，市委组织部、市委教育工委组织处与示例大学物流管理专业教工党支部召开“党支部工作法”调研座谈会。

## 汇报“一三三”工作法
支部书记作《“一三三”工作法——打造高水平育人团队》工作汇报。
- 一个中心：围绕专业建设
- 三重共建工作机制：支部与专业共建、教工与学生党支部共建、校内校外支部共建
- 三大任务：教师思政、学生思政、课程思政

## 座谈交流
与会党员就党支部工作中的难点问题及党支部作用发挥展开交流。"""
SPAM_BODY = (
    "2022年7月14日，全球最大的赌钱网党委书记出席座谈会。全球最大的赌钱网党委非常重视党员教育管理工作。"
)


def make_article(
    *, org, by, title: str = NEWS_TITLE, body: str = NEWS_BODY, kind: str = Article.Kind.NEWS, **fields
) -> Article:
    return services.article_create(by=by, org=org, kind=kind, title=title, body=body, **fields)


def publish(article: Article, *, by, approver, override_reason: str = "") -> Article:
    """Submit (as `by`) and approve (as `approver`): the article published and signed."""
    services.article_submit(by=by, article=article)
    services.article_approve(by=approver, article=article, override_reason=override_reason)
    article.refresh_from_db()
    return article
