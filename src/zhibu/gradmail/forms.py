"""Forms for 毕业寄 pages (also used for GET filters)."""

from __future__ import annotations

import datetime as dt

from django import forms

from zhibu.careers.forms import name_the_fields
from zhibu.core.forms import BootstrapMixin, DateInput

from .couriers import Courier
from .models import Parcel, Registration, Shift


class CampaignForm(BootstrapMixin, forms.Form):
    org = forms.ChoiceField(label="组织单位", help_text="本次工作覆盖该组织及下级组织的毕业生")
    year = forms.IntegerField(label="毕业年份", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=120, required=False, help_text="不填则自动生成")
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]


class ShiftBatchForm(BootstrapMixin, forms.Form):
    """Shifts for several days, slots and buildings at once: how a June timetable is really drawn up."""

    date_from = forms.DateField(label="日期（起）", widget=DateInput())
    date_to = forms.DateField(label="日期（止）", widget=DateInput())
    slots = forms.MultipleChoiceField(label="时段", choices=Shift.Slot.choices, widget=forms.CheckboxSelectMultiple,
                                      initial=["morning", "afternoon"])
    buildings = forms.CharField(label="楼栋", widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="每行一个，如 学生公寓7号楼")
    capacity = forms.IntegerField(label="每班志愿者名额", min_value=1, max_value=200, initial=6)
    quota = forms.IntegerField(label="每班可打包登记数", min_value=0, max_value=500, initial=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].widget.attrs["class"] = "form-check-input"

    def building_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["buildings"].splitlines() if line.strip()]


class ShiftFilterForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label="日期", required=False, widget=DateInput())
    building = forms.CharField(label="楼栋", required=False)


class VolunteerForm(BootstrapMixin, forms.Form):
    """A manager signs up a student volunteer who is not a member (or any volunteer by name)."""

    name = forms.CharField(label="志愿者姓名", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)


class RegistrationForm(BootstrapMixin, forms.Form):
    student_number = forms.CharField(label="毕业生学号", max_length=20)
    building = forms.CharField(label="宿舍楼栋", max_length=40, help_text="如 学生公寓7号楼")
    room = forms.CharField(label="房间号", max_length=20)
    parcels_estimated = forms.IntegerField(label="预计件数", min_value=1, max_value=30, initial=2)
    recipient = forms.CharField(label="收件人", max_length=40)
    phone = forms.CharField(label="收件电话", max_length=20)
    address = forms.CharField(label="收件地址", max_length=200, help_text="省、市、区县和详细地址")
    preferred_from = forms.DateField(label="意向打包日期（起）", widget=DateInput())
    preferred_to = forms.DateField(label="意向打包日期（止）", widget=DateInput())
    courier = forms.ChoiceField(label="快递偏好", required=False, choices=[("", "无偏好")] + Courier.choices)
    note = forms.CharField(label="备注", max_length=300, required=False, help_text="如 易碎物品、书籍较多")

    def __init__(self, *args, own: bool = False, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        if own:  # the graduate registers themself: no student number to type
            del self.fields["student_number"]
        self.fields["building"].widget.attrs["list"] = "building-options"
        self.buildings = list(buildings)


class RegistrationFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + Registration.Status.choices)
    building = forms.CharField(label="楼栋", required=False)
    q = forms.CharField(label="姓名、学号或房间号", required=False)


class PackForm(BootstrapMixin, forms.Form):
    count = forms.IntegerField(label="件数", min_value=1, max_value=30, initial=2)
    courier = forms.ChoiceField(label="快递公司", choices=Courier.choices)
    weights = forms.CharField(label="重量（千克）", required=False,
                              help_text="按件填写，用逗号分隔，如 12.5，8；可不填")

    def weight_list(self) -> list[str]:
        raw = self.cleaned_data.get("weights") or ""
        return [w.strip() for w in raw.replace("，", ",").split(",") if w.strip()]


class ParcelStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="状态", choices=Parcel.Status.choices)
    courier = forms.ChoiceField(label="快递公司", choices=Courier.choices, required=False)
    tracking_number = forms.CharField(label="运单号", max_length=30, required=False)
    problem_note = forms.CharField(label="异常说明", max_length=300, required=False)


class ParcelFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + Parcel.Status.choices)
    courier = forms.ChoiceField(label="快递公司", required=False, choices=[("", "全部")] + Courier.choices)
    building = forms.CharField(label="楼栋", required=False)
    q = forms.CharField(label="运单号、学号、姓名或房间号", required=False)


def default_window(campaign) -> tuple[dt.date, dt.date]:
    return campaign.starts_on, campaign.ends_on


class ShiftEditForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label="日期", widget=DateInput())
    slot = forms.ChoiceField(label="时段", choices=Shift.Slot.choices)
    building = forms.CharField(label="楼栋", max_length=40)
    capacity = forms.IntegerField(label="志愿者名额", min_value=1, max_value=200)
    quota = forms.IntegerField(label="可打包登记数", min_value=0, max_value=500)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)


class RegistrationEditForm(RegistrationForm):
    """Correcting a registration: the graduate stays who they are (no student number to type)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, own=True, **kwargs)
        name_the_fields(self)
