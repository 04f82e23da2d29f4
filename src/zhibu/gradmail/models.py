"""毕业寄: packing and mailing graduates' belongings when they cannot come back to campus.

A `Campaign` is one June's operation of one organisation (a school or a university) for the graduates of
its subtree. A graduate (careers.Graduate) files a `Registration` (dorm building and room, how many parcels,
where to send them, when the room may be packed). Volunteers — members and students — sign up for `Shift`s
(a date, a time slot, a building, a number of places); the assignment puts registrations on shifts of their
building within their preferred dates, up to each shift's packing quota. Packed belongings become `Parcel`s,
handed to a courier with a tracking number checked against the courier's format.

A registration is owned by the graduate's organisation (`org`, `org_path`): that is whose scope sees it and
whose metrics count it. Shifts belong to the campaign's organisation; a volunteer's signup is owned by the
volunteer's branch (so that hours count where the member is).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.core.personal import validate_phone
from zhibu.orgs.models import Member, Org

from .couriers import Courier


class Campaign(SoftDeleteModel):
    org = models.ForeignKey(Org, verbose_name="组织单位", on_delete=models.PROTECT, related_name="gradmail_campaigns")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("毕业年份", help_text="如 2022：登记限于该年毕业的毕业生")
    title = models.CharField("名称", max_length=120)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "毕业寄工作"
        verbose_name_plural = "毕业寄工作"
        ordering = ["-year", "org_path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], condition=Q(deleted_at__isnull=True),
                                    name="gradmail_campaign_unique_org_year",
                                    violation_error_message="该组织当年已有毕业寄工作"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="gradmail_campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gradmail:campaign_detail", args=[self.pk])


class Shift(SoftDeleteModel):
    class Slot(models.TextChoices):
        MORNING = "morning", "上午（8:30—11:30）"
        AFTERNOON = "afternoon", "下午（14:00—17:00）"
        EVENING = "evening", "晚上（18:30—21:00）"

    SLOT_TIMES = {
        "morning": (dt.time(8, 30), dt.time(11, 30)),
        "afternoon": (dt.time(14, 0), dt.time(17, 0)),
        "evening": (dt.time(18, 30), dt.time(21, 0)),
    }
    SLOT_ORDER = {"morning": 0, "afternoon": 1, "evening": 2}

    campaign = models.ForeignKey(Campaign, verbose_name="毕业寄工作", on_delete=models.PROTECT, related_name="shifts")
    org = models.ForeignKey(Org, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    date = models.DateField("日期")
    slot = models.CharField("时段", max_length=12, choices=Slot.choices)
    building = models.CharField("楼栋", max_length=40, help_text="如 学生公寓7号楼")
    capacity = models.PositiveSmallIntegerField("志愿者名额", default=6)
    quota = models.PositiveSmallIntegerField("可打包宿舍登记数", default=20,
                                             help_text="本班次最多安排打包的登记数")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "志愿服务班次"
        verbose_name_plural = "志愿服务班次"
        ordering = ["date", "slot", "building", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "date", "slot", "building"],
                                    condition=Q(deleted_at__isnull=True), name="gradmail_shift_unique_slot",
                                    violation_error_message="该楼栋该时段已有班次"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="gradmail_shift_capacity_positive"),
        ]
        indexes = [models.Index(fields=["campaign", "building", "date"], name="gradmail_shift_building_idx")]

    def __str__(self) -> str:
        return f"{self.date:%-m月%-d日}{self.get_slot_display()[:2]} {self.building}"

    @property
    def hours(self) -> Decimal:
        start, end = self.SLOT_TIMES[self.slot]
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return Decimal(minutes) / Decimal(60)

    @property
    def time_range(self) -> str:
        start, end = self.SLOT_TIMES[self.slot]
        return f"{start:%H:%M}—{end:%H:%M}"


class Signup(TimeStampedModel):
    """A volunteer on a shift: a member (whose hours count as deeds), or a student volunteer by name."""

    shift = models.ForeignKey(Shift, verbose_name="班次", on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(Member, verbose_name="党员", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="gradmail_signups")
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    # The volunteer's branch (a member's) or the campaign's organisation: whose hours these are.
    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    hours = models.DecimalField("服务时长（小时）", max_digits=4, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报名人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "志愿者报名"
        verbose_name_plural = "志愿者报名"
        ordering = ["shift", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "member"], condition=Q(member__isnull=False),
                                    name="gradmail_signup_unique_member",
                                    violation_error_message="该党员已报名本班次"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.shift}"


class Registration(SoftDeleteModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", "待安排"
        ASSIGNED = "assigned", "已排班"
        PACKED = "packed", "已打包"
        SHIPPED = "shipped", "已寄出"
        DONE = "done", "已签收"

    campaign = models.ForeignKey(Campaign, verbose_name="毕业寄工作", on_delete=models.PROTECT,
                                 related_name="registrations")
    graduate = models.ForeignKey("careers.Graduate", verbose_name="毕业生", on_delete=models.PROTECT,
                                 related_name="gradmail_registrations")
    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    building = models.CharField("宿舍楼栋", max_length=40)
    room = models.CharField("房间号", max_length=20)
    parcels_estimated = models.PositiveSmallIntegerField("预计件数", default=2)
    recipient = models.CharField("收件人", max_length=40)
    phone = models.CharField("收件电话", max_length=20, validators=[validate_phone])
    address = models.CharField("收件地址", max_length=200)
    preferred_from = models.DateField("意向打包日期（起）")
    preferred_to = models.DateField("意向打包日期（止）")
    courier = models.CharField("快递偏好", max_length=12, choices=Courier.choices, blank=True)
    note = models.CharField("备注", max_length=300, blank=True, help_text="如 易碎物品、书籍较多")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    shift = models.ForeignKey(Shift, verbose_name="打包班次", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="registrations")
    unassigned_reason = models.CharField("未能安排的原因", max_length=200, blank=True)
    registered_on = models.DateField("登记日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "毕业寄登记"
        verbose_name_plural = "毕业寄登记"
        ordering = ["building", "room", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "graduate"], condition=Q(deleted_at__isnull=True),
                                    name="gradmail_registration_unique_graduate",
                                    violation_error_message="该毕业生已登记本次毕业寄"),
            models.CheckConstraint(condition=Q(preferred_to__gte=models.F("preferred_from")),
                                   name="gradmail_registration_preferred_range"),
            models.CheckConstraint(condition=Q(parcels_estimated__gte=1), name="gradmail_registration_parcels"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], condition=Q(deleted_at__isnull=True),
                         name="gradmail_reg_status_idx"),
            models.Index(fields=["org_path", "registered_on"], condition=Q(deleted_at__isnull=True),
                         name="gradmail_reg_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.building}{self.room}"

    def get_absolute_url(self) -> str:
        return reverse("gradmail:registration_detail", args=[self.pk])


class Parcel(SoftDeleteModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        PACKED = "packed", "已打包"
        HANDED = "handed", "已寄出"
        DELIVERED = "delivered", "已签收"
        PROBLEM = "problem", "异常"

    SENT = ("handed", "delivered")

    registration = models.ForeignKey(Registration, verbose_name="登记", on_delete=models.PROTECT,
                                     related_name="parcels")
    campaign = models.ForeignKey(Campaign, verbose_name="毕业寄工作", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    seq = models.PositiveSmallIntegerField("件号", default=1)
    weight_kg = models.DecimalField("重量（千克）", max_digits=5, decimal_places=1, null=True, blank=True)
    courier = models.CharField("快递公司", max_length=12, choices=Courier.choices)
    tracking_number = models.CharField("运单号", max_length=30, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    problem_note = models.CharField("异常说明", max_length=300, blank=True)
    packed_shift = models.ForeignKey(Shift, verbose_name="打包班次", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="parcels")
    handed_on = models.DateField("交寄日期", null=True, blank=True)
    delivered_on = models.DateField("签收日期", null=True, blank=True)

    class Meta:
        verbose_name = "包裹"
        verbose_name_plural = "包裹"
        ordering = ["registration", "seq", "id"]
        constraints = [
            models.UniqueConstraint(fields=["courier", "tracking_number"],
                                    condition=Q(deleted_at__isnull=True) & ~Q(tracking_number=""),
                                    name="gradmail_parcel_unique_tracking",
                                    violation_error_message="该运单号已登记在另一件包裹上"),
            models.CheckConstraint(condition=~Q(status__in=["handed", "delivered"]) | ~Q(tracking_number=""),
                                   name="gradmail_parcel_sent_has_tracking"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], condition=Q(deleted_at__isnull=True),
                         name="gradmail_parcel_status_idx"),
            models.Index(fields=["org_path", "handed_on"], condition=Q(deleted_at__isnull=True),
                         name="gradmail_parcel_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} 第{self.seq}件"

    @property
    def next_status(self) -> str:
        """The status the desk most likely sets next (preselected in its form)."""
        return {"registered": "packed", "packed": "handed", "handed": "delivered"}.get(self.status, self.status)


class AssignmentRun(TimeStampedModel):
    """One run of the assignment: what it considered, what it placed, and a summary of why the rest was not."""

    campaign = models.ForeignKey(Campaign, verbose_name="毕业寄工作", on_delete=models.CASCADE,
                                 related_name="assignment_runs")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="执行人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    considered = models.PositiveIntegerField("参与安排的登记", default=0)
    assigned = models.PositiveIntegerField("本次安排", default=0)
    unassigned = models.PositiveIntegerField("未能安排", default=0)
    reasons = models.JSONField("未能安排的原因", default=dict, blank=True)
    seconds = models.FloatField("用时（秒）", default=0)

    class Meta:
        verbose_name = "排班记录"
        verbose_name_plural = "排班记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} 排班 {self.created_at:%Y-%m-%d %H:%M}"
