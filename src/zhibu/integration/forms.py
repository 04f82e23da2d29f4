"""Forms for integration pages."""

from django import forms
from django.utils import timezone

from zhibu.cobuild.models import Major
from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.meetings.models import Meeting

from .models import Stage, StudentActivity, WorkItem


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)

    def year_or_current(self) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or timezone.localdate().year


class WorkItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ["title", "category", "year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        local = timezone.localtime(obj.starts_at)
        return f"{local:%Y-%m-%d} {obj.title}"


class StageForm(BootstrapMixin, forms.Form):
    stage = forms.ChoiceField(label="环节", choices=Stage.choices)
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    meeting = MeetingChoiceField(label="会议记录", queryset=Meeting.objects.none(), required=False,
                                 empty_label="（不关联会议，填写文件）")
    document_title = forms.CharField(label="文件名称", max_length=200, required=False)
    document_ref = forms.CharField(label="文号或存放位置", max_length=200, required=False)
    party_side = forms.CharField(label="党建方参加人员", max_length=500, required=False, help_text="姓名用顿号分隔")
    business_side = forms.CharField(label="业务方参加人员", max_length=500, required=False,
                                    help_text="如 系主任、专业负责人、课程组长，姓名用顿号分隔")
    reason = forms.CharField(label="提前记录的原因", max_length=300, required=False,
                             help_text="前一环节尚未记录或日期更晚时必填")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class StudentActivityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = StudentActivity
        fields = ["kind", "title", "occurred_on", "students_reached", "teachers", "description"]
        widgets = {"occurred_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class MajorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Major) -> str:
        return f"{obj.name}（{obj.code}）"


class CourseForm(BootstrapMixin, forms.Form):
    major = MajorChoiceField(label="专业", queryset=Major.objects.none())
    name = forms.CharField(label="课程名称", max_length=100)
    code = forms.CharField(label="课程代码", max_length=30)
    teachers = forms.CharField(label="任课教师", max_length=300, help_text="姓名用顿号分隔")

    def __init__(self, *args, majors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].queryset = majors


class ElementForm(BootstrapMixin, forms.Form):
    chapter = forms.CharField(label="章节", max_length=100)
    element = forms.CharField(label="思政元素", max_length=300)
    method = forms.CharField(label="教学方法", max_length=200, required=False)
    evidence = forms.CharField(label="佐证材料", max_length=300, required=False, help_text="如 教学设计、课件第12页")
    author = forms.ChoiceField(label="撰写教师", choices=())

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [(t, t) for t in teachers]


class ImportForm(forms.Form):
    file = forms.FileField(label="课程与课程思政元素（.xlsx）", error_messages={"required": "请选择要上传的文件"})
