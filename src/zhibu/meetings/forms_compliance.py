"""Forms of the compliance pages: the report's filters and the rule editor."""

from django import forms
from django.utils import timezone

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.orgs.models import Org

from .models import MeetingKind, Rule
from .rules import Period

FIRST_YEAR = 2018  # 《中国共产党支部工作条例（试行）》 took effect in October 2018


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m"]


class ReportFilterForm(BootstrapMixin, forms.Form):
    """A year, or a run of months (which wins when given); optionally one rule for the heatmap."""

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    start = MonthField(label="起始月份", required=False)
    end = MonthField(label="截止月份", required=False)
    rule = forms.ChoiceField(label="热力图", required=False)

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["rule"].choices = [("", "全部按期规则（按截止月份）")] + [(r.code, r.name) for r in rules]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start or end:
            try:
                data["period"] = Period.between(start or end, end or start)
            except forms.ValidationError as exc:
                self.add_error("end", exc)
        else:
            data["period"] = Period.year(data.get("year") or timezone.localdate().year)
        return data

    def period(self) -> Period:
        if self.is_valid():
            return self.cleaned_data["period"]
        return Period.year(timezone.localdate().year)


class RuleForm(BootstrapMixin, forms.ModelForm):
    """The settings of a rule. Its code and kind of check are fixed once it exists."""

    applies_to_kinds = forms.MultipleChoiceField(
        label="适用组织类型", choices=Org.Kind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "请至少选择一种适用的组织类型"},
    )
    applies_to_categories = forms.MultipleChoiceField(
        label="适用组织类别", required=False, choices=Org.Category.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}), help_text="都不选表示全部类别",
    )
    parameters = forms.JSONField(
        label="参数", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control font-monospace"}),
        help_text="JSON 对象，如 {\"per_group\": true}、{\"min_full_members\": 7}", error_messages={"invalid": "参数须为合法的 JSON"},
    )

    class Meta:
        model = Rule
        fields = [
            "name", "meeting_kind", "period", "min_count", "attendance_threshold", "attendance_base",
            "applies_to_kinds", "applies_to_categories", "parameters", "effective_from", "effective_to",
            "citation", "enabled",
        ]
        widgets = {"effective_from": DateInput(), "effective_to": DateInput(),
                   "citation": forms.Textarea(attrs={"rows": 2})}

    def clean_parameters(self):
        return self.cleaned_data.get("parameters") or {}


class RuleCreateForm(RuleForm):
    class Meta(RuleForm.Meta):
        fields = ["code", "check_type"] + RuleForm.Meta.fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "英文字母、数字、下划线，创建后不能修改，如 teacher_study"
        self.fields["meeting_kind"].choices = [("", "(不按会议检查)")] + MeetingKind.choices
