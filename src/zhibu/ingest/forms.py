"""The upload form and the confirm form (every extracted field; attendees, agenda and pillars as rows)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.meetings.models import MeetingKind

from .reading import MAX_TEXT_CHARS


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="报道文件", required=False, help_text="支持 .txt、.html、.docx，不超过 50 MB")
    text = forms.CharField(label="或粘贴报道全文", required=False, max_length=MAX_TEXT_CHARS,
                           widget=forms.Textarea(attrs={"rows": 6}))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请选择报道文件，或粘贴报道全文")
        return data


class ReportForm(BootstrapMixin, forms.Form):
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_TEXT_CHARS)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    org = forms.ChoiceField(label="登记到组织", help_text="只能选择您有管理权限的组织")
    kind = forms.ChoiceField(label="类型", choices=MeetingKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    date = forms.DateField(label="日期", widget=DateInput(), help_text="报道没有写年份时，请补全")
    time = forms.TimeField(label="开始时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label="结束时间", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                               help_text="不填则按开始后两小时记")
    place = forms.CharField(label="地点", max_length=120, required=False)
    organizer_units = forms.CharField(label="主办单位", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text="每行一个")
    chair_name = forms.CharField(label="主持人", max_length=60, required=False)
    chair_unit = forms.CharField(label="主持人单位", max_length=120, required=False)
    chair_title = forms.CharField(label="主持人职务", max_length=120, required=False)
    minutes = forms.CharField(label="会议记录", required=False, max_length=MAX_TEXT_CHARS,
                              widget=forms.Textarea(attrs={"rows": 5}), help_text="默认为报道原文（已去掉植入内容）")
    method_name = forms.CharField(label="工作法名称", max_length=40, required=False,
                                  help_text="填写后同时建立工作法和案例草稿（须登记在党支部下）；留空则不建立")
    case_title = forms.CharField(label="案例标题", max_length=200, required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {o.code: o for o in orgs}
        self.fields["org"].choices = [("", "请选择…")] + [(o.code, o.display_name) for o in orgs]

    def clean_organizer_units(self):
        return [line.strip() for line in (self.cleaned_data.get("organizer_units") or "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("org"):
            data["org_obj"] = self.orgs.get(data["org"])
        start, end = data.get("time"), data.get("end_time")
        if data.get("date"):
            start = start or dt.time(9, 0)
            starts = dt.datetime.combine(data["date"], start)
            ends = dt.datetime.combine(data["date"], end) if end else starts + dt.timedelta(hours=2)
            if ends < starts:
                self.add_error("end_time", "结束时间不能早于开始时间")
            data["starts_at"], data["ends_at"] = timezone.make_aware(starts), timezone.make_aware(ends)
        return data


class AttendeeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=60, required=False)
    unit = forms.CharField(label="单位", max_length=120, required=False)
    title = forms.CharField(label="职务", max_length=120, required=False)


class AgendaForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="议题", max_length=300, required=False)
    presenter = forms.CharField(label="汇报人", max_length=100, required=False)


class PillarForm(BootstrapMixin, forms.Form):
    count = forms.IntegerField(label="数目", min_value=1, max_value=20, required=False, help_text="留空表示不限（X）")
    measure = forms.CharField(label="量词", max_length=4, required=False)
    label = forms.CharField(label="名称", max_length=40, required=False)
    items = forms.CharField(label="条目", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="每行一条")

    def clean_items(self):
        return [line.strip() for line in (self.cleaned_data.get("items") or "").splitlines() if line.strip()]


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=2, max_num=200)
AgendaFormSet = forms.formset_factory(AgendaForm, extra=1, max_num=50)
PillarFormSet = forms.formset_factory(PillarForm, extra=1, max_num=20)
