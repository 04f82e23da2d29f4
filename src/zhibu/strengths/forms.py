"""Forms of branch assessment: the year filter, adjustments, plans (goals as repeated rows), the
model-branch standard, disciplinary records and the indicator table."""

import datetime as dt

from django import forms
from django.utils import timezone

from zhibu.core.forms import BootstrapMixin, DateInput
from zhibu.orgs.models import Honour

from .models import PlanCategory
from .selectors import ordered_goals


def default_year() -> int:
    """The last full year until the end of March, the current one afterwards: assessments look back."""
    today = timezone.localdate()
    return today.year - 1 if today.month <= 3 else today.year


class YearForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)

    def year_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return default_year()


class AdjustmentForm(BootstrapMixin, forms.Form):
    indicator = forms.ChoiceField(label="指标")
    points = forms.DecimalField(label="调整分值", max_digits=5, decimal_places=1,
                                help_text="对该指标得分（0至100）的加减，如 10 或 -5")
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.ChoiceField(label="佐证记录", required=False, help_text="从支部的记录中选择")
    evidence_title = forms.CharField(label="或写明佐证材料", max_length=200, required=False)

    def __init__(self, *args, indicators=(), records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, f"{i.strength_label} · {i.label}") for i in indicators]
        self.fields["evidence"].choices = [("", "（不选）")] + [
            (f"{r.kind}:{r.id}", f"{r.date or ''} {r.title}"[:80]) for r in records]

    def evidence_ref(self) -> tuple[str, int | None]:
        ref = self.cleaned_data.get("evidence") or ""
        if ":" not in ref:
            return "", None
        kind, _, rid = ref.rpartition(":")
        return kind, int(rid) if rid.isdigit() else None


class PlanForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label="总体思路", required=False, widget=forms.Textarea(attrs={"rows": 3}))


def goal_rows_from_post(data) -> list[dict]:
    """The goal rows as typed: parallel lists goal_category, goal_title, goal_indicator, goal_target."""
    cats, titles = data.getlist("goal_category"), data.getlist("goal_title")
    inds, targets = data.getlist("goal_indicator"), data.getlist("goal_target")
    n = max(len(cats), len(titles), len(inds), len(targets))

    def at(seq, i):
        return seq[i] if i < len(seq) else ""

    return [{"category": at(cats, i), "title": at(titles, i).strip(), "indicator": at(inds, i),
             "target_value": at(targets, i).strip()} for i in range(n)]


def goal_rows_from_plan(plan, blanks: int = 2) -> list[dict]:
    rows = []
    if plan is not None:
        rows = [{"category": g.category, "title": g.title, "indicator": g.indicator.code if g.indicator_id else "",
                 "target_value": "" if g.target_value is None else f"{g.target_value.normalize():f}"}
                for g in ordered_goals(plan)]
    if not rows:
        rows = [{"category": c, "title": "", "indicator": "", "target_value": ""} for c in PlanCategory.values]
    return rows + [{"category": PlanCategory.ROUTINE, "title": "", "indicator": "", "target_value": ""}] * blanks


class ReviewForm(BootstrapMixin, forms.Form):
    review_note = forms.CharField(label="年终总结", widget=forms.Textarea(attrs={"rows": 4}))


class StandardForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=120, initial="样板支部标准")
    min_total = forms.DecimalField(label="“七个有力”总分不低于", required=False, max_digits=5, decimal_places=1)
    honour_years = forms.IntegerField(label="荣誉年限（近几年）", min_value=1, max_value=10, initial=3)
    honour_min = forms.IntegerField(label="荣誉数量不少于", min_value=0, max_value=20, initial=1)
    honour_levels = forms.MultipleChoiceField(label="计入的荣誉级别", required=False, choices=Honour.Level.choices,
                                              widget=forms.CheckboxSelectMultiple, help_text="不选表示全部级别")
    require_clean_record = forms.BooleanField(label="近年无违纪问题", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honour_levels"].widget.attrs["class"] = "form-check-input"


class DisciplineForm(BootstrapMixin, forms.Form):
    occurred_on = forms.DateField(label="发生日期", widget=DateInput(), initial=dt.date.today)
    summary = forms.CharField(label="情况", max_length=300)
