"""Party–business integration (四同) and the three ideological-political tasks.

A `WorkItem` is a piece of business work (一流专业建设年度目标, a curriculum reform …) whose four stages —
research, deploy, implement, assess (同研究、同部署、同落实、同考核) — are each recorded once, with the
record they rest on (a meeting or a document) and who took part from the party side and the business side.
The tasks: teacher study sessions are meetings (kind `teacher_study`); student-facing work is a
`StudentActivity`; the course task is the course registry with each course's `CourseElement`s.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from zhibu.cobuild.models import Major
from zhibu.core.models import SoftDeleteModel, TimeStampedModel
from zhibu.meetings.models import Meeting
from zhibu.orgs.models import Member, Org


class Stage(models.TextChoices):
    RESEARCH = "research", "同研究"
    DEPLOY = "deploy", "同部署"
    IMPLEMENT = "implement", "同落实"
    ASSESS = "assess", "同考核"


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


def _split_names(text: str) -> list[str]:
    return [n for n in (text or "").split("、") if n]


class WorkItem(SoftDeleteModel):
    class Category(models.TextChoices):
        MAJOR_BUILDING = "major_building", "专业建设"
        CURRICULUM = "curriculum", "课程与教学改革"
        TEACHING_TEAM = "teaching_team", "教学团队建设"
        TALENT = "talent", "人才培养"
        RESEARCH_SERVICE = "research_service", "科研与社会服务"
        OTHER = "other", "其他"

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="work_items")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    title = models.CharField("工作事项", max_length=200)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    year = models.PositiveSmallIntegerField("年度")
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "党建与业务融合事项"
        verbose_name_plural = "党建与业务融合事项"
        ordering = ["-year", "org_path", "id"]
        indexes = [models.Index(fields=["org_path", "year"], condition=Q(deleted_at__isnull=True),
                                name="workitem_alive_scope_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("integration:work_item_detail", args=[self.pk])


class StageRecord(TimeStampedModel):
    work_item = models.ForeignKey(WorkItem, verbose_name="融合事项", on_delete=models.CASCADE, related_name="stages")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    occurred_on = models.DateField("日期")
    meeting = models.ForeignKey(Meeting, verbose_name="会议记录", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    document_title = models.CharField("文件名称", max_length=200, blank=True)
    document_ref = models.CharField("文号或存放位置", max_length=200, blank=True)
    party_side = models.CharField("党建方参加人员", max_length=500, blank=True, help_text="姓名用顿号分隔")
    business_side = models.CharField("业务方参加人员", max_length=500, blank=True, help_text="姓名用顿号分隔")
    out_of_order_reason = models.CharField("提前记录的原因", max_length=300, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "融合环节"
        verbose_name_plural = "融合环节"
        ordering = ["work_item", "occurred_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["work_item", "stage"], name="stage_record_unique_stage"),
            models.CheckConstraint(condition=Q(meeting__isnull=False) | ~Q(document_title=""),
                                   name="stage_record_has_record"),
        ]

    def __str__(self) -> str:
        return f"{self.work_item} · {self.get_stage_display()}"

    @property
    def has_both_sides(self) -> bool:
        return bool(self.party_side) and bool(self.business_side)

    @property
    def party_names(self) -> list[str]:
        return _split_names(self.party_side)

    @property
    def business_names(self) -> list[str]:
        return _split_names(self.business_side)


class StudentActivity(SoftDeleteModel):
    """Student-facing ideological-political work (学生思政) and how many students it reached."""

    class Kind(models.TextChoices):
        TALK = "talk", "师生谈心谈话"
        MENTORING = "mentoring", "学业与成长指导"
        CLASS_MEETING = "class_meeting", "主题班会"
        LECTURE = "lecture", "专题讲座/党课"
        CAREER = "career", "就业指导"
        PRACTICE = "practice", "社会实践"
        OTHER = "other", "其他"

    org = models.ForeignKey(Org, verbose_name="党支部", on_delete=models.PROTECT, related_name="student_activities")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField("形式", max_length=20, choices=Kind.choices)
    title = models.CharField("活动名称", max_length=200)
    occurred_on = models.DateField("日期")
    students_reached = models.PositiveIntegerField("覆盖学生人数")
    teachers = models.CharField("参与教师", max_length=300, blank=True, help_text="姓名用顿号分隔")
    description = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "学生思政活动"
        verbose_name_plural = "学生思政活动"
        ordering = ["-occurred_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(students_reached__gte=1), name="student_activity_reached")]

    def __str__(self) -> str:
        return self.title


class Course(SoftDeleteModel):
    org = models.ForeignKey(Org, verbose_name="负责支部", on_delete=models.PROTECT, related_name="courses")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    major = models.ForeignKey(Major, verbose_name="专业", on_delete=models.PROTECT, related_name="courses")
    name = models.CharField("课程名称", max_length=100)
    code = models.CharField("课程代码", max_length=30)

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        ordering = ["major", "code"]
        constraints = [
            models.UniqueConstraint(fields=["major", "code"], condition=Q(deleted_at__isnull=True),
                                    name="course_unique_alive_code", violation_error_message="该专业已有此课程代码"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self) -> str:
        return reverse("integration:course_detail", args=[self.pk])


class CourseTeacher(models.Model):
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="teachers")
    name = models.CharField("姓名", max_length=40)
    member = models.ForeignKey(Member, verbose_name="党员", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        verbose_name = "任课教师"
        verbose_name_plural = "任课教师"
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="course_teacher_unique_name")]

    def __str__(self) -> str:
        return self.name


class CourseElement(SoftDeleteModel):
    """A point where a course carries ideological-political content (课程思政元素)."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="elements")
    org_path = models.CharField(max_length=255, db_index=True, editable=False)
    chapter = models.CharField("章节", max_length=100)
    element = models.CharField("思政元素", max_length=300)
    method = models.CharField("教学方法", max_length=200, blank=True)
    evidence = models.CharField("佐证材料", max_length=300, blank=True, help_text="如 教学设计、课件第12页、课堂视频")
    author = models.CharField("撰写教师", max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "课程思政元素"
        verbose_name_plural = "课程思政元素"
        ordering = ["course", "id"]

    def __str__(self) -> str:
        return f"{self.chapter}：{self.element[:30]}"
