"""Forms of the method and case pages. Pillars are rows of the POST (pillar-N-label …), read by `pillars_from_post`."""

import re

from django import forms

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.meetings.forms import DateTimeInput
from zhibu.meetings.services import AgendaRow, GuestRow
from zhibu.orgs.models import Honour, Org

from .formula import FormulaError, to_count
from .models import SECTIONS, Adoption, CaseStatus, Review, WorkMethod
from .services import PillarRow

MAX_PILLAR_ROWS = 12
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
CHAIR_MARK = re.compile(r"[（(]主持[）)]\s*$")


def _lines(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[\n、;；]", value or "") if v.strip()]


class ListField(forms.CharField):
    """A list of short phrases typed one per line (or separated by 、）."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return _lines(super().to_python(value))


class MethodForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=40, required=False,
                           help_text="由各部分的数目组成，如“一三三”“3+X”“一中心两支柱”；留空则按组成部分自动生成")
    slogan = forms.CharField(label="副标题", max_length=120, required=False, help_text="如“打造高水平育人团队”")
    approach = ListField(label="工作思路", required=False, help_text="每行一项，如 找抓手、建制度、抓落实")
    practices = ListField(label="主要工作方法", required=False, help_text="每行一项")
    goals = ListField(label="工作目标", required=False, help_text="每行一项，如 同研究、同部署、同落实、同考核")
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_method(cls, method: WorkMethod, data=None):
        initial = {k: getattr(method, k) for k in ("name", "slogan", "approach", "practices", "goals", "description")}
        return cls(data, initial=initial)


class FormulaForm(forms.Form):
    text = forms.CharField(label="粘贴工作法表述", widget=forms.Textarea(attrs={"rows": 3}))


def pillar_rows_for_form(rows: list[PillarRow], extra: int = 1) -> list[dict]:
    """Rows for the pillar table: the given pillars plus `extra` blank ones."""
    shown = [{"label": r.label, "count": "X" if r.count is None else str(r.count), "measure": r.measure,
              "items": "\n".join(r.items), "error": False} for r in rows]
    shown += [{"label": "", "count": "", "measure": "", "items": "", "error": False} for _ in range(extra)]
    return shown[:MAX_PILLAR_ROWS]


def pillars_from_post(data) -> tuple[list[PillarRow], list[str]]:
    """(rows, problems) from pillar-N-* fields; a count that is not a number is a problem, not a crash."""
    rows, problems = [], []
    for i in range(MAX_PILLAR_ROWS):
        label = (data.get(f"pillar-{i}-label") or "").strip()
        raw = (data.get(f"pillar-{i}-count") or "").strip()
        items = _lines(data.get(f"pillar-{i}-items") or "")
        measure = (data.get(f"pillar-{i}-measure") or "").strip()
        if not (label or raw or items):
            continue
        count: int | None
        try:
            count = to_count(raw) if raw else len(items) or 1
        except FormulaError as exc:
            problems.append(f"第{len(rows) + 1}部分：{exc}")
            count = len(items) or 1
        rows.append(PillarRow(label=label, count=count, items=tuple(items), measure=measure[:4]))
    return rows, problems


class CaseCreateForm(BootstrapMixin, forms.Form):
    method = forms.ModelChoiceField(label="工作法", queryset=WorkMethod.objects.none(), empty_label=None)
    title = forms.CharField(label="标题", max_length=200, help_text="如“‘一三三’工作法——打造高水平育人团队”")

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = methods
        self.fields["method"].label_from_instance = lambda m: f"{m.branch.display_name} · {m.display_name}"


class CaseForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    method = forms.ModelChoiceField(label="工作法", queryset=WorkMethod.objects.none(), empty_label=None)
    background = forms.CharField(label="基本情况", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    practice = forms.CharField(label="主要做法", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    outcome = forms.CharField(label="工作成效", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    insight = forms.CharField(label="经验启示", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    honours = forms.ModelMultipleChoiceField(label="荣誉", required=False, queryset=Honour.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    evidence = forms.MultipleChoiceField(label="佐证材料", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, branch: Org, evidence_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = WorkMethod.objects.filter(branch=branch)
        self.fields["honours"].queryset = Honour.objects.filter(org=branch)
        self.fields["honours"].widget.attrs["class"] = "form-check-input"
        self.fields["evidence"].choices = evidence_choices
        self.fields["evidence"].widget.attrs["class"] = "form-check-input"
        self.fields["honours"].label_from_instance = lambda h: f"{h.year}年 {h.title}（{h.get_level_display()}）"

    @property
    def section_fields(self):
        return [self[key] for key, _ in SECTIONS]


class VideoForm(BootstrapMixin, forms.Form):
    url = forms.URLField(label="视频链接", max_length=500, assume_scheme="https")
    caption = forms.CharField(label="说明", max_length=200, required=False)


class PhotoForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="照片")
    caption = forms.CharField(label="说明", max_length=200, required=False)


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ResearchForm(BootstrapMixin, forms.Form):
    meeting = forms.TypedChoiceField(label="调研座谈会", coerce=int)
    note = forms.CharField(label="调研情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (m.pk, f"{m.starts_at:%Y-%m-%d} {m.title}（{m.org.display_name}）") for m in meetings
        ]


class ResearchMeetingForm(BootstrapMixin, forms.Form):
    """A research symposium typed in by the superior body's reviewer: the meeting and the research step."""

    host = forms.ModelChoiceField(label="主办单位", queryset=Org.objects.none(), empty_label=None)
    title = forms.CharField(label="座谈会名称", max_length=200)
    place = forms.CharField(label="地点", max_length=120, required=False)
    starts_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label="结束时间", widget=DateTimeInput(), input_formats=DATETIME_FORMATS)
    guests = forms.CharField(
        label="参会人员", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一位：姓名，单位，职务；主持人在行末加“（主持）”。支部的参会党员由支部在其记录中补充。",
    )
    agenda = forms.CharField(label="议程", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="每行一项：议题，汇报人")
    minutes = forms.CharField(label="座谈记录", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label="调研情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts

    def clean_guests(self) -> list[GuestRow]:
        rows, errors = [], []
        for n, line in enumerate((self.cleaned_data.get("guests") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            chair = bool(CHAIR_MARK.search(line))
            parts = [p.strip() for p in re.split(r"[，,]", CHAIR_MARK.sub("", line))]
            if len(parts) > 3 or not parts[0]:
                errors.append(f"第{n}行“{line}”：请按“姓名，单位，职务”填写")
                continue
            parts += [""] * (3 - len(parts))
            rows.append(GuestRow(name=parts[0], unit=parts[1], title=parts[2], chair=chair))
        if errors:
            raise forms.ValidationError(errors)
        return rows

    def clean_agenda(self) -> list[AgendaRow]:
        rows = []
        for line in (self.cleaned_data.get("agenda") or "").splitlines():
            title, sep, presenter = line.strip().rpartition("，")
            if not sep or len(presenter) > 12:  # no name after the last comma: it is all title
                title, presenter = line.strip(), ""
            if title:
                rows.append(AgendaRow(title=title, presenter=presenter.strip()))
        return rows


class ReviewForm(BootstrapMixin, forms.Form):
    overall = forms.CharField(label="总体意见", widget=forms.Textarea(attrs={"rows": 5}))
    decision = forms.ChoiceField(label="评审结论", choices=Review.Decision.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[f"comment_{key}"] = forms.CharField(
                label=f"对“{label}”的意见", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    def section_comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}", "") for key, _ in SECTIONS}


class AdoptionForm(BootstrapMixin, forms.Form):
    branch = forms.ModelChoiceField(label="借鉴支部", queryset=Org.objects.none(), empty_label=None)
    via = forms.ModelChoiceField(label="经由", queryset=Adoption.objects.none(), required=False,
                                 empty_label="直接借鉴原案例", help_text="如果是从另一个借鉴支部学来的，请选择它")
    adopted_on = forms.DateField(label="借鉴日期", widget=DateInput())
    adaptation = forms.CharField(label="结合实际的做法", widget=forms.Textarea(attrs={"rows": 4}))
    outcomes = forms.CharField(label="实施成效", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="可以以后再补充")

    def __init__(self, *args, branches, adoptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Org.objects.filter(pk__in=[b.pk for b in branches]).order_by("path")
        self.fields["via"].queryset = Adoption.objects.filter(pk__in=[a.pk for a in adoptions]).select_related("branch")
        self.fields["via"].label_from_instance = lambda a: a.branch.display_name


class OutcomesForm(BootstrapMixin, forms.Form):
    outcomes = forms.CharField(label="实施成效", widget=forms.Textarea(attrs={"rows": 3}))
    outcomes_on = forms.DateField(label="记录日期", required=False, widget=DateInput())


class CaseFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部")] + CaseStatus.choices)
    org = forms.CharField(label="组织编码", required=False, max_length=40, widget=forms.HiddenInput)


class LibraryForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    label = forms.CharField(label="组成部分", required=False, max_length=40)
    category = forms.ChoiceField(label="支部类别", required=False, choices=[
        ("", "全部"), (Org.Category.FACULTY, "教工党支部"), (Org.Category.STUDENT, "学生党支部"),
        (Org.Category.MIXED, "师生联合党支部"), (Org.Category.RETIRED, "离退休党支部"), (Org.Category.OTHER, "其他")])
