"""Work methods as structure (pillars and items), the cases that write them up, their life through research
and review, and the branches that adopt them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.orgs.models import Honour, Org

from .formula import numeral


class WorkMethod(SoftDeleteModel):
    """A branch's named way of working: "一三三" = one centre, three mechanisms, three tasks."""

    branch = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="work_methods")
    # The branch's tree path, kept with the row so that scope filters need no join.
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField("名称", max_length=40, help_text="由各部分的数目组成，如“一三三”“3+X”“一中心两支柱”")
    slogan = models.CharField("副标题", max_length=120, blank=True, help_text="如“打造高水平育人团队”")
    approach = models.JSONField("工作思路", default=list, blank=True)
    practices = models.JSONField("工作方法", default=list, blank=True)
    goals = models.JSONField("工作目标", default=list, blank=True)
    description = models.TextField("简介", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "工作法"
        verbose_name_plural = "工作法"
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], condition=Q(deleted_at__isnull=True),
                                    name="method_unique_alive_name", violation_error_message="本支部已有同名的工作法"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("methods:method_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"“{self.name}”工作法"


class Pillar(models.Model):
    """One numbered part of a method's formula: “三”重 共建工作机制. `count` None is an open part ("X")."""

    method = models.ForeignKey(WorkMethod, verbose_name="工作法", on_delete=models.CASCADE, related_name="pillars")
    ordinal = models.PositiveSmallIntegerField("序号")
    count = models.PositiveSmallIntegerField("数目", null=True, blank=True, help_text="留空表示不限数目（X)")
    measure = models.CharField("量词", max_length=4, blank=True, help_text="如 个、重、大、项")
    label = models.CharField("名称", max_length=40, help_text="如 中心、共建工作机制、任务")

    class Meta:
        verbose_name = "组成部分"
        verbose_name_plural = "组成部分"
        ordering = ["method", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["method", "ordinal"], name="pillar_unique_ordinal"),
            models.CheckConstraint(condition=Q(count__isnull=True) | Q(count__gte=1), name="pillar_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.numeral}{self.measure}{self.label}"

    @property
    def numeral(self) -> str:
        return numeral(self.count)


class PillarItem(models.Model):
    pillar = models.ForeignKey(Pillar, verbose_name="组成部分", on_delete=models.CASCADE, related_name="items")
    ordinal = models.PositiveSmallIntegerField("序号")
    text = models.CharField("内容", max_length=120)

    class Meta:
        verbose_name = "条目"
        verbose_name_plural = "条目"
        ordering = ["pillar", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["pillar", "ordinal"], name="pillar_item_unique_ordinal")]

    def __str__(self) -> str:
        return self.text


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    ENDORSED = "endorsed", "学校已推荐"
    RESEARCHED = "researched", "已调研"
    REVIEWED = "reviewed", "评审通过"
    PUBLISHED = "published", "已发布"
    PROMOTED = "promoted", "已推广"


PUBLIC_STATUSES = (CaseStatus.PUBLISHED, CaseStatus.PROMOTED)

# The write-up's sections: (field name, heading).
SECTIONS = [
    ("background", "基本情况"),
    ("practice", "主要做法"),
    ("outcome", "工作成效"),
    ("insight", "经验启示"),
]
SECTION_LABELS = dict(SECTIONS)


class Case(SoftDeleteModel):
    """A work method written up with evidence, on its way through research, review and publication."""

    title = models.CharField("标题", max_length=200)
    method = models.ForeignKey(WorkMethod, verbose_name="工作法", on_delete=models.PROTECT, related_name="cases")
    branch = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="method_cases")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    status = models.CharField("状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    round = models.PositiveSmallIntegerField("报送轮次", default=0, help_text="每提交一次加一")
    background = models.TextField("基本情况", blank=True)
    practice = models.TextField("主要做法", blank=True)
    outcome = models.TextField("工作成效", blank=True)
    insight = models.TextField("经验启示", blank=True)
    honours = models.ManyToManyField(Honour, verbose_name="荣誉", blank=True, related_name="+")
    # Segmented words (jieba) of the title, method and sections, space-separated, for the case library search.
    search_text = models.TextField(blank=True, default="", editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "工作法案例"
        verbose_name_plural = "工作法案例"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["status", "published_at"], condition=Q(deleted_at__isnull=True),
                         name="case_alive_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("methods:case_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def sections(self) -> list[tuple[str, str, str]]:
        """(key, heading, text) in order."""
        return [(key, label, getattr(self, key)) for key, label in SECTIONS]


def media_path(instance: "CaseMedia", filename: str) -> str:
    return f"methods/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class CaseMedia(TimeStampedModel):
    class Kind(models.TextChoices):
        VIDEO = "video", "视频链接"
        PHOTO = "photo", "照片"

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="media")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    url = models.URLField("链接", max_length=500, blank=True)
    file = models.FileField("文件", upload_to=media_path, max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    caption = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "案例媒体"
        verbose_name_plural = "案例媒体"
        ordering = ["case", "kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="video") & ~Q(url="")) | (Q(kind="photo") & ~Q(file="")), name="media_has_content"
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.original_name or self.url


class Evidence(models.Model):
    """A link from a case to one record of another app (a meeting, later a partnership, a deed …).

    Date, title and summary are copied when the link is made, so that the case reads the same in the public
    library and in its Word export, where the record itself is not shown.
    """

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("记录类型", max_length=30)
    record_id = models.PositiveBigIntegerField("记录编号")
    record_date = models.DateField("日期", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    ordinal = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["case", "record_date", "ordinal", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "record_id"], name="evidence_unique_record")]

    def __str__(self) -> str:
        return self.title


class Transition(models.Model):
    """One step of a case's life, for its timeline: who moved it, from what to what, with what note."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交"
        WITHDRAW = "withdraw", "撤回"
        ENDORSE = "endorse", "学校推荐"
        RESEARCH = "research", "调研"
        APPROVE = "approve", "评审通过"
        REVISE = "revise", "退回修改"
        PUBLISH = "publish", "发布"
        PROMOTE = "promote", "推广"

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="transitions")
    round = models.PositiveSmallIntegerField("轮次")
    action = models.CharField("操作", max_length=12, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField("新状态", max_length=12, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_org = models.ForeignKey(Org, verbose_name="所在组织", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    note = models.TextField("说明", blank=True)
    meeting = models.ForeignKey("meetings.Meeting", verbose_name="调研座谈会", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "案例流转"
        verbose_name_plural = "案例流转"
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_action_display()}"


class Review(models.Model):
    """A reviewer's comments on one round: per section and overall, and the decision."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "通过"
        REVISE = "revise", "修改后再报"

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField("轮次")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_org = models.ForeignKey(Org, verbose_name="评审单位", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    overall = models.TextField("总体意见")
    section_comments = models.JSONField("分项意见", default=dict, blank=True)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "点评"
        verbose_name_plural = "点评"
        ordering = ["case", "round", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case} 第{self.round}轮点评"

    def comments(self) -> list[tuple[str, str, str]]:
        """(section key, heading, comment) for the sections commented on, in the case's order."""
        return [(key, label, self.section_comments[key]) for key, label in SECTIONS
                if self.section_comments.get(key)]


class Adoption(TimeStampedModel):
    """Another branch taking up a published case's method （借鉴推广）; `via` when it learned from an adopter."""

    case = models.ForeignKey(Case, verbose_name="案例", on_delete=models.CASCADE, related_name="adoptions")
    branch = models.ForeignKey(Org, verbose_name="借鉴支部", on_delete=models.PROTECT, related_name="adoptions")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    via = models.ForeignKey("self", verbose_name="经由", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="followers", help_text="从哪个借鉴支部学来的；直接借鉴原案例的留空")
    adopted_on = models.DateField("借鉴日期")
    adaptation = models.TextField("结合实际的做法")
    outcomes = models.TextField("实施成效", blank=True)
    outcomes_on = models.DateField("成效记录日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "借鉴推广"
        verbose_name_plural = "借鉴推广"
        ordering = ["case", "adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "branch"], name="adoption_unique_branch")]

    def __str__(self) -> str:
        return f"{self.branch} 借鉴 {self.case}"
