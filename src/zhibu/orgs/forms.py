from django import forms

from zhibu.core.forms import BootstrapMixin, DateInput  # noqa: F401 (DateInput re-exported)

from .models import Honour, Member, Org


class MemberFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="姓名/专业/身份证号", required=False)
    status = forms.ChoiceField(label="政治面貌", required=False, choices=[("", "全部")] + Member.Status.choices)
    occupation = forms.ChoiceField(label="身份", required=False, choices=[("", "全部")] + Member.Occupation.choices)
    org = forms.CharField(label="组织编码", required=False)


class MemberForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name", "gender", "birth_date", "id_number", "phone", "status", "joined_on", "full_on",
            "occupation", "major", "class_year", "group", "note",
        ]
        widgets = {"birth_date": DateInput(), "joined_on": DateInput(), "full_on": DateInput()}

    def __init__(self, *args, branch: Org | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Org.objects.filter(parent=branch, kind=Org.Kind.GROUP) if branch else Org.objects.none()
        self.fields["group"].empty_label = "(不分党小组)"
        self.fields["id_number"].help_text = "18位，末位可为X，系统会校验"


class MemberCreateForm(MemberForm):
    org = forms.ModelChoiceField(label="所在支部", queryset=Org.objects.none())

    class Meta(MemberForm.Meta):
        fields = ["org"] + MemberForm.Meta.fields

    def __init__(self, *args, branches, branch: Org | None = None, **kwargs):
        super().__init__(*args, branch=branch, **kwargs)
        self.fields["org"].queryset = branches
        self.order_fields(["org"] + MemberForm.Meta.fields)
        if branch is None:
            self.fields["group"].queryset = Org.objects.filter(kind=Org.Kind.GROUP, parent__in=branches)


class TransferForm(BootstrapMixin, forms.Form):
    to_org = forms.CharField(label="转入支部编码", max_length=40)
    transferred_on = forms.DateField(label="转接日期", widget=DateInput())
    reason = forms.CharField(label="原因", max_length=200, required=False)


class DeleteForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="删除原因", max_length=200)


class OrgForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Org
        fields = ["name", "short_name", "code", "kind", "category", "established_on", "city", "term_start", "term_end",
                  "description", "sort_order"]
        widgets = {"established_on": DateInput(), "term_start": DateInput(), "term_end": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}


class HonourForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["title", "year", "level", "awarded_by"]
