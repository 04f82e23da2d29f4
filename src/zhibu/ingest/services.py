"""Confirming an ingested report: the meeting (with its guests, chair and agenda) and, when the report
describes a work method, the method and a case draft — one transaction, through the meetings' and
methods' services. Nothing is written when any step fails, and no value may carry spam."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhibu.meetings import services as meeting_services
from zhibu.meetings.models import MeetingKind
from zhibu.methods import services as method_services
from zhibu.orgs.selectors import can_manage, org_official_names
from zhibu.textguard import scan_text
from zhibu.textguard.scanner import SPAM_CATEGORIES


@dataclass(frozen=True)
class PersonRow:
    name: str
    unit: str = ""
    title: str = ""


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    presenter: str = ""


@dataclass(frozen=True)
class PillarEntry:
    count: int | None
    label: str
    items: Sequence[str] = ()
    measure: str = ""


@dataclass
class Report:
    """A report as the user confirmed it."""

    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    organizer_units: Sequence[str] = ()
    chair: PersonRow | None = None
    attendees: Sequence[PersonRow] = ()
    agenda: Sequence[AgendaEntry] = ()
    minutes: str = ""
    method_name: str = ""
    pillars: Sequence[PillarEntry] = field(default_factory=tuple)
    case_title: str = ""


@dataclass
class Recorded:
    meeting: object
    method: object | None = None
    case: object | None = None


def _spam_check(report: Report) -> None:
    """Refuse any value the text guard finds spam in: an injected phrase is never written into a record."""
    names = org_official_names()
    values: list[tuple[str, str, str]] = [  # (error key, what it is, value)
        ("title", "标题", report.title), ("place", "地点", report.place), ("minutes", "会议记录", report.minutes),
        ("method_name", "工作法名称", report.method_name), ("case_title", "案例标题", report.case_title)]
    values += [("organizer_units", f"主办单位第{i}项", u) for i, u in enumerate(report.organizer_units, start=1)]
    if report.chair:
        values += [("chair", f"主持人{label}", v) for label, v in
                   (("姓名", report.chair.name), ("单位", report.chair.unit), ("职务", report.chair.title))]
    for i, p in enumerate(report.attendees, start=1):
        values += [("attendees", f"参会人员第{i}行（{p.name}）{label}", v) for label, v in
                   (("姓名", p.name), ("单位", p.unit), ("职务", p.title))]
    for i, a in enumerate(report.agenda, start=1):
        values += [("agenda", f"议程第{i}项{label}", v) for label, v in (("议题", a.title), ("汇报人", a.presenter))]
    for i, p in enumerate(report.pillars, start=1):
        values += [("pillars", f"工作法第{i}部分", v) for v in (p.label, *p.items)]
    errors: dict[str, list[str]] = {}
    for key, what, value in values:
        if not value:
            continue
        spam = [f for f in scan_text(value, known_names=names) if f.category in SPAM_CATEGORIES]
        if spam:
            hint = f"，请改为“{spam[0].replaces}”" if spam[0].replaces else "，请改为正确的内容"
            errors.setdefault(key, []).append(f"{what}“{value}”中含有推广用语“{spam[0].phrase}”{hint}")
    if errors:
        raise ValidationError(errors)


def _minutes(report: Report) -> str:
    lines = []
    if report.organizer_units:
        lines.append("主办单位：" + "、".join(report.organizer_units))
    if report.minutes:
        lines.append(report.minutes)
    return "\n".join(lines)


@transaction.atomic
def report_record(*, by, org, report: Report) -> Recorded:
    """Record a confirmed report under `org`: the meeting, then the method and its case draft."""
    if not can_manage(by, org.path):
        raise PermissionDenied("您没有权限在该组织下登记记录")
    if report.kind not in MeetingKind.values:
        raise ValidationError({"kind": f"会议类型“{report.kind}”无效"})
    _spam_check(report)
    guests = []
    if report.chair and report.chair.name.strip():
        guests.append(meeting_services.GuestRow(name=report.chair.name, unit=report.chair.unit,
                                                title=report.chair.title, chair=True))
    guests += [meeting_services.GuestRow(name=p.name, unit=p.unit, title=p.title) for p in report.attendees]
    agenda = [meeting_services.AgendaRow(title=a.title, presenter=a.presenter) for a in report.agenda]
    meeting = meeting_services.meeting_create(
        by=by, org=org, kind=report.kind, title=report.title, starts_at=report.starts_at, ends_at=report.ends_at,
        guests=guests, agenda=agenda, place=report.place, minutes=_minutes(report),
        research=report.kind == MeetingKind.SYMPOSIUM and "调研" in report.title,
    )
    recorded = Recorded(meeting)
    if report.method_name.strip():
        try:
            method = method_services.method_create(
                by=by, branch=org, name=report.method_name,
                pillars=[method_services.PillarRow(label=p.label, count=p.count, items=tuple(p.items), measure=p.measure)
                         for p in report.pillars],
            )
        except PermissionDenied as exc:
            raise ValidationError({"method_name": f"不能在“{org.name}”下建立工作法：{exc}"}) from exc
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise ValidationError({("method_name" if k in ("name", "branch") else k): v
                                       for k, v in exc.message_dict.items()}) from exc
            raise
        title = report.case_title.strip() or f"“{method.name}”党支部工作法"
        recorded.method = method
        recorded.case = method_services.case_create(by=by, method=method, title=title)
    return recorded
