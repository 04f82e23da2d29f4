"""Forms for careers pages. Choices (organisations, members, employers, visits) come in from the view."""

from django import forms
from django.utils import timezone

from zhibu.cobuild.models import ExternalUnit
from zhibu.cobuild.selectors import unit_choices
from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import org_list_for_user, scope_for_user

from .models import Degree, Employer, EnterpriseVisit, Graduate, Industry, JobPost, Recommendation


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return f"{'　' * max(0, obj.depth - 2)}{obj.name}"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.name}（{obj.org.display_name}）"


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return f"{obj.name}（{obj.org.display_name}）"


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employer) -> str:
        return f"{obj.unit.name}（{obj.unit.city}）"


def managed_orgs(user):
    """Organisations (not groups) where the user may write: their full-role subtrees."""
    scope = scope_for_user(user)
    return org_list_for_user(user=user).filter(scope.full_q("path")).exclude(kind=Org.Kind.GROUP)


def set_org_choices(form, user, field: str = "org") -> None:
    """The organisations the user may write in; an unbound form starts at the first (where their role is)."""
    qs = managed_orgs(user)
    form.fields[field].queryset = qs
    if not form.is_bound and not form.initial.get(field):
        first = qs.first()
        if first is not None:
            form.fields[field].initial = first.pk


def helper_members(user):
    """Party members in the user's full scope, to be visitors, helpers and assignees."""
    from zhibu.orgs.selectors import member_list_for_user

    return (member_list_for_user(user=user).filter(scope_for_user(user).full_q("org_path"),
                                                   status__in=[Member.Status.FULL, Member.Status.PROBATIONARY])
            .select_related("org").prefetch_related(None))


class FilterForm(BootstrapMixin, forms.Form):
    org = forms.CharField(label="组织编码", required=False)


class EmployerFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="单位名称或城市", required=False)
    industry = forms.ChoiceField(label="行业", required=False, choices=[("", "全部")] + Industry.choices)
    partner_status = forms.ChoiceField(label="合作状态", required=False,
                                       choices=[("", "全部")] + Employer.PartnerStatus.choices)


class EmployerForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="已登记的校外单位", queryset=ExternalUnit.objects.none(), required=False,
                                  empty_label="（新登记一个单位）", help_text="共建中已登记的单位直接选用，不要重复登记")
    name = forms.CharField(label="单位名称", max_length=120, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    city = forms.CharField(label="所在城市", max_length=40, required=False)
    has_party_branch = forms.BooleanField(label="已建立党组织", required=False, initial=True)
    party_branch_name = forms.CharField(label="党组织名称", max_length=120, required=False)
    org = OrgChoiceField(label="登记组织", queryset=Org.objects.none())
    industry = forms.ChoiceField(label="行业", choices=Industry.choices)
    size = forms.ChoiceField(label="规模", choices=Employer.Size.choices, initial=Employer.Size.MEDIUM)
    partner_status = forms.ChoiceField(label="合作状态", choices=Employer.PartnerStatus.choices)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices().filter(employer__isnull=True)
        set_org_choices(self, user)

    def clean(self):
        data = super().clean()
        if not data.get("unit"):
            for name, label in (("name", "单位名称"), ("credit_code", "统一社会信用代码"), ("city", "所在城市")):
                if not data.get(name):
                    self.add_error(name, f"新登记单位须填写{label}")
        return data


class ContactForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)


class VisitFilterForm(BootstrapMixin, forms.Form):
    org = forms.CharField(label="组织编码", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


class VisitForm(BootstrapMixin, forms.Form):
    org = OrgChoiceField(label="走访组织", queryset=Org.objects.none())
    employer = EmployerChoiceField(label="走访单位", queryset=Employer.objects.none(),
                                   help_text="列表中没有的，请先登记用人单位")
    visited_on = forms.DateField(label="走访日期", widget=DateInput(), initial=timezone.localdate)
    visitors = MembersField(label="走访党员", queryset=Member.objects.none(), required=False,
                            widget=forms.SelectMultiple(attrs={"size": 6}), help_text="按住Ctrl（苹果电脑按⌘）可多选")
    leaders = forms.CharField(label="带队领导", max_length=200, required=False, help_text="如 学院党委书记 王建国")
    purpose = forms.CharField(label="走访目的", widget=forms.Textarea(attrs={"rows": 2}))
    jobs_promised = forms.IntegerField(label="对方承诺岗位数", min_value=0, initial=0)
    needs = forms.MultipleChoiceField(label="了解到的需求", choices=EnterpriseVisit.Need.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    needs_note = forms.CharField(label="需求说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    follow_up = forms.CharField(label="跟进事项", max_length=200, required=False, help_text="可选，如 5月底前反馈推荐名单")
    follow_up_due = forms.DateField(label="完成期限", widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_org_choices(self, user)
        self.fields["employer"].queryset = Employer.objects.select_related("unit").order_by("unit__name")
        self.fields["visitors"].queryset = helper_members(user)
        self.fields["needs"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", "请填写跟进事项的完成期限")
        return data


class FollowUpForm(BootstrapMixin, forms.Form):
    action = forms.CharField(label="跟进事项", max_length=200)
    due_on = forms.DateField(label="完成期限", widget=DateInput())
    assignee = MemberChoiceField(label="负责人", queryset=Member.objects.none(), required=False,
                                 empty_label="（不指定）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = helper_members(user)


class TargetForm(BootstrapMixin, forms.Form):
    org = OrgChoiceField(label="组织", queryset=Org.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    employers = forms.IntegerField(label="走访单位目标数", min_value=1, initial=100,
                                   help_text="2022年全国专项行动要求高校书记校长走访不少于100家用人单位")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_org_choices(self, user)
        self.fields["year"].initial = timezone.localdate().year


class JobFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="岗位或单位", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + JobPost.Status.choices)
    city = forms.CharField(label="城市", required=False)


class JobForm(BootstrapMixin, forms.Form):
    org = OrgChoiceField(label="登记组织", queryset=Org.objects.none())
    employer = EmployerChoiceField(label="用人单位", queryset=Employer.objects.none())
    title = forms.CharField(label="岗位名称", max_length=120)
    majors = forms.CharField(label="需求专业", max_length=300, required=False, help_text="多个用顿号分隔；不填为不限专业")
    degree = forms.ChoiceField(label="最低学历", choices=Degree.choices, initial=Degree.BACHELOR)
    city = forms.CharField(label="工作城市", max_length=40)
    headcount = forms.IntegerField(label="招聘人数", min_value=1, initial=1)
    salary_min = forms.IntegerField(label="月薪下限（元）", min_value=0, required=False)
    salary_max = forms.IntegerField(label="月薪上限（元）", min_value=0, required=False)
    deadline = forms.DateField(label="截止日期", widget=DateInput())
    source = forms.ChoiceField(label="来源", choices=JobPost.Source.choices, initial=JobPost.Source.MANUAL)
    visit = forms.ModelChoiceField(label="来源走访", queryset=EnterpriseVisit.objects.none(), required=False,
                                   empty_label="（无）")
    description = forms.CharField(label="岗位说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_org_choices(self, user)
        self.fields["employer"].queryset = Employer.objects.select_related("unit").order_by("unit__name")
        self.fields["visit"].queryset = (EnterpriseVisit.objects.filter(scope_for_user(user).q("org_path"))
                                         .select_related("employer__unit").order_by("-visited_on"))


class GraduateFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="姓名、学号或专业", required=False)
    status = forms.ChoiceField(label="毕业去向", required=False, choices=[("", "全部")] + Graduate.Status.choices)
    major = forms.ChoiceField(label="专业", required=False)
    class_year = forms.TypedChoiceField(label="毕业年份", required=False, coerce=int, empty_value=None)
    org = forms.CharField(label="组织编码", required=False)

    def __init__(self, *args, majors=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].choices = [("", "全部")] + [(m, m) for m in majors]
        self.fields["class_year"].choices = [("", "全部")] + [(y, f"{y}届") for y in years]


class GraduateForm(BootstrapMixin, forms.Form):
    org = OrgChoiceField(label="所属组织", queryset=Org.objects.none())
    name = forms.CharField(label="姓名", max_length=40)
    student_number = forms.CharField(label="学号", max_length=20)
    major = forms.CharField(label="专业", max_length=60)
    degree = forms.ChoiceField(label="学历", choices=Degree.choices, initial=Degree.BACHELOR)
    class_year = forms.IntegerField(label="毕业年份", min_value=1990, max_value=2100)
    class_name = forms.CharField(label="班级", max_length=40, required=False)
    graduation_date = forms.DateField(label="毕业日期", widget=DateInput(), required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    status = forms.ChoiceField(label="毕业去向", choices=Graduate.Status.choices)
    destination = forms.CharField(label="去向单位", max_length=120, required=False)
    preferred_cities = forms.CharField(label="意向城市", max_length=200, required=False, help_text="多个用顿号分隔")
    preferred_industries = forms.MultipleChoiceField(label="意向行业", choices=Industry.choices, required=False,
                                                     widget=forms.CheckboxSelectMultiple)
    helper = MemberChoiceField(label="帮扶党员", queryset=Member.objects.none(), required=False,
                               empty_label="（未指定）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_org_choices(self, user)
        self.fields["helper"].queryset = helper_members(user)
        self.fields["preferred_industries"].widget.attrs["class"] = "form-check-input"
        self.fields["class_year"].initial = timezone.localdate().year


class ImportForm(BootstrapMixin, forms.Form):
    org = OrgChoiceField(label="导入到", queryset=Org.objects.none())
    file = forms.FileField(label="毕业生名单（.xlsx）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        set_org_choices(self, user)


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="毕业去向", choices=Graduate.Status.choices)
    destination = forms.CharField(label="去向单位", max_length=120, required=False)


class HelperForm(BootstrapMixin, forms.Form):
    helper = MemberChoiceField(label="帮扶党员", queryset=Member.objects.none(), required=False,
                               empty_label="（取消指定）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = helper_members(user)


class HelperContactForm(BootstrapMixin, forms.Form):
    contacted_on = forms.DateField(label="联系日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="情况", max_length=300)
    next_step = forms.CharField(label="下一步", max_length=200, required=False)


class OutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label="进展", choices=Recommendation.Outcome.choices)


# --- edit forms: the create forms without what cannot change, with messages that name the field -------------


def name_the_fields(form) -> None:
    """Required and format errors say which field is at fault (they are also listed at the top of the page)."""
    for field in form.fields.values():
        label = field.label
        field.error_messages.update({
            "required": f"请填写{label}", "invalid": f"{label}格式不正确", "invalid_choice": f"{label}的选项无效",
            "invalid_list": f"{label}的选项无效", "min_value": f"{label}不能小于%(limit_value)s",
            "max_value": f"{label}不能大于%(limit_value)s", "max_length": f"{label}最多%(limit_value)d个字",
        })


class VisitEditForm(VisitForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("org", "follow_up", "follow_up_due"):
            del self.fields[name]
        name_the_fields(self)


class FollowUpEditForm(FollowUpForm):
    done_on = forms.DateField(label="完成日期", widget=DateInput(), required=False, help_text="未完成请留空")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        name_the_fields(self)


class JobEditForm(JobForm):
    status = forms.ChoiceField(label="状态", choices=JobPost.Status.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["org"]
        name_the_fields(self)


class GraduateEditForm(GraduateForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        name_the_fields(self)
