"""The publishing hook of `zhibu generate`: news and notices of the generated branches.

Rates (per generated university): ~25% of branches publish 1–3 articles over the last year (~80% news,
~20% notices), each signed with the current key exactly as `article_approve` signs it (version 1, the
snapshot rendered from the text); ~30% of those branches also have one article in review and ~30% a draft.
Dates are spread over the year before `ctx.today`. The texts are clean for the text guard (checked by the
tests). Written with bulk_create; runs only over the branches this run generated, like the other hooks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zhibu.orgs.synthetic import SyntheticContext

from . import render, signing
from .models import Article, Publication

State, Kind = Article.State, Article.Kind
THEMES = (
    "学思想、强党性、重实践、建新功",
    "牢记初心使命",
    "赓续红色血脉",
    "党建引领专业建设",
    "为群众办实事",
    "师德师风建设",
    "学习贯彻党的创新理论",
)
NEWS = (
    ("{branch}开展“{theme}”主题党日活动", "主题党日", "全体党员重温入党誓词，围绕“{theme}”交流学习体会。"),
    (
        "{branch}召开{year}年度组织生活会",
        "组织生活会",
        "支部委员会班子和党员逐一进行对照检查，开展批评与自我批评。",
    ),
    ("{branch}书记讲授专题党课", "专题党课", "党课围绕“{theme}”展开，结合专业建设讲清道理、提出要求。"),
    ("{branch}开展志愿服务活动", "志愿服务", "党员分组走进社区和学生宿舍，为群众办实事、解难题。"),
)
NOTICES = (
    ("关于开展{year}年度民主评议党员工作的通知", "民主评议党员"),
    ("关于组织党员参加“{theme}”专题学习的通知", "专题学习"),
)


def _news_body(*, branch: str, day: dt.date, activity: str, detail: str) -> str:
    return "\n".join(
        [
            f"{day.year}年{day.month}月{day.day}日，{branch}开展{activity}。支部书记主持，支部党员参加。",
            "",
            "## 活动内容",
            detail,
            "- 学习研讨：交流学习体会",
            "- 部署安排：明确下一阶段工作",
            "",
            "## 下一步工作",
            "支部将把活动成效转化为推动专业建设和人才培养的实际行动。",
        ]
    )


def _notice_body(*, branch: str, day: dt.date, what: str) -> str:
    return "\n".join(
        [
            f"各党小组、全体党员：根据上级党组织的工作安排，{branch}将于{day.year}年{day.month}月开展{what}。",
            "",
            "## 工作安排",
            "- 个人学习，撰写心得体会",
            "- 党小组讨论，形成意见建议",
            "",
            "请各党小组按时完成，有关情况报支部委员会。",
        ]
    )


def _article(rng, branch, day: dt.date) -> tuple[str, str, str]:
    fill = {"branch": branch.name, "theme": rng.choice(THEMES), "year": day.year}
    if rng.random() < 0.8:
        title, activity, detail = rng.choice(NEWS)
        return (
            Kind.NEWS,
            title.format(**fill),
            _news_body(branch=branch.name, day=day, activity=activity, detail=detail.format(**fill)),
        )
    title, what = rng.choice(NOTICES)
    return Kind.NOTICE, title.format(**fill), _notice_body(branch=branch.name, day=day, what=what)


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("publishing")
    tz = timezone.get_current_timezone()
    ctx.progress.phase("生成宣传文章", len(ctx.branches))

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.choice((0, 15, 30, 45))), tz)

    articles: list[Article] = []
    for branch in ctx.branches:
        ctx.progress.advance()
        if rng.random() >= 0.25:
            continue
        plan = [State.PUBLISHED] * rng.randint(1, 3)
        plan += [State.IN_REVIEW] if rng.random() < 0.3 else []
        plan += [State.DRAFT] if rng.random() < 0.3 else []
        for state in plan:
            day = ctx.today - dt.timedelta(days=rng.randint(1, 364))
            kind, title, body = _article(rng, branch, day)
            written = at(day - dt.timedelta(days=rng.randint(1, 5)))
            article = Article(
                org=branch,
                org_path=branch.path,
                kind=kind,
                title=title,
                body=render.normalise_text(body),
                state=state,
                findings=[],
                scanned_at=written,
                created_at=written,
            )
            if state != State.DRAFT:
                article.submitted_at = written + dt.timedelta(hours=rng.randint(1, 12))
            if state == State.PUBLISHED:
                article.published_at = max(article.submitted_at + dt.timedelta(hours=2), at(day))
            articles.append(article)
    Article.objects.bulk_create(articles, batch_size=ctx.batch_size)

    publications = []
    for article in articles:
        if article.state != State.PUBLISHED:
            continue
        html = render.article_html(title=article.title, body=article.body)
        digest, signature, key = signing.sign(article_id=article.pk, version=1, html=html)
        publications.append(
            Publication(
                article=article,
                org_id=article.org_id,
                org_path=article.org_path,
                version=1,
                title=article.title,
                source_body=article.body,
                html=html,
                sha256=digest,
                signature=signature,
                key_id=key,
                signed_at=article.published_at,
                findings=[],
            )
        )
    Publication.objects.bulk_create(publications, batch_size=ctx.batch_size)
    for pub in publications:
        pub.article.publication = pub
    Article.objects.bulk_update([p.article for p in publications], ["publication"], batch_size=ctx.batch_size)
    ctx.count("宣传文章", len(articles))
