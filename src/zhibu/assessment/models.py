"""Member assessment: practical deeds (办实事), badge pledges, point rules, and the yearly member appraisal.

Points are never stored: `points.py` computes them from the records under the `PointRule`s in force.

Ballot secrecy (民主评议党员): who voted is `AppraisalVoter` (appraisal, member — nothing else: no time, no
ballot reference); how they voted exists only as counters in `AppraisalTally` (appraisal, candidate, grade,
count), created all at once when the ballot opens. A vote inserts its voter row and, in the same transaction
and in one statement, updates *every* tally row of the appraisal (adding 0 to those it did not choose), so
that neither row ids, row order nor a database's row versions tell which counters a voter touched. Votes
write no audit entry and no log line.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.orgs.models import Member, Org


def deed_evidence_path(instance: "Deed", filename: str) -> str:
    return f"assessment/deeds/{instance.evidence_sha256[:2]}/{instance.evidence_sha256}{instance.evidence_ext}"


class Deed(SoftDeleteModel):
    """A practical deed a member did for people; counts once confirmed (by a beneficiary, the secretary, or its record)."""

    class Category(models.TextChoices):
        SERVICE = "service", "服务学生"
        TEACHING = "teaching", "教学帮扶"
        EMPLOYMENT = "employment", "就业帮扶"
        GRADMAIL = "gradmail", "毕业寄"
        VOLUNTEERING = "volunteering", "志愿服务"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"

    class Via(models.TextChoices):
        BENEFICIARY = "beneficiary", "服务对象确认"
        SECRETARY = "secretary", "支部确认"
        RECORD = "record", "业务记录"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="deeds")
    org = models.ForeignKey(Org, verbose_name="所在支部", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    date = models.DateField("日期")
    title = models.CharField("做了什么", max_length=200)
    category = models.CharField("类别", max_length=16, choices=Category.choices)
    beneficiaries = models.PositiveIntegerField("服务人数", default=0)
    beneficiary_note = models.CharField("服务对象", max_length=200, blank=True, help_text="如 2022届物流管理专业毕业生")
    hours = models.DecimalField("时长（小时）", max_digits=6, decimal_places=1, default=0)
    evidence = models.FileField("佐证材料", upload_to=deed_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField("原文件名", max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    evidence_ext = models.CharField(max_length=10, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    confirmed_via = models.CharField("确认方式", max_length=12, choices=Via.choices, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmer_name = models.CharField("确认人姓名", max_length=60, blank=True)
    confirm_note = models.CharField("确认意见", max_length=200, blank=True)
    # A deed made from another app's record (core.deedsources): which record, and where it is.
    source_kind = models.CharField("来源", max_length=40, blank=True, default="")
    source_id = models.BigIntegerField(null=True, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "办实事"
        verbose_name_plural = "办实事"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_kind", "source_id"], condition=~Q(source_kind=""),
                                    name="deed_unique_source"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="deed_hours_not_negative"),
            models.CheckConstraint(condition=Q(status="pending") | ~Q(confirmed_via=""), name="deed_confirmed_has_via"),
        ]
        indexes = [
            models.Index(fields=["org_path", "status", "date"], condition=Q(deleted_at__isnull=True),
                         name="deed_alive_scope_idx"),
            models.Index(fields=["member", "date"], name="deed_member_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment:deed_detail", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def from_record(self) -> bool:
        return bool(self.source_kind)


class BadgePledge(TimeStampedModel):
    """A member's pledge to wear the party badge and show their identity (戴党徽、亮身份) for a year."""

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="badge_pledges")
    org = models.ForeignKey(Org, verbose_name="所在支部", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    promise = models.CharField("承诺", max_length=200, blank=True)

    class Meta:
        verbose_name = "戴党徽、亮身份承诺"
        verbose_name_plural = "戴党徽、亮身份承诺"
        ordering = ["-year", "member"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="badge_pledge_unique_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.member}"


class PointRule(TimeStampedModel):
    """One line of the points scheme: so many points per unit of a record kind, capped per year.

    A rule is in force for the years [year_from, year_to]; one rule per kind per year. Changing the scheme
    for a new year means ending the old rule and adding a new one, so past years keep their points.
    """

    class Kind(models.TextChoices):
        BASE = "base", "基础分"
        GENERAL_MEETING = "general_meeting", "参加支部党员大会"
        COMMITTEE_MEETING = "committee_meeting", "参加支部委员会会议"
        GROUP_MEETING = "group_meeting", "参加党小组会"
        PARTY_LECTURE = "party_lecture", "参加党课"
        DEED_HOUR = "deed_hour", "办实事（每小时）"
        COBUILD_OUTCOME = "cobuild_outcome", "共建成果"
        BADGE_PLEDGE = "badge_pledge", "戴党徽、亮身份承诺"
        ABSENCE = "absence", "无故缺席三会一课（扣分）"

    SHORT = {"base": "基础分", "general_meeting": "党员大会", "committee_meeting": "支委会", "group_meeting": "党小组会",
             "party_lecture": "党课", "deed_hour": "办实事", "cobuild_outcome": "共建成果", "badge_pledge": "亮身份",
             "absence": "缺席扣分"}
    UNITS = {"base": "年", "deed_hour": "小时", "cobuild_outcome": "项", "badge_pledge": "年"}
    MEETING_KINDS = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture")
    DEDUCTIONS = ("absence",)

    code = models.SlugField("编码", max_length=60, unique=True)
    kind = models.CharField("计分项", max_length=24, choices=Kind.choices)
    label = models.CharField("名称", max_length=100)
    points = models.DecimalField("每单位分值", max_digits=6, decimal_places=2,
                                 help_text="扣分项填负数，如 -3")
    cap = models.DecimalField("年度上限", max_digits=7, decimal_places=2, null=True, blank=True,
                              help_text="本项一年最多计（或扣）多少分；空表示不设上限")
    year_from = models.PositiveSmallIntegerField("起始年度", default=2000)
    year_to = models.PositiveSmallIntegerField("截止年度", null=True, blank=True, help_text="空表示长期有效")
    enabled = models.BooleanField("启用", default=True)
    citation = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["year_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(cap__isnull=True) | Q(cap__gte=0), name="point_rule_cap_not_negative"),
            models.CheckConstraint(condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                                   name="point_rule_years_ordered"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def unit(self) -> str:
        return self.UNITS.get(self.kind, "次")

    @property
    def short_label(self) -> str:
        return self.SHORT.get(self.kind, self.label)

    def applies_to(self, year: int) -> bool:
        return self.enabled and self.year_from <= year and (self.year_to is None or year <= self.year_to)


class DeedSyncRun(models.Model):
    """One run of the deed sync for a subtree and period: what it found."""

    org = models.ForeignKey(Org, verbose_name="组织", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    removed = models.PositiveIntegerField("撤销", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "实事同步"
        verbose_name_plural = "实事同步"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.org} {self.start}—{self.end}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class MemberAppraisal(TimeStampedModel):
    """民主评议党员: one a year per branch. open (ballot) → closed (results visible) → decided (locked)."""

    class Status(models.TextChoices):
        OPEN = "open", "投票中"
        CLOSED = "closed", "投票已结束"
        DECIDED = "decided", "已确定等次"

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="member_appraisals")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    # 优秀 may be given to at most share_num/share_den of the members appraised (default one third).
    share_num = models.PositiveSmallIntegerField("优秀比例分子", default=1)
    share_den = models.PositiveSmallIntegerField("优秀比例分母", default=3)
    note = models.CharField("说明", max_length=300, blank=True)
    opened_at = models.DateTimeField("开始投票", null=True, blank=True)
    closed_at = models.DateTimeField("结束投票", null=True, blank=True)
    decided_at = models.DateTimeField("确定等次", null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = "民主评议党员"
        ordering = ["-year", "org_path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="appraisal_unique_org_year"),
            models.CheckConstraint(condition=Q(share_den__gte=1) & Q(share_num__lte=models.F("share_den")),
                                   name="appraisal_share_is_fraction"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度民主评议党员"

    def get_absolute_url(self) -> str:
        return reverse("assessment:appraisal_detail", args=[self.pk])

    @property
    def results_visible(self) -> bool:
        return self.status in (self.Status.CLOSED, self.Status.DECIDED)

    def max_excellent(self, appraised: int) -> int:
        return appraised * self.share_num // self.share_den

    @property
    def share_label(self) -> str:
        names = {(1, 3): "三分之一", (1, 4): "四分之一", (1, 5): "五分之一", (1, 2): "二分之一", (3, 10): "百分之三十",
                 (1, 10): "十分之一", (1, 1): "全部"}
        return names.get((self.share_num, self.share_den), f"{self.share_num}/{self.share_den}")


class AppraisalSelf(TimeStampedModel):
    """A member's self-assessment (个人自评) for the appraisal."""

    appraisal = models.ForeignKey(MemberAppraisal, on_delete=models.CASCADE, related_name="self_assessments")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("个人自评")

    class Meta:
        verbose_name = "个人自评"
        verbose_name_plural = "个人自评"
        constraints = [models.UniqueConstraint(fields=["appraisal", "member"], name="appraisal_self_unique")]

    def __str__(self) -> str:
        return f"{self.member} 自评"


class AppraisalVoter(models.Model):
    """That a member has voted — deliberately nothing else (no time, no link to what they chose)."""

    appraisal = models.ForeignKey(MemberAppraisal, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "已投票党员"
        verbose_name_plural = "已投票党员"
        constraints = [models.UniqueConstraint(fields=["appraisal", "member"], name="appraisal_voter_once")]

    def __str__(self) -> str:
        return str(self.member_id)


class AppraisalTally(models.Model):
    """How many ballots rated `candidate` as `grade`: anonymous counters, created when the ballot opens.

    The candidates of an appraisal are the members with tally rows: its full members when it opened.
    """

    appraisal = models.ForeignKey(MemberAppraisal, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=12, choices=Grade.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "票数"
        verbose_name_plural = "票数"
        constraints = [models.UniqueConstraint(fields=["appraisal", "candidate", "grade"], name="appraisal_tally_unique")]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.grade} {self.count}"


class AppraisalResult(models.Model):
    """The branch's decided grade for a member, with the votes and points it had in view (locked)."""

    appraisal = models.ForeignKey(MemberAppraisal, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="appraisal_results")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    grade = models.CharField("评定等次", max_length=12, choices=Grade.choices)
    votes = models.JSONField("票数", default=dict)
    points = models.DecimalField("年度积分", max_digits=8, decimal_places=2, default=0)

    class Meta:
        verbose_name = "评议结果"
        verbose_name_plural = "评议结果"
        ordering = ["appraisal", "member__name"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "member"], name="appraisal_result_unique")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_grade_display()}"
