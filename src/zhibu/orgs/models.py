"""The organisation tree, members, their positions and transfers, and users' roles at org nodes."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.core.paths import SEGMENT
from zhibu.core.personal import validate_id_number, validate_phone

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def validate_code(value: str) -> None:
    if not CODE_RE.match(value or ""):
        raise ValidationError("编码只能由字母、数字、点、横线和下划线组成，长度1至40", code="code")


class Org(SoftDeleteModel):
    """A node of the tree: a superior body, a committee, a general branch, a branch or a group."""

    class Kind(models.TextChoices):
        SUPERIOR = "superior", "上级机关"
        COMMITTEE = "committee", "党委"
        GENERAL_BRANCH = "general_branch", "党总支"
        BRANCH = "branch", "党支部"
        GROUP = "group", "党小组"

    class Category(models.TextChoices):
        GOVERNMENT = "government", "党政机关"
        UNIVERSITY = "university", "高校"
        SCHOOL = "school", "院系"
        FACULTY = "faculty", "教工"
        STUDENT = "student", "学生"
        MIXED = "mixed", "师生联合"
        RETIRED = "retired", "离退休"
        ENTERPRISE = "enterprise", "企业"
        COMMUNITY = "community", "社区"
        INSTITUTION = "institution", "事业单位"
        OTHER = "other", "其他"

    # Which kinds may stand under which: a group only under a branch, a branch never under a group …
    ALLOWED_PARENTS = {
        Kind.SUPERIOR: {None, Kind.SUPERIOR},
        Kind.COMMITTEE: {None, Kind.SUPERIOR, Kind.COMMITTEE},
        Kind.GENERAL_BRANCH: {Kind.SUPERIOR, Kind.COMMITTEE},
        Kind.BRANCH: {Kind.SUPERIOR, Kind.COMMITTEE, Kind.GENERAL_BRANCH},
        Kind.GROUP: {Kind.BRANCH},
    }

    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    code = models.CharField("编码", max_length=40, unique=True, validators=[validate_code])
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name="上级组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    established_on = models.DateField("成立日期", null=True, blank=True)
    # Where the organisation is, for the reach of adopted work methods; set on a university or superior body,
    # its subtree inherits it.
    city = models.CharField("所在城市", max_length=40, blank=True, help_text="如 北京市；下级组织不填则沿用上级的")
    term_start = models.DateField("本届委员会任期开始", null=True, blank=True)
    term_end = models.DateField("本届委员会任期届满", null=True, blank=True)
    description = models.TextField("简介", blank=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_start__isnull=True) | Q(term_end__isnull=True) | Q(term_end__gt=models.F("term_start")),
                name="org_term_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:org_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(self.path[i : i + SEGMENT]) for i in range(0, len(self.path) - SEGMENT, SEGMENT)]

    @property
    def is_branch(self) -> bool:
        return self.kind == self.Kind.BRANCH

    @property
    def holds_members(self) -> bool:
        return self.kind in (self.Kind.BRANCH, self.Kind.GENERAL_BRANCH, self.Kind.COMMITTEE)


class Honour(TimeStampedModel):
    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCIAL = "provincial", "省部级"
        MUNICIPAL = "municipal", "市级"
        UNIVERSITY = "university", "校级"
        SCHOOL = "school", "院级"

    org = models.ForeignKey(Org, verbose_name="党组织", on_delete=models.CASCADE, related_name="honours")
    title = models.CharField("荣誉名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    awarded_by = models.CharField("授予单位", max_length=120, blank=True)

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class Member(SoftDeleteModel):
    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class Status(models.TextChoices):
        ACTIVIST = "activist", "入党积极分子"
        CANDIDATE = "candidate", "发展对象"
        PROBATIONARY = "probationary", "预备党员"
        FULL = "full", "正式党员"

    class Occupation(models.TextChoices):
        TEACHER = "teacher", "教师"
        STAFF = "staff", "管理服务人员"
        STUDENT = "student", "学生"
        RETIRED = "retired", "离退休人员"
        OTHER = "other", "其他"

    org = models.ForeignKey(Org, verbose_name="所在支部", on_delete=models.PROTECT, related_name="members")
    # The branch's tree path, kept with the row so that scope filters need no join.
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    group = models.ForeignKey(
        Org, verbose_name="党小组", null=True, blank=True, on_delete=models.SET_NULL, related_name="group_members"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="member",
    )
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number = models.CharField("身份证号", max_length=18, validators=[validate_id_number])
    phone = models.CharField("手机号码", max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField("政治面貌", max_length=20, choices=Status.choices)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    full_on = models.DateField("转正日期", null=True, blank=True)
    occupation = models.CharField("身份", max_length=20, choices=Occupation.choices)
    major = models.CharField("专业", max_length=60, blank=True)
    class_year = models.PositiveSmallIntegerField("年级", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["org_path", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=Q(deleted_at__isnull=True), name="member_unique_alive_id_number",
                violation_error_message="该身份证号已被登记",
            ),
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(joined_on__isnull=True) | Q(full_on__gte=models.F("joined_on")),
                name="member_full_after_joined",
            ),
        ]
        # Partial indexes on live rows: list pages count and order within a subtree without touching the table.
        indexes = [
            models.Index(fields=["org_path", "name", "id"], condition=Q(deleted_at__isnull=True),
                         name="member_alive_order_idx"),
            models.Index(fields=["org_path", "status"], condition=Q(deleted_at__isnull=True),
                         name="member_alive_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:member_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.status in (self.Status.PROBATIONARY, self.Status.FULL) and not self.joined_on:
            errors["joined_on"] = "预备党员和正式党员须填写入党日期"
        if self.status == self.Status.FULL and not self.full_on:
            errors["full_on"] = "正式党员须填写转正日期"
        if self.status != self.Status.FULL and self.full_on:
            errors["full_on"] = "尚未转正的，不应填写转正日期"
        if self.joined_on and self.full_on and self.full_on < self.joined_on:
            errors["full_on"] = "转正日期不能早于入党日期"
        if self.occupation == self.Occupation.STUDENT and not self.major:
            errors["major"] = "学生党员须填写专业"
        if errors:
            raise ValidationError(errors)


class Position(TimeStampedModel):
    """A member's office in a branch committee or group; ended offices stay as history."""

    class Kind(models.TextChoices):
        SECRETARY = "secretary", "书记"
        DEPUTY_SECRETARY = "deputy_secretary", "副书记"
        COMMITTEE_MEMBER = "committee_member", "委员"
        GROUP_LEADER = "group_leader", "党小组组长"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="positions")
    org = models.ForeignKey(Org, verbose_name="党组织", on_delete=models.PROTECT, related_name="positions")
    kind = models.CharField("职务", max_length=20, choices=Kind.choices)
    title = models.CharField("分工", max_length=40, blank=True, help_text="如 组织委员、宣传委员、纪检委员")
    started_on = models.DateField("任职日期", default=timezone.localdate)
    ended_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["org", "kind", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["org"], condition=Q(kind="secretary", ended_on__isnull=True), name="position_one_secretary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()} {self.member}"

    @property
    def label(self) -> str:
        return self.title or self.get_kind_display()


class Transfer(models.Model):
    """A member's move from one branch to another (组织关系转接)."""

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(Org, verbose_name="转出支部", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Org, verbose_name="转入支部", on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField("转接日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-transferred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_org} → {self.to_org}"


class Role(TimeStampedModel):
    """A user's role at an org node; the user's scope is the union of their roles' subtrees."""

    class Kind(models.TextChoices):
        ORG_ADMIN = "org_admin", "组织管理员"
        SECRETARY = "secretary", "书记"
        COMMITTEE_MEMBER = "committee_member", "支委委员"
        MEMBER = "member", "党员"
        REVIEWER = "reviewer", "评审专家"
        VIEWER = "viewer", "查看者"

    # Roles that may change records and see personal data unmasked in their subtree.
    FULL_KINDS = frozenset({Kind.ORG_ADMIN, Kind.SECRETARY, Kind.COMMITTEE_MEMBER})

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="org_roles")
    org = models.ForeignKey(Org, verbose_name="党组织", on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField("角色", max_length=20, choices=Kind.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="授权人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["user", "org__path"]
        constraints = [models.UniqueConstraint(fields=["user", "org", "kind"], name="role_unique_user_org_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.org} · {self.get_kind_display()}"
