"""Forms for meeting pages. The repeated rows (agenda, guests, attendance) are plain parallel lists in the
POST (`agenda-title`, `agenda-presenter` …), so that htmx can add and remove rows without renumbering."""

import re
from dataclasses import dataclass

from django import forms
from django.db.models import Q

from zhibu.orgs.forms import BootstrapMixin, DateInput
from zhibu.orgs.models import Member, Org

from . import selectors
from .models import Attendance, MeetingKind
from .services import AgendaRow, AttendanceRow, GuestRow

HOST_SELECT_LIMIT = 300


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="标题/主题/地点", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部")] + MeetingKind.choices)
    org = forms.CharField(label="组织编码", required=False)
    date_from = forms.DateField(label="开始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name


class MeetingForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类型", choices=MeetingKind.choices)
    org = forms.ModelChoiceField(label="主办组织", queryset=Org.objects.none(), to_field_name="code",
                                 error_messages={"invalid_choice": "没有找到该组织，或您没有为它登记的权限"})
    title = forms.CharField(label="标题", max_length=200)
    topic = forms.CharField(label="主题", max_length=300, required=False)
    starts_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M",
                                                                                          "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label="结束时间", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M",
                                                                                        "%Y-%m-%d %H:%M"])
    place = forms.CharField(label="地点", max_length=120, required=False)
    research = forms.BooleanField(label="上级组织调研座谈", required=False)
    co_hosts = forms.ModelMultipleChoiceField(label="协办组织", queryset=Org.objects.none(), required=False,
                                              to_field_name="code", widget=forms.CheckboxSelectMultiple)
    co_host_codes = forms.CharField(label="其他协办组织编码", required=False,
                                    help_text="不在上面列表中的，填组织编码，多个用空格或逗号分隔")
    chair = MemberChoiceField(
        label="主持人", queryset=Member.objects.none(), required=False, empty_label="(无，或由来宾主持)",
        error_messages={"invalid_choice": "主持人须为主办组织的党员；由来宾主持的，请在来宾中把他标为主持人"},
    )
    recorder = MemberChoiceField(label="记录人", queryset=Member.objects.none(), required=False,
                                 empty_label="(未指定)",
                                 error_messages={"invalid_choice": "记录人须为主办组织的党员"})
    minutes = forms.CharField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    resolutions = forms.CharField(label="会议决议", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, host: Org | None = None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.meeting = meeting
        hosts = selectors.host_choices_for_user(user=user)
        self.fields["org"].queryset = hosts
        if meeting is not None:
            # The host of a record is fixed; shown, not chosen.
            self.fields["org"].queryset = Org.objects.filter(pk=meeting.org_id)
            self.fields["org"].disabled = True
        elif hosts[: HOST_SELECT_LIMIT + 1].count() > HOST_SELECT_LIMIT:
            self.fields["org"].widget = forms.TextInput(attrs={"class": "form-control", "placeholder": "组织编码"})
            self.fields["org"].label = "主办组织编码"
        self.host = host or self._host_from_data()
        keep = [pk for pk in (getattr(meeting, "chair_id", None), getattr(meeting, "recorder_id", None)) if pk]
        if self.host is not None:
            members = Member.objects.filter(
                Q(pk__in=selectors.host_members(self.host).values("pk")) | Q(pk__in=keep)
            ).order_by("name", "pk")
            self.fields["chair"].queryset = members
            self.fields["recorder"].queryset = members
        candidates = selectors.co_host_candidates_for_user(user=user)
        chosen = list(meeting.co_hosts.all()) if meeting is not None else []
        ids = {o.pk for o in candidates} | {o.pk for o in chosen}
        self.fields["co_hosts"].queryset = Org.objects.filter(pk__in=ids).order_by("depth", "sort_order", "path")
        self.fields["co_hosts"].widget.attrs["class"] = "form-check-input"

    def _host_from_data(self) -> Org | None:
        code = self.data.get("org") if self.is_bound else self.initial.get("org")
        if isinstance(code, Org):
            return code
        if not code:
            return None
        return self.fields["org"].queryset.filter(code=code).first()

    def clean(self):
        data = super().clean()
        codes = [c for c in re.split(r"[\s,,、;;]+", data.get("co_host_codes") or "") if c]
        extra, missing = selectors.co_hosts_by_codes_for_user(user=self.user, codes=codes)
        if missing:
            self.add_error("co_host_codes", "没有找到编码为" + "、".join(f"“{c}”" for c in missing) + "的组织")
        chosen = list(data.get("co_hosts") or [])
        data["co_host_list"] = list({o.pk: o for o in chosen + extra}.values())
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"], "title": data["title"], "topic": data["topic"], "starts_at": data["starts_at"],
            "ends_at": data["ends_at"], "place": data["place"], "research": data["research"],
            "chair": data["chair"], "recorder": data["recorder"], "minutes": data["minutes"],
            "resolutions": data["resolutions"], "co_hosts": data["co_host_list"],
        }


class DeleteForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="删除原因", max_length=200)


class AttachmentForm(forms.Form):
    files = forms.FileField(label="附件", required=False)


# --- repeated rows -------------------------------------------------------------------------------


@dataclass
class AttendanceLine:
    """One attendance row as the form shows it."""

    member_id: int
    name: str
    status: str = Attendance.Status.PRESENT
    reason: str = ""
    via: str = Attendance.Via.MANUAL
    checked_in_at: object = None
    error: bool = False


def _lists(data, prefix: str, names: list[str]) -> list[dict[str, str]]:
    columns = {n: data.getlist(f"{prefix}-{n}") for n in names}
    length = max((len(v) for v in columns.values()), default=0)
    return [{n: (columns[n][i] if i < len(columns[n]) else "") for n in names} for i in range(length)]


def agenda_from_post(data) -> list[AgendaRow]:
    return [AgendaRow(title=r["title"], presenter=r["presenter"], summary=r["summary"])
            for r in _lists(data, "agenda", ["title", "presenter", "summary"])]


def guests_from_post(data) -> list[GuestRow]:
    return [GuestRow(name=r["name"], unit=r["unit"], title=r["title"], chair=r["role"] == "chair")
            for r in _lists(data, "guest", ["name", "unit", "title", "role"])]


def attendance_from_post(data) -> tuple[list[AttendanceRow], list[AttendanceLine]]:
    """The rows for the service, and the same rows with names for showing the form again."""
    raw = _lists(data, "att", ["member", "status", "reason"])
    ids = []
    for r in raw:
        try:
            ids.append(int(r["member"]))
        except ValueError:
            ids.append(0)
    names = dict(Member.all_objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))
    rows, lines = [], []
    for member_id, r in zip(ids, raw, strict=True):
        rows.append(AttendanceRow(member_id=member_id, status=r["status"], reason=r["reason"]))
        lines.append(AttendanceLine(member_id=member_id, name=names.get(member_id, "?"), status=r["status"],
                                    reason=r["reason"]))
    return rows, lines


def attendance_lines_for(meeting) -> list[AttendanceLine]:
    return [AttendanceLine(member_id=a.member_id, name=a.member.name, status=a.status, reason=a.reason, via=a.via,
                           checked_in_at=a.checked_in_at)
            for a in meeting.attendance.all()]
