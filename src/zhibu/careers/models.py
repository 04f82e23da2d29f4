"""就业与访企拓岗: employers, enterprise visits (访企拓岗), job posts, graduates, recommendations, last-mile follow-up.

An employer is a careers-side profile of a co-building external unit (`cobuild.ExternalUnit`), shared by every
organisation like the unit itself. Visits, targets, job posts and graduates belong to the organisation that
recorded them (`org`, with `org_path` for scope). A graduate is every graduating student of a scope, party member
or not; those still seeking (`seeking`) are the "last mile", each with a helper who is a party member.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.cobuild.models import ExternalUnit, Partnership
from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.core.personal import validate_phone
from zhibu.orgs.models import Member, Org


class Industry(models.TextChoices):
    LOGISTICS = "logistics", "交通运输与物流"
    MANUFACTURING = "manufacturing", "制造业"
    IT = "it", "信息技术"
    FINANCE = "finance", "金融"
    TRADE = "trade", "批发零售与电商"
    CONSTRUCTION = "construction", "建筑与房地产"
    CONSULTING = "consulting", "咨询与商务服务"
    EDUCATION = "education", "教育"
    PUBLIC = "public", "公共管理与社会组织"
    OTHER = "other", "其他"


class Degree(models.TextChoices):
    ASSOCIATE = "associate", "专科"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


DEGREE_RANK = {Degree.ASSOCIATE: 1, Degree.BACHELOR: 2, Degree.MASTER: 3, Degree.DOCTOR: 4}


class Employer(SoftDeleteModel):
    """The careers side of an external unit: what a placement officer needs to know about an employer."""

    class Size(models.TextChoices):
        MICRO = "micro", "微型（20人以下）"
        SMALL = "small", "小型（20至299人）"
        MEDIUM = "medium", "中型（300至999人）"
        LARGE = "large", "大型（1000人以上）"

    class PartnerStatus(models.TextChoices):
        PROSPECT = "prospect", "待联系"
        CONTACTED = "contacted", "已建立联系"
        PARTNER = "partner", "合作单位"
        BASE = "base", "就业实习基地"
        PAUSED = "paused", "暂停合作"

    unit = models.OneToOneField(ExternalUnit, verbose_name="校外单位", on_delete=models.PROTECT,
                                related_name="employer")
    # The organisation that registered the profile: its managers see contacts' phones unmasked.
    org = models.ForeignKey(Org, verbose_name="登记组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    industry = models.CharField("行业", max_length=20, choices=Industry.choices)
    size = models.CharField("规模", max_length=10, choices=Size.choices, default=Size.MEDIUM)
    partner_status = models.CharField("合作状态", max_length=12, choices=PartnerStatus.choices,
                                      default=PartnerStatus.PROSPECT)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        ordering = ["unit__name", "id"]

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("careers:employer_detail", args=[self.pk])


class EmployerContact(models.Model):
    """A person at the employer (HR, party branch secretary). The phone is personal data."""

    employer = models.ForeignKey(Employer, verbose_name="用人单位", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = "单位联系人"
        verbose_name_plural = "单位联系人"
        ordering = ["employer", "id"]

    def __str__(self) -> str:
        return self.name


class EnterpriseVisit(SoftDeleteModel):
    """访企拓岗: a visit to an employer to open jobs for graduates and learn what it needs."""

    class Need(models.TextChoices):
        CANNOT_RECRUIT = "cannot_recruit", "招不进人"
        CANNOT_RETAIN = "cannot_retain", "留不住人"
        SKILLS_GAP = "skills_gap", "能力不匹配"
        TRAINING = "training", "员工培训"
        INTERNSHIP = "internship", "实习基地"
        TECHNOLOGY = "technology", "技术合作"
        OTHER = "other", "其他"

    org = models.ForeignKey(Org, verbose_name="走访组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    employer = models.ForeignKey(Employer, verbose_name="走访单位", on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("走访日期")
    visitors = models.ManyToManyField(Member, through="VisitVisitor", verbose_name="走访党员", related_name="+")
    leaders = models.CharField("带队领导", max_length=200, blank=True, help_text="如 学院党委书记 王建国")
    purpose = models.TextField("走访目的")
    jobs_promised = models.PositiveIntegerField("对方承诺岗位数", default=0)
    needs = models.JSONField("了解到的需求", default=list, blank=True)
    needs_note = models.TextField("需求说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "访企拓岗"
        verbose_name_plural = "访企拓岗"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["org_path", "visited_on"], condition=Q(deleted_at__isnull=True),
                                name="visit_alive_scope_idx")]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} 走访{self.employer_id and self.employer.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("careers:visit_detail", args=[self.pk])

    def needs_labels(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels.get(n, n)) for n in self.needs]


class VisitVisitor(models.Model):
    """A member who went on a visit (one deed per row)."""

    visit = models.ForeignKey(EnterpriseVisit, on_delete=models.CASCADE, related_name="visitor_links")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "走访党员"
        verbose_name_plural = "走访党员"
        constraints = [models.UniqueConstraint(fields=["visit", "member"], name="visit_visitor_unique")]

    def __str__(self) -> str:
        return str(self.member_id)


class VisitFollowUp(TimeStampedModel):
    visit = models.ForeignKey(EnterpriseVisit, verbose_name="走访", on_delete=models.CASCADE,
                              related_name="follow_ups")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    action = models.CharField("跟进事项", max_length=200)
    due_on = models.DateField("完成期限")
    assignee = models.ForeignKey(Member, verbose_name="负责人", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "走访跟进"
        verbose_name_plural = "走访跟进"
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return self.action


class VisitTarget(TimeStampedModel):
    """How many employers an organisation means to visit in a year (2022 national campaign: leaders ≥ 100)."""

    org = models.ForeignKey(Org, verbose_name="组织", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("年度")
    employers = models.PositiveIntegerField("走访单位目标数", default=100)

    class Meta:
        verbose_name = "访企拓岗目标"
        verbose_name_plural = "访企拓岗目标"
        ordering = ["-year", "org_path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="visit_target_unique_org_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.employers}家"


class JobPost(SoftDeleteModel):
    class Source(models.TextChoices):
        VISIT = "visit", "访企拓岗"
        PARTNERSHIP = "partnership", "校企共建"
        MANUAL = "manual", "自行登记"

    class Status(models.TextChoices):
        OPEN = "open", "招聘中"
        FILLED = "filled", "已招满"
        CLOSED = "closed", "已关闭"

    org = models.ForeignKey(Org, verbose_name="登记组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    # Where the post is shared: a branch's posts serve every graduate of its school (the branch's parent).
    share_path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    employer = models.ForeignKey(Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="jobs")
    title = models.CharField("岗位名称", max_length=120)
    majors = models.JSONField("需求专业", default=list, blank=True, help_text="空表示不限专业")
    degree = models.CharField("最低学历", max_length=12, choices=Degree.choices, default=Degree.BACHELOR)
    city = models.CharField("工作城市", max_length=40)
    headcount = models.PositiveIntegerField("招聘人数", default=1)
    salary_min = models.PositiveIntegerField("月薪下限（元）", null=True, blank=True)
    salary_max = models.PositiveIntegerField("月薪上限（元）", null=True, blank=True)
    deadline = models.DateField("截止日期")
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.MANUAL)
    visit = models.ForeignKey(EnterpriseVisit, verbose_name="来源走访", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="jobs")
    partnership = models.ForeignKey(Partnership, verbose_name="来源共建", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    description = models.TextField("岗位说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "就业岗位"
        verbose_name_plural = "就业岗位"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="job_headcount_positive"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_max__gte=models.F("salary_min")),
                name="job_salary_range_ordered"),
        ]
        indexes = [models.Index(fields=["org_path", "status", "deadline"], condition=Q(deleted_at__isnull=True),
                                name="job_alive_scope_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:job_detail", args=[self.pk])

    @property
    def salary_display(self) -> str:
        if self.salary_min and self.salary_max:
            return f"{self.salary_min}至{self.salary_max}元/月"
        if self.salary_min:
            return f"{self.salary_min}元/月起"
        if self.salary_max:
            return f"至{self.salary_max}元/月"
        return "面议"

    @property
    def majors_display(self) -> str:
        return "、".join(self.majors) if self.majors else "不限专业"


class Graduate(SoftDeleteModel):
    """A graduating student of a scope, party member or not, and where they are going."""

    class Status(models.TextChoices):
        SEEKING = "seeking", "求职中"
        EMPLOYED = "employed", "已就业"
        FURTHER_STUDY = "further_study", "升学"
        ABROAD = "abroad", "出国（境）"
        PUBLIC_SERVICE = "public_service", "基层项目与公共服务"
        NOT_SEEKING = "not_seeking", "暂不就业"

    # 去向落实: the statuses that count as a settled destination in the destination rate.
    PLACED = ("employed", "further_study", "abroad", "public_service")

    org = models.ForeignKey(Org, verbose_name="所属组织", on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="graduate")
    member = models.ForeignKey(Member, verbose_name="党员档案", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="graduate_profiles")
    name = models.CharField("姓名", max_length=40)
    student_number = models.CharField("学号", max_length=20)
    major = models.CharField("专业", max_length=60)
    degree = models.CharField("学历", max_length=12, choices=Degree.choices, default=Degree.BACHELOR)
    class_year = models.PositiveSmallIntegerField("毕业年份")
    class_name = models.CharField("班级", max_length=40, blank=True)
    graduation_date = models.DateField("毕业日期", null=True, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField("毕业去向", max_length=16, choices=Status.choices, default=Status.SEEKING)
    destination = models.CharField("去向单位", max_length=120, blank=True)
    placed_on = models.DateField("落实日期", null=True, blank=True)
    preferred_cities = models.JSONField("意向城市", default=list, blank=True)
    preferred_industries = models.JSONField("意向行业", default=list, blank=True)
    helper = models.ForeignKey(Member, verbose_name="帮扶党员", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="helped_graduates")
    last_contact_on = models.DateField("最近联系", null=True, blank=True)
    next_step = models.CharField("下一步", max_length=200, blank=True)

    class Meta:
        verbose_name = "毕业生"
        verbose_name_plural = "毕业生"
        ordering = ["org_path", "class_year", "student_number"]
        constraints = [
            models.UniqueConstraint(fields=["student_number"], condition=Q(deleted_at__isnull=True),
                                    name="graduate_unique_alive_student_number",
                                    violation_error_message="该学号已登记"),
        ]
        indexes = [
            models.Index(fields=["org_path", "status"], condition=Q(deleted_at__isnull=True),
                         name="graduate_alive_status_idx"),
            models.Index(fields=["org_path", "class_year", "major"], condition=Q(deleted_at__isnull=True),
                         name="graduate_alive_class_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.student_number}）"

    def get_absolute_url(self) -> str:
        return reverse("careers:graduate_detail", args=[self.pk])

    @property
    def is_placed(self) -> bool:
        return self.status in self.PLACED

    def industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(i, i)) for i in self.preferred_industries]


class HelperContact(TimeStampedModel):
    """One contact between a helper (or staff) and a graduate still seeking: the last mile's log."""

    graduate = models.ForeignKey(Graduate, verbose_name="毕业生", on_delete=models.CASCADE, related_name="contacts")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    contacted_on = models.DateField("联系日期")
    note = models.CharField("情况", max_length=300)
    next_step = models.CharField("下一步", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "帮扶联系"
        verbose_name_plural = "帮扶联系"
        ordering = ["-contacted_on", "-id"]

    def __str__(self) -> str:
        return self.note[:40]


class Recommendation(TimeStampedModel):
    """A job post recommended to a graduate, and how it went."""

    class Outcome(models.TextChoices):
        RECOMMENDED = "recommended", "已推荐"
        APPLIED = "applied", "已投递"
        INTERVIEWED = "interviewed", "已面试"
        OFFERED = "offered", "已录用"
        SIGNED = "signed", "已签约"
        DECLINED = "declined", "未成功"

    graduate = models.ForeignKey(Graduate, verbose_name="毕业生", on_delete=models.CASCADE,
                                 related_name="recommendations")
    job = models.ForeignKey(JobPost, verbose_name="岗位", on_delete=models.CASCADE, related_name="recommendations")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    score = models.PositiveSmallIntegerField("匹配分", default=0)
    reasons = models.JSONField("匹配说明", default=list, blank=True)
    outcome = models.CharField("进展", max_length=12, choices=Outcome.choices, default=Outcome.RECOMMENDED)
    outcome_on = models.DateField("进展日期", null=True, blank=True)
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推荐人", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "岗位推荐"
        verbose_name_plural = "岗位推荐"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["graduate", "job"], name="recommendation_unique_pair")]

    def __str__(self) -> str:
        return f"{self.graduate_id} → {self.job_id}"
