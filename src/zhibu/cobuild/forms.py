"""Forms for co-building pages. Contacts are parallel lists in the POST (`contact-side`, `contact-name` …)."""

from django import forms
from django.urls import reverse_lazy

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.meetings.forms import DateTimeInput
from zhibu.orgs.models import Member, Org

from .models import Contact, ExternalUnit, Major, MajorLevel, Outcome, Partnership
from .services import ContactRow, ParticipantRow

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
CONTACT_ROWS = 4


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Org) -> str:
        return obj.name


class MajorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Major) -> str:
        return f"{obj.name}（{obj.code}）"


UNIT_OPTIONS = 20  # units offered at a time by the partnership form's search box


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExternalUnit) -> str:
        return f"{obj.name}（{obj.city}）"


class PartnershipFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="名称", required=False)
    kind = forms.ChoiceField(label="共建机制", required=False, choices=[("", "全部")] + Partnership.Kind.choices)
    org = forms.CharField(label="组织编码", required=False)


class PartnershipForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="共建机制", choices=Partnership.Kind.choices)
    major = MajorChoiceField(label="共建专业", queryset=Major.objects.none(), required=False,
                             help_text="支部与专业共建时选择", empty_label="（请选择）")
    partner_org = OrgChoiceField(label="共建学生党支部", queryset=Org.objects.none(), required=False,
                                 help_text="教工与学生党支部共建时选择", empty_label="（请选择）")
    # Units are registered once for the whole platform — thousands of them — so the field is a search box
    # (a datalist filled by htmx) that submits the unit's credit code, never one huge <select>.
    external_unit = UnitChoiceField(
        label="校外单位", queryset=ExternalUnit.objects.none(), required=False, to_field_name="credit_code",
        help_text="校内校外支部共建时填写：输入单位名称或统一社会信用代码查找；没有的，请先登记校外单位",
        error_messages={"invalid_choice": "没有找到统一社会信用代码为%(value)s的校外单位，请从列表中选择或先登记该单位"},
        widget=forms.TextInput(attrs={
            "list": "unit-options", "autocomplete": "off", "placeholder": "单位名称或统一社会信用代码",
            "hx-get": reverse_lazy("cobuild:unit_options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#unit-options", "hx-swap": "innerHTML",
        }),
    )
    external_branch_name = forms.CharField(label="对方党组织", max_length=120, required=False,
                                           help_text="不填则用该单位登记的党组织名称")
    title = forms.CharField(label="名称", max_length=200, required=False, help_text="不填则自动生成")
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput(), required=False)
    goals = forms.CharField(label="共建目标", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agreement = forms.FileField(label="共建协议（已签署）", required=False,
                                help_text="PDF、Word（.docx）或照片；按文件内容检查")

    def __init__(self, *args, majors, partners, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major"].queryset = majors
        self.fields["partner_org"].queryset = partners
        self.fields["external_unit"].queryset = units


class PartnershipEditForm(BootstrapMixin, forms.Form):
    """What may change once a partnership exists: its mechanism and parties may not (delete and re-register)."""

    title = forms.CharField(label="名称", max_length=200)
    external_branch_name = forms.CharField(label="对方党组织", max_length=120, required=False)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput(), required=False)
    goals = forms.CharField(label="共建目标", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agreement = forms.FileField(label="更换共建协议", required=False,
                                help_text="不选则保留原协议；PDF、Word（.docx）或照片，按文件内容检查")

    def __init__(self, *args, external: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not external:
            del self.fields["external_branch_name"]


def contacts_from_post(data) -> list[ContactRow]:
    sides, names = data.getlist("contact-side"), data.getlist("contact-name")
    titles, phones = data.getlist("contact-title"), data.getlist("contact-phone")
    rows = []
    for i, name in enumerate(names):
        rows.append(ContactRow(side=sides[i] if i < len(sides) else "", name=name,
                               title=titles[i] if i < len(titles) else "", phone=phones[i] if i < len(phones) else ""))
    return rows


def contact_lines(rows: list[ContactRow] | None = None) -> list[dict]:
    rows = list(rows or [])
    while len(rows) < CONTACT_ROWS:
        rows.append(ContactRow(side=Contact.Side.CAMPUS if len(rows) < 2 else Contact.Side.PARTNER, name=""))
    return [{"side": r.side, "name": r.name, "title": r.title, "phone": r.phone} for r in rows]


class ActivityForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="活动名称", max_length=200)
    starts_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label="结束时间", widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    place = forms.CharField(label="地点", max_length=120, required=False)
    topic = forms.CharField(label="主题", max_length=300, required=False)
    attendance = forms.ModelMultipleChoiceField(label="本方参加党员", queryset=Member.objects.none(), required=False,
                                                widget=forms.CheckboxSelectMultiple)
    partner_names = forms.CharField(
        label="共建方参加人员", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人：姓名，职务（职务可不填）",
    )
    partner_count = forms.IntegerField(label="共建方参加人数", min_value=0, required=False,
                                       help_text="不填则按上面登记的人数计")
    minutes = forms.CharField(label="活动记录", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].queryset = members
        self.fields["attendance"].label_from_instance = lambda m: m.name
        self.fields["attendance"].widget.attrs["class"] = "form-check-input"

    def participants(self) -> list[ParticipantRow]:
        rows = []
        for line in (self.cleaned_data.get("partner_names") or "").splitlines():
            parts = [p.strip() for p in line.replace(",", "，").split("，", 1)]
            if parts and parts[0]:
                rows.append(ParticipantRow(name=parts[0][:60], title=parts[1][:120] if len(parts) > 1 else ""))
        return rows


class OutcomeForm(BootstrapMixin, forms.ModelForm):
    evidence_file = forms.FileField(label="佐证材料", required=False, help_text="PDF、Word（.docx）或照片")

    class Meta:
        model = Outcome
        fields = ["kind", "title", "quantity", "occurred_on", "description"]
        widgets = {"occurred_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class UnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ExternalUnit
        fields = ["name", "credit_code", "kind", "city", "has_party_branch", "party_branch_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credit_code"].validators = []  # the service says what is wrong, once
        self.fields["credit_code"].help_text = "18位，系统会校验末位校验码"


class MajorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Major
        fields = ["name", "code", "department", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LevelForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MajorLevel
        fields = ["tier", "title", "year"]


class BranchLinkForm(forms.Form):
    branch = forms.CharField(max_length=40)


class DeleteForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="删除原因", max_length=200)
