"""宣传发布: articles with an editorial flow, their signed publications, and integrity checks.

An article (news, notice, or a case write-up from `methods`) goes draft → in review → published →
withdrawn. Each publication keeps a signed snapshot (`Publication`): the exact HTML of the article as
the public site serves it, its SHA-256 and an HMAC-SHA256 signature. The public pages serve only a
snapshot that verifies; `IntegrityCheck` rows record what the checker found on the served site.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel
from zhibu.orgs.models import Org


class Article(SoftDeleteModel):
    class Kind(models.TextChoices):
        NEWS = "news", "新闻"
        NOTICE = "notice", "通知公告"
        CASE = "case", "案例"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="articles")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField("标题", max_length=200)
    # Plain text: paragraphs separated by blank lines, "## " starts a heading, "- " a list item.
    body = models.TextField("正文")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    case = models.ForeignKey(
        "methods.Case",
        verbose_name="来源案例",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The text guard's findings on the title and body, as last scanned (Finding.to_dict() each).
    findings = models.JSONField("检查结果", default=list, blank=True, editable=False)
    scanned_at = models.DateTimeField("检查时间", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    publication = models.ForeignKey(
        "Publication",
        verbose_name="当前发布版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        indexes = [
            models.Index(
                fields=["state", "kind", "published_at"],
                condition=Q(deleted_at__isnull=True),
                name="article_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publishing:article_detail", args=[self.pk])

    def public_url(self) -> str:
        if self.kind == self.Kind.CASE and self.case_id:
            return reverse("publishing:case", args=[self.case_id])
        return reverse("publishing:news_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class ImmutableError(RuntimeError):
    pass


class Publication(models.Model):
    """One publication of an article: the signed snapshot. Written once; never changed by the app
    (a restore only puts back bytes that verify against the stored signature)."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.PROTECT, related_name="publications"
    )
    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    source_body = models.TextField("正文原文")
    html = models.TextField("签名内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    signature = models.CharField("签名", max_length=64)
    key_id = models.CharField("密钥标识", max_length=16)
    signed_at = models.DateTimeField("签名时间")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    findings = models.JSONField("发布时检查结果", default=list, blank=True)
    override_reason = models.CharField("强制发布理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "发布版本"
        verbose_name_plural = "发布版本"
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="publication_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_repair", False):
            raise ImmutableError("发布版本一经签名不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("发布版本一经签名不可删除")


class IntegrityCheck(models.Model):
    """One run of the integrity checker over every published page."""

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    base_url = models.CharField("站点地址", max_length=300, blank=True, help_text="空：在进程内检查")
    pages = models.PositiveIntegerField("检查页面数", default=0)
    articles = models.PositiveIntegerField("检查文章数", default=0)
    problems = models.PositiveIntegerField("问题数", default=0)
    restored = models.PositiveIntegerField("已恢复文章数", default=0)

    class Meta:
        verbose_name = "完整性检查"
        verbose_name_plural = "完整性检查"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"完整性检查 {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self) -> bool:
        return self.problems == 0


class IntegrityFinding(models.Model):
    class Kind(models.TextChoices):
        SIGNATURE = "signature", "签名校验失败"
        STORED = "stored", "数据库内容与签名版本不一致"
        SERVED = "served", "对外服务内容与签名版本不一致"
        CLOAKING = "cloaking", "对搜索引擎展示不同内容"
        GUARD = "guard", "页面含可疑内容"
        UNAVAILABLE = "unavailable", "页面无法访问"
        UNKNOWN_KEY = "unknown_key", "未知密钥"

    check_run = models.ForeignKey(
        IntegrityCheck, verbose_name="检查", on_delete=models.CASCADE, related_name="findings"
    )
    article = models.ForeignKey(
        Article, verbose_name="文章", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    url = models.CharField("页面", max_length=300)
    variant = models.CharField("访问方式", max_length=20, blank=True)
    message = models.CharField("说明", max_length=300)
    diff = models.TextField("差异", blank=True)
    details = models.JSONField("详情", default=list, blank=True)

    class Meta:
        verbose_name = "完整性问题"
        verbose_name_plural = "完整性问题"
        ordering = ["check_run", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.url}"
