"""Forms of the assessment pages: the deed log (phone friendly), confirmations, ballots, decisions."""

from django import forms
from django.utils import timezone

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.orgs.models import Member

from .models import Deed, Grade


class DeedForm(BootstrapMixin, forms.Form):
    member = forms.ModelChoiceField(label="党员", queryset=Member.objects.none(), required=False,
                                    empty_label="（本人）")
    date = forms.DateField(label="日期", widget=DateInput())
    title = forms.CharField(label="做了什么", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "如 为2022届毕业生打包邮寄行李"}))
    category = forms.ChoiceField(label="类别", choices=Deed.Category.choices)
    hours = forms.DecimalField(label="时长（小时）", min_value=0, max_digits=6, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    beneficiaries = forms.IntegerField(label="服务人数", min_value=0, initial=0,
                                       widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    beneficiary_note = forms.CharField(label="服务对象", max_length=200, required=False,
                                       help_text="如 2022届物流管理专业毕业生")
    evidence = forms.FileField(label="佐证材料", required=False, help_text="照片、PDF或Word（.docx），按文件内容检查",
                               widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.docx"}))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members
            self.fields["member"].label_from_instance = lambda m: m.name
        self.fields["date"].initial = timezone.localdate()


class ConfirmForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="您的姓名", max_length=60)
    note = forms.CharField(label="确认意见", max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": "可不填"}))


class SecretaryConfirmForm(forms.Form):
    note = forms.CharField(max_length=200, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)

    def year_or_today(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class AppraisalOpenForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    share_num = forms.IntegerField(label="优秀比例（分子）", min_value=0, initial=1)
    share_den = forms.IntegerField(label="优秀比例（分母）", min_value=1, initial=3,
                                   help_text="优秀等次不超过参评党员的 分子/分母，默认三分之一")
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class SelfAssessForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="个人自评", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)


GRADE_CHOICES = [("", "请选择")] + list(Grade.choices)


def grades_from_post(data, prefix: str) -> dict[int, str]:
    """{member id: grade} from fields named `<prefix>-<member id>`."""
    found = {}
    for key, value in data.items():
        if key.startswith(prefix + "-") and key[len(prefix) + 1 :].isdigit():
            found[int(key[len(prefix) + 1 :])] = value
    return found
