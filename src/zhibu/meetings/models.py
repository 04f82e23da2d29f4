"""Organisational-life records (三会一课, 主题党日, 组织生活会, 座谈会/调研 …) and the standardisation rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.orgs.models import Member, Org


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会会议"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    ORG_LIFE_MEETING = "org_life_meeting", "组织生活会"
    APPRAISAL = "appraisal", "民主评议党员"
    TALK = "talk", "谈心谈话"
    SYMPOSIUM = "symposium", "座谈会/调研"
    COBUILD_ACTIVITY = "cobuild_activity", "共建活动"
    TEACHER_STUDY = "teacher_study", "教师理论学习"
    OTHER = "other", "其他"


class Meeting(SoftDeleteModel):
    """One event of organisational life, hosted by an org node (a branch, a group, a committee …)."""

    org = models.ForeignKey(Org, verbose_name="主办组织", on_delete=models.PROTECT, related_name="meetings")
    # The host's tree path, kept with the row so that scope filters and compliance need no join.
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    co_hosts = models.ManyToManyField(Org, verbose_name="协办组织", blank=True, related_name="co_hosted_meetings")
    kind = models.CharField("类型", max_length=24, choices=MeetingKind.choices)
    research = models.BooleanField("调研", default=False, help_text="上级组织的调研座谈会")
    title = models.CharField("标题", max_length=200)
    topic = models.CharField("主题", max_length=300, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=120, blank=True)
    chair = models.ForeignKey(
        Member, verbose_name="主持人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair_guest = models.ForeignKey(
        "Guest", verbose_name="主持人（来宾）", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorder = models.ForeignKey(
        Member, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.TextField("会议记录", blank=True)
    resolutions = models.TextField("会议决议", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = "组织生活记录"
        verbose_name_plural = "组织生活记录"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(chair__isnull=True) | Q(chair_guest__isnull=True), name="meeting_one_chair"
            ),
        ]
        indexes = [
            # Compliance counts meetings of a kind in a subtree over a period, from the index alone.
            models.Index(fields=["org_path", "kind", "starts_at"], condition=Q(deleted_at__isnull=True),
                         name="meeting_alive_scope_kind_idx"),
            models.Index(fields=["org", "kind", "starts_at"], name="meeting_org_kind_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def chair_name(self) -> str:
        if self.chair_id:
            return self.chair.name
        if self.chair_guest_id:
            return self.chair_guest.name
        return ""


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="agenda")
    ordinal = models.PositiveSmallIntegerField("序号")
    title = models.CharField("议题", max_length=300)
    presenter = models.CharField("汇报人/主讲人", max_length=100, blank=True)
    summary = models.TextField("内容摘要", blank=True)

    class Meta:
        verbose_name = "议程"
        verbose_name_plural = "议程"
        ordering = ["meeting", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["meeting", "ordinal"], name="agenda_unique_ordinal")]

    def __str__(self) -> str:
        return f"{self.ordinal}. {self.title}"


class Attendance(models.Model):
    """A host member's attendance. Absent members without a row count as absent."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    class Via(models.TextChoices):
        MANUAL = "manual", "登记"
        QR = "qr", "扫码签到"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField("出席情况", max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField("请假事由", max_length=200, blank=True)
    via = models.CharField("方式", max_length=10, choices=Via.choices, default=Via.MANUAL)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        ordering = ["meeting", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member"),
            models.CheckConstraint(condition=~Q(status="leave") | ~Q(reason=""), name="attendance_leave_has_reason"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class Guest(models.Model):
    """Someone from outside the host who took part: 市委组织部组织二处一级主任科员 …"""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="guests")
    ordinal = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("姓名", max_length=60)
    unit = models.CharField("单位", max_length=120, blank=True)
    title = models.CharField("职务", max_length=120, blank=True)

    class Meta:
        verbose_name = "来宾"
        verbose_name_plural = "来宾"
        ordering = ["meeting", "ordinal", "id"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.unit, self.title, self.name) if p)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Stored under a content hash, never under the uploader's file name.
    return f"meetings/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(TimeStampedModel):
    class Kind(models.TextChoices):
        IMAGE = "image", "照片"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word文档"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return self.original_name


class Rule(TimeStampedModel):
    """A standardisation requirement as data; compliance is computed from the records against these."""

    class Check(models.TextChoices):
        MEETING_COUNT = "meeting_count", "会议次数"
        TALK_COVERAGE = "talk_coverage", "谈心谈话全覆盖"
        COMMITTEE_REQUIRED = "committee_required", "委员会设置"
        TERM_EXPIRY = "term_expiry", "委员会任期"
        BRANCH_SIZE = "branch_size", "支部规模"

    class Period(models.TextChoices):
        MONTH = "month", "每月"
        QUARTER = "quarter", "每季度"
        HALF_YEAR = "half_year", "每半年"
        YEAR = "year", "每年"

    class AttendanceBase(models.TextChoices):
        MEMBERS = "members", "全体党员"
        COMMITTEE = "committee", "支部委员会成员"

    code = models.SlugField("编码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=120)
    check_type = models.CharField("检查方式", max_length=24, choices=Check.choices)
    meeting_kind = models.CharField("会议类型", max_length=24, choices=MeetingKind.choices, blank=True)
    applies_to_kinds = models.JSONField("适用组织类型", default=list, help_text="如 [\"branch\"]；空表示全部")
    applies_to_categories = models.JSONField("适用组织类别", default=list, blank=True, help_text="空表示全部")
    period = models.CharField("周期", max_length=12, choices=Period.choices, blank=True)
    min_count = models.PositiveSmallIntegerField("最少次数", default=1)
    attendance_threshold = models.DecimalField(
        "出席比例下限", max_digits=4, decimal_places=3, null=True, blank=True, help_text="如 0.5 表示须超过半数"
    )
    attendance_base = models.CharField("出席比例基数", max_length=12, choices=AttendanceBase.choices, blank=True)
    parameters = models.JSONField("参数", default=dict, blank=True, help_text="如 {\"min_full_members\": 7}")
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_to = models.DateField("失效日期", null=True, blank=True)
    citation = models.CharField("依据", max_length=300, blank=True)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "标准化规则"
        verbose_name_plural = "标准化规则"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def is_effective_on(self, day) -> bool:
        return self.enabled and (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def applies_to(self, org: Org) -> bool:
        return (not self.applies_to_kinds or org.kind in self.applies_to_kinds) and (
            not self.applies_to_categories or org.category in self.applies_to_categories
        )


