"""The demo's publishing: the symposium news (the seed report's story, the university named 示例大学 — the
defaced page's spam phrase never appears) and the faculty branch's case write-up of its “一三三” method,
both written by the branch secretary, approved by the university's organiser, published and signed.
People are named by their posts, not by name. Registered on the context: ctx.extra["news"], ctx.extra["writeup"].
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from . import services
from .models import Article

if TYPE_CHECKING:
    from zhibu.core.management.commands.demo import DemoContext

NEWS_TITLE = "市委组织部、市委教育工委到示例大学物流管理专业教工党支部开展“党支部工作法”调研座谈"
NEWS_BODY = """为推进优秀“党支部工作法”案例形成，推广先进党支部工作经验，强化优秀党支部辐射带动作用发挥，2022年7月14日上午，市委组织部、市委教育工委组织处与示例大学物流管理专业教工党支部在学院112会议室召开“党支部工作法”调研座谈会。市委组织部、市委教育工委组织处有关同志，示例大学物流学院党委负责同志，物流管理专业教工党支部书记及9名党员代表参加会议。

## 汇报“一三三”工作法
支部书记作《“一三三”工作法——打造高水平育人团队》工作汇报。物流管理专业是学校的特色专业，是国家级和北京市级一流本科专业建设点；支部成立于2006年，始终坚持立德树人根本任务，从严从细开展“七个有力”党支部建设。
支部以创建“全国党建工作样板支部”为契机，凝练形成“一三三”党支部工作法：
- 一个中心：围绕专业建设
- 三重共建工作机制：支部与专业共建、教工与学生党支部共建、校内校外支部共建
- 三大任务：教师思政、学生思政、课程思政
工作法以找抓手、建制度、抓落实为工作思路，基本实现了党建工作与业务工作同研究、同部署、同落实、同考核的工作目标。

## 校企共建成果显著
支部与企业党支部共建中，依托学校科研平台为企业提供技术支持，聚焦企业招不进人、留不住人等难点问题开展交流研讨，积极拓展就业岗位信息渠道，深入开展访企拓岗促就业专项工作，致力打通就业的“最后一公里”。

## 座谈交流
与会党员表示，2020到2022年两次毕业季打包邮寄工作中，教工党员、学生党员冲锋在前，为毕业生上了一堂“毕业季专题党课”；类似“毕业寄”等无法用业绩指标衡量的工作，可以通过为群众办实事、党员干实事的方式纳入党员考核。
示例大学物流学院党委负责同志表示，学院党委将持续提升基层党建工作质量，希望支部真正当好“样板”，坚持做好“标杆”。

## 点评指导
市委组织部同志充分肯定了“一三三”工作法的显著成效，并就党支部标准化、规范化建设等方面进行了点评指导，强调树立先进典型、打造支部品牌、优化创新经验等做法应大力推广宣传。"""


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_current_timezone())


def present(ctx: DemoContext) -> bool:
    news = Article.objects.filter(
        org=ctx.orgs.get("branch"), kind=Article.Kind.NEWS, title=NEWS_TITLE
    ).first()
    if news is None:
        return False
    ctx.extra["news"] = news
    ctx.extra["writeup"] = Article.objects.filter(kind=Article.Kind.CASE, org=ctx.orgs["branch"]).first()
    _tips(ctx)
    return True


def _publish(article: Article, ctx: DemoContext, *, submitted: dt.datetime, approved: dt.datetime) -> Article:
    services.article_submit(by=ctx.users.get("secretary"), article=article, at=submitted)
    services.article_approve(by=ctx.users.get("organiser"), article=article, at=approved)
    article.refresh_from_db()
    return article


def load(ctx: DemoContext) -> None:
    branch, author = ctx.orgs["branch"], ctx.users.get("secretary")
    news = services.article_create(
        by=author, org=branch, kind=Article.Kind.NEWS, title=NEWS_TITLE, body=NEWS_BODY
    )
    _publish(news, ctx, submitted=_at(dt.date(2022, 7, 14), 17), approved=_at(dt.date(2022, 7, 15), 10))
    ctx.extra["news"] = news
    case = ctx.extra.get("case")
    if case is not None and case.is_public:
        writeup = services.case_writeup_create(by=None, case_id=case.pk)
        Article.objects.filter(pk=writeup.pk).update(author=author)
        writeup.author = author
        _publish(writeup, ctx, submitted=_at(dt.date(2022, 9, 1), 15), approved=_at(dt.date(2022, 9, 2), 9))
        ctx.extra["writeup"] = writeup
    _tips(ctx)


def _tips(ctx: DemoContext) -> None:
    ctx.tip(
        "secretary",
        "“宣传发布”中撰写新闻和案例稿，提交后由学校组织部审核发布；公开网站 /news/、/cases/ 无需登录",
    )
    ctx.tip("organiser", "在“宣传发布”中审核支部提交的文章：发布时自动进行文字检查并签名")
    ctx.tip(
        "admin", "“宣传发布 › 完整性检查”比对公开页面与签名版本，发现篡改和暗链；命令行 zhibu integrity-check"
    )
