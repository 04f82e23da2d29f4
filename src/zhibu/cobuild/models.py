"""The three co-building mechanisms: majors, external units, partnerships, their joint activities and outcomes.

支部与专业共建 (`branch_major`), 教工与学生党支部共建 (`faculty_student`), 校内校外支部共建 (`campus_external`).
A partnership belongs to the campus branch that entered it (its `org`); a faculty–student partnership also
names the student branch (`partner_org`, with `partner_path` so that either side's scope finds it).
Joint activities are meetings of kind `cobuild_activity`, linked through `Activity`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.core.personal import validate_phone
from zhibu.meetings.models import Meeting
from zhibu.orgs.models import Org

from .creditcode import validate_credit_code


def stored_file_path(instance: "StoredFile", filename: str) -> str:
    return f"cobuild/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class StoredFile(TimeStampedModel):
    """A content-checked upload (agreement, outcome evidence), stored under its content hash."""

    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    file = models.FileField("文件", upload_to=stored_file_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "共建文件"
        verbose_name_plural = "共建文件"

    def __str__(self) -> str:
        return self.original_name


class Major(SoftDeleteModel):
    """A major (专业) taught by a school; branches are built on majors (支部建在专业上)."""

    org = models.ForeignKey(Org, verbose_name="所属院系", on_delete=models.PROTECT, related_name="majors")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    name = models.CharField("专业名称", max_length=60)
    code = models.CharField("专业代码", max_length=20, help_text="如 120601（物流管理）")
    department = models.CharField("教学单位", max_length=60, blank=True, help_text="如 物流管理系")
    description = models.TextField("简介", blank=True)
    branches = models.ManyToManyField(Org, through="BranchMajor", related_name="built_on_majors", blank=True)

    class Meta:
        verbose_name = "专业"
        verbose_name_plural = "专业"
        ordering = ["org_path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], condition=Q(deleted_at__isnull=True),
                                    name="major_unique_alive_code", violation_error_message="本院系已有该专业代码"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cobuild:major_detail", args=[self.pk])


class MajorLevel(TimeStampedModel):
    """A recognition of a major: 2019年 国家级一流本科专业建设点."""

    class Tier(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        UNIVERSITY = "university", "校级"

    major = models.ForeignKey(Major, verbose_name="专业", on_delete=models.CASCADE, related_name="levels")
    tier = models.CharField("级别", max_length=12, choices=Tier.choices)
    title = models.CharField("名称", max_length=60, help_text="如 国家级一流本科专业建设点、北京市级一流本科专业建设点")
    year = models.PositiveSmallIntegerField("年度")

    class Meta:
        verbose_name = "专业建设层次"
        verbose_name_plural = "专业建设层次"
        ordering = ["tier", "-year"]
        constraints = [models.UniqueConstraint(fields=["major", "title"], name="major_level_unique_title")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"


class BranchMajor(TimeStampedModel):
    """A branch built on a major."""

    branch = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.CASCADE, related_name="major_links")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    major = models.ForeignKey(Major, verbose_name="专业", on_delete=models.CASCADE, related_name="branch_links")

    class Meta:
        verbose_name = "支部与专业"
        verbose_name_plural = "支部与专业"
        constraints = [models.UniqueConstraint(fields=["branch", "major"], name="branch_major_unique")]

    def __str__(self) -> str:
        return f"{self.branch} · {self.major}"


class ExternalUnit(SoftDeleteModel):
    """An enterprise, community, institution or government body outside the university: registered once, reused."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        COMMUNITY = "community", "社区"
        INSTITUTION = "institution", "事业单位"
        GOVERNMENT = "government", "党政机关"

    name = models.CharField("单位名称", max_length=120)
    credit_code = models.CharField("统一社会信用代码", max_length=18, validators=[validate_credit_code])
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    city = models.CharField("所在城市", max_length=40)
    has_party_branch = models.BooleanField("已建立党组织", default=True)
    party_branch_name = models.CharField("党组织名称", max_length=120, blank=True, help_text="如 ××公司党支部")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "校外单位"
        verbose_name_plural = "校外单位"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=Q(deleted_at__isnull=True),
                                    name="external_unit_unique_alive_code",
                                    violation_error_message="该统一社会信用代码已登记"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cobuild:unit_detail", args=[self.pk])


class Partnership(SoftDeleteModel):
    class Kind(models.TextChoices):
        BRANCH_MAJOR = "branch_major", "支部与专业共建"
        FACULTY_STUDENT = "faculty_student", "教工与学生党支部共建"
        CAMPUS_EXTERNAL = "campus_external", "校内校外支部共建"

    org = models.ForeignKey(Org, verbose_name="校内支部", on_delete=models.PROTECT, related_name="partnerships")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("共建机制", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    major = models.ForeignKey(Major, verbose_name="共建专业", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="partnerships")
    partner_org = models.ForeignKey(Org, verbose_name="共建学生党支部", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="partnered")
    partner_path = models.CharField(max_length=255, db_index=True, blank=True, default="", editable=False)
    external_unit = models.ForeignKey(ExternalUnit, verbose_name="校外单位", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="partnerships")
    external_branch_name = models.CharField("对方党组织", max_length=120, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    goals = models.TextField("共建目标", blank=True)
    agreement = models.ForeignKey(StoredFile, verbose_name="共建协议", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "共建"
        verbose_name_plural = "共建"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="partnership_ends_after_start"),
            # Each kind names exactly its own kind of counterpart.
            models.CheckConstraint(
                condition=(Q(kind="branch_major", major__isnull=False, partner_org__isnull=True,
                             external_unit__isnull=True)
                           | Q(kind="faculty_student", major__isnull=True, partner_org__isnull=False,
                               external_unit__isnull=True)
                           | Q(kind="campus_external", major__isnull=True, partner_org__isnull=True,
                               external_unit__isnull=False)),
                name="partnership_counterpart_fits_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["org_path", "kind"], condition=Q(deleted_at__isnull=True),
                         name="partnership_alive_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cobuild:partnership_detail", args=[self.pk])

    @property
    def counterpart(self) -> str:
        if self.kind == self.Kind.BRANCH_MAJOR:
            return f"{self.major.name}专业" + (f"（{self.major.department}）" if self.major.department else "")
        if self.kind == self.Kind.FACULTY_STUDENT:
            return self.partner_org.name
        return self.external_branch_name or self.external_unit.name


class Contact(models.Model):
    """A contact person of either side. The phone number is personal data: masked for read-only roles."""

    class Side(models.TextChoices):
        CAMPUS = "campus", "校内"
        PARTNER = "partner", "共建方"

    partnership = models.ForeignKey(Partnership, verbose_name="共建", on_delete=models.CASCADE,
                                    related_name="contacts")
    side = models.CharField("一方", max_length=10, choices=Side.choices)
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = "联系人"
        verbose_name_plural = "联系人"
        ordering = ["partnership", "side", "id"]

    def __str__(self) -> str:
        return self.name


class Activity(TimeStampedModel):
    """A joint activity: a meeting of kind cobuild_activity, with how many came from the partner's side."""

    partnership = models.ForeignKey(Partnership, verbose_name="共建", on_delete=models.CASCADE,
                                    related_name="activities")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    meeting = models.OneToOneField(Meeting, verbose_name="活动记录", on_delete=models.CASCADE,
                                   related_name="cobuild_link")
    campus_count = models.PositiveIntegerField("校内参加人数", default=0)
    partner_count = models.PositiveIntegerField("共建方参加人数", default=0)

    class Meta:
        verbose_name = "共建活动"
        verbose_name_plural = "共建活动"
        ordering = ["partnership", "-id"]

    def __str__(self) -> str:
        return str(self.meeting)


class Outcome(SoftDeleteModel):
    class Kind(models.TextChoices):
        TECHNICAL_SUPPORT = "technical_support", "技术支持"
        TRAINING = "training", "培训交流"
        RECRUITMENT_TALK = "recruitment_talk", "招聘宣讲"
        JOBS_OPENED = "jobs_opened", "拓展就业岗位"
        RESEARCH_PROJECT = "research_project", "科研项目"
        PRACTICE_BASE = "practice_base", "学生实践基地"
        OTHER = "other", "其他"

    UNITS = {
        "technical_support": "项", "training": "场", "recruitment_talk": "场", "jobs_opened": "个",
        "research_project": "项", "practice_base": "个", "other": "项",
    }

    partnership = models.ForeignKey(Partnership, verbose_name="共建", on_delete=models.PROTECT,
                                    related_name="outcomes")
    org = models.ForeignKey(Org, verbose_name="校内支部", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("成果类型", max_length=20, choices=Kind.choices)
    title = models.CharField("成果名称", max_length=200)
    quantity = models.PositiveIntegerField("数量", default=1)
    occurred_on = models.DateField("日期")
    description = models.TextField("说明", blank=True)
    evidence = models.ForeignKey(StoredFile, verbose_name="佐证材料", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "共建成果"
        verbose_name_plural = "共建成果"
        ordering = ["-occurred_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="outcome_quantity_positive")]

    def __str__(self) -> str:
        return self.title

    @property
    def unit(self) -> str:
        return self.UNITS.get(self.kind, "项")
