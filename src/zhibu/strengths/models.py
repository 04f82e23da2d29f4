"""Branch assessment: the "七个有力" indicators as data, reviewers' adjustments, annual plans and their
year-end review, the model-branch (样板支部) standard and the disciplinary records it looks at.

Indicator values are never stored: the scorer computes them from the record apps' counts (through
`zhibu.core.metrics`) whenever they are asked for. Only the year-end review freezes a snapshot.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.orgs.models import Org


class Strength(models.TextChoices):
    EDUCATE_MEMBERS = "educate_members", "教育党员有力"
    MANAGE_MEMBERS = "manage_members", "管理党员有力"
    SUPERVISE_MEMBERS = "supervise_members", "监督党员有力"
    ORGANISE_PEOPLE = "organise_people", "组织师生有力"
    PUBLICISE_TO_PEOPLE = "publicise_to_people", "宣传师生有力"
    UNITE_PEOPLE = "unite_people", "凝聚师生有力"
    SERVE_PEOPLE = "serve_people", "服务师生有力"


STRENGTH_CODES: tuple[str, ...] = tuple(Strength.values)


class Indicator(TimeStampedModel):
    """One measure of one strength: value = numerator (÷ denominator × scale), scored against the target.

    The weights of the enabled indicators make up the total score and must add up to 100.
    """

    code = models.SlugField("编码", max_length=60, unique=True)
    strength = models.CharField("所属“有力”", max_length=24, choices=Strength.choices)
    label = models.CharField("指标名称", max_length=120)
    numerator = models.CharField("统计项", max_length=60, help_text="记录模块登记的统计编码，如 meetings.party_lectures")
    denominator = models.CharField("除以", max_length=60, blank=True, help_text="填写时按比率计算，如 orgs.members")
    scale = models.DecimalField("倍数", max_digits=8, decimal_places=2, default=1,
                                help_text="比率乘以的倍数：百分比填100")
    unit = models.CharField("单位", max_length=12, blank=True)
    target = models.DecimalField("目标值", max_digits=10, decimal_places=2)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2)
    citation = models.CharField("依据", max_length=300)
    ordinal = models.PositiveSmallIntegerField("序号", default=0)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "评估指标"
        verbose_name_plural = "评估指标"
        ordering = ["ordinal", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="indicator_target_positive"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def metric_codes(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator) if self.denominator else (self.numerator,)


class Adjustment(SoftDeleteModel):
    """A reviewer's evidence-backed change to one indicator's score for one branch and year (±points)."""

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="strength_adjustments")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="adjustments")
    points = models.DecimalField("调整分值", max_digits=5, decimal_places=1,
                                 help_text="对该指标得分（0至100）的加减，如 10 或 -5")
    reason = models.CharField("理由", max_length=300)
    evidence_kind = models.CharField("佐证记录类型", max_length=30, blank=True)
    evidence_id = models.PositiveBigIntegerField("佐证记录编号", null=True, blank=True)
    evidence_title = models.CharField("佐证材料", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "评估调整"
        verbose_name_plural = "评估调整"
        ordering = ["-year", "org_path", "id"]
        indexes = [models.Index(fields=["org_path", "year"], condition=Q(deleted_at__isnull=True),
                                name="adjustment_alive_scope_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=-100, points__lte=100), name="adjustment_points_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.indicator} {self.points:+}"


class PlanCategory(models.TextChoices):
    ROUTINE = "routine", "常规工作上台阶"
    KEY = "key", "重点工作求突破"
    ASSESSMENT = "assessment", "考核工作争先进"
    SIGNATURE = "signature", "特色工作出亮点"


class Plan(TimeStampedModel):
    """A branch's yearly plan; the year-end review freezes the score it reached."""

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="strength_plans")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    summary = models.TextField("总体思路", blank=True)
    review_note = models.TextField("年终总结", blank=True)
    reviewed_at = models.DateTimeField("总结时间", null=True, blank=True)
    review_total = models.DecimalField("总结时总分", max_digits=5, decimal_places=1, null=True, blank=True)
    review_scores = models.JSONField("总结时各项得分", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "年度工作计划"
        verbose_name_plural = "年度工作计划"
        ordering = ["-year", "org_path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="plan_unique_org_year")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度工作计划"

    def get_absolute_url(self) -> str:
        return reverse("strengths:plan", args=[self.org.code, self.year])


class Goal(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE, related_name="goals")
    category = models.CharField("类别", max_length=12, choices=PlanCategory.choices)
    ordinal = models.PositiveSmallIntegerField("序号", default=0)
    title = models.CharField("目标", max_length=200)
    indicator = models.ForeignKey(Indicator, verbose_name="对应指标", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    target_value = models.DecimalField("目标值", max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "计划目标"
        verbose_name_plural = "计划目标"
        ordering = ["plan", "category", "ordinal", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(indicator__isnull=True) | Q(target_value__isnull=False),
                                   name="goal_indicator_has_target"),
        ]

    def __str__(self) -> str:
        return self.title


class BenchmarkStandard(TimeStampedModel):
    """A committee's standard for 样板支部 (对标争先): indicator thresholds, recent honours, a clean record."""

    org = models.OneToOneField(Org, verbose_name="制定单位", on_delete=models.PROTECT,
                               related_name="benchmark_standard")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField("名称", max_length=120, default="样板支部标准")
    min_total = models.DecimalField("总分不低于", max_digits=5, decimal_places=1, null=True, blank=True)
    honour_years = models.PositiveSmallIntegerField("荣誉年限", default=3, help_text="近几年内（含评估年度）")
    honour_min = models.PositiveSmallIntegerField("荣誉数量不少于", default=1)
    honour_levels = models.JSONField("计入的荣誉级别", default=list, blank=True,
                                     help_text="如 [\"national\", \"provincial\", \"municipal\"]；空表示全部")
    require_clean_record = models.BooleanField("近年无违纪问题", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "样板支部标准"
        verbose_name_plural = "样板支部标准"

    def __str__(self) -> str:
        return f"{self.org} {self.name}"


class Threshold(models.Model):
    standard = models.ForeignKey(BenchmarkStandard, verbose_name="标准", on_delete=models.CASCADE,
                                 related_name="thresholds")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="+")
    min_value = models.DecimalField("不低于", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "对标门槛"
        verbose_name_plural = "对标门槛"
        ordering = ["standard", "indicator__ordinal"]
        constraints = [models.UniqueConstraint(fields=["standard", "indicator"], name="threshold_unique_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} ≥ {self.min_value}"


class DisciplineRecord(SoftDeleteModel):
    """A disciplinary problem found in a branch (违纪问题); the model-branch standard asks for none recently."""

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="discipline_records")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    occurred_on = models.DateField("发生日期")
    summary = models.CharField("情况", max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "违纪问题记录"
        verbose_name_plural = "违纪问题记录"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return self.summary
