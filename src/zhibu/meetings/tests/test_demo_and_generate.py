"""The demo's meetings (the report's symposium, a year with gaps) and `zhibu generate`'s meetings."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from zhibu.core.models import AuditEntry
from zhibu.meetings import demo as meetings_demo
from zhibu.meetings.models import AgendaItem, Attendance, Guest, Meeting, MeetingKind
from zhibu.meetings.selectors import host_members
from zhibu.orgs.models import Honour, Member, Org, Position
from zhibu.orgs.synthetic import AVOIDED_NAMES

pytestmark = pytest.mark.django_db

SPAM = "全球最大的赌钱网"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def all_meeting_text() -> str:
    parts = []
    for m in Meeting.all_objects.all():
        parts += [m.title, m.topic, m.place, m.minutes, m.resolutions]
    parts += [f"{g.name}{g.unit}{g.title}" for g in Guest.objects.all()]
    parts += [f"{a.title}{a.presenter}{a.summary}" for a in AgendaItem.objects.all()]
    return "\n".join(parts)


def test_the_demo_has_the_symposium_as_the_report_tells_it():
    run_demo()
    symposium = Meeting.objects.get(research=True)
    local = timezone.localtime(symposium.starts_at)
    assert (local.date(), local.hour, local.minute) == (dt.date(2022, 7, 14), 8, 30)
    assert symposium.kind == MeetingKind.SYMPOSIUM and symposium.place == "学院112会议室"
    assert symposium.org.code == "U1-WL-JG"
    assert {o.name for o in symposium.co_hosts.all()} == {"市委组织部", "市委教育工委"}
    chair = symposium.chair_guest
    assert symposium.chair is None and (chair.unit, chair.title) == ("市委组织部", "组织二处一级主任科员")
    units = [g.unit + g.title for g in symposium.guests.all()]
    assert "市委教育工委组织一处干部" in units
    assert any("示例大学" in u for u in units) and any("物流学院" in u for u in units)
    agenda = list(symposium.agenda.all())
    assert [a.title for a in agenda] == ["工作汇报《“一三三”工作法-打造高水平育人团队》", "座谈交流"]
    assert agenda[0].presenter == "陈立华"  # the demo's branch secretary
    present = symposium.attendance.filter(status="present").select_related("member")
    assert present.count() == 10 and "陈立华" in {a.member.name for a in present}  # the secretary and 9 representatives


def test_the_demo_never_uses_the_reports_real_names_or_the_spam():
    run_demo()
    text = all_meeting_text()
    assert SPAM not in text
    for name in AVOIDED_NAMES:
        assert name not in text, name


def test_the_demo_year_has_gaps_and_records():
    run_demo()
    now = timezone.now()
    branch, eng = Org.objects.get(code="U1-WL-JG"), Org.objects.get(code="U1-WL-GC")
    since = now - dt.timedelta(days=330)

    def months_with(org, kind):
        return {timezone.localtime(m.starts_at).strftime("%Y-%m")
                for m in Meeting.objects.filter(org=org, kind=kind, starts_at__gte=since, starts_at__lt=now)}

    committee = months_with(branch, MeetingKind.COMMITTEE_MEETING)
    assert 8 <= len(committee) <= 11  # a month skipped on purpose
    assert len(months_with(eng, MeetingKind.COMMITTEE_MEETING)) < len(committee)
    assert len(months_with(branch, MeetingKind.THEME_DAY)) >= 10
    assert Meeting.objects.filter(org__parent=branch, kind=MeetingKind.GROUP_MEETING).count() >= 30
    assert Meeting.objects.filter(starts_at__gt=now).count() >= 2  # upcoming, for the calendar
    assert Attendance.objects.filter(status="leave", reason="").count() == 0
    # Everyone recorded is a member of the host.
    for meeting in Meeting.objects.exclude(research=True)[:40]:
        ids = set(meeting.attendance.values_list("member_id", flat=True))
        assert ids <= set(host_members(meeting.org).values_list("pk", flat=True))


def test_the_demo_loads_once():
    run_demo()
    count = Meeting.objects.count()
    out = run_demo()
    assert Meeting.objects.count() == count
    assert "扫码" in out


def test_present_registers_the_symposium():
    from zhibu.core.management.commands.demo import DemoContext

    run_demo()
    ctx = DemoContext()
    assert meetings_demo.present(ctx) is True
    assert ctx.extra["symposium"].research


# --- zhibu generate -------------------------------------------------------------------------------


@pytest.fixture
def meetings_hooks_only(monkeypatch):
    """`zhibu generate` with the orgs and meetings hooks only, so that these tests see (and wipe) only theirs."""
    from zhibu.orgs.management.commands import generate as generate_command

    hooks = [h for h in generate_command.synthetic_hooks() if h[0] in ("orgs", "meetings")]
    assert [label for label, _ in hooks] == ["orgs", "meetings"]
    monkeypatch.setattr(generate_command, "synthetic_hooks", lambda: hooks)


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "4", "--members-per-branch", "24",
                 *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def content() -> list:
    return sorted(Meeting.objects.values_list("org__code", "kind", "title", "starts_at", "ends_at"))


def test_generate_records_a_year_of_meetings_with_attendance(meetings_hooks_only):
    out = generate("--seed", "5", "--today", "2026-06-15")
    assert "组织生活记录" in out and "出席记录" in out
    meetings = Meeting.objects.all()
    cut = timezone.make_aware(dt.datetime(2026, 6, 15))
    assert meetings.count() > 4 * 60
    assert not meetings.filter(ends_at__gte=cut).exists()
    assert not meetings.filter(starts_at__lt=cut - dt.timedelta(days=366)).exists()
    kinds = set(meetings.values_list("kind", flat=True))
    assert {"committee_meeting", "theme_day", "general_meeting", "party_lecture", "group_meeting", "talk",
            "org_life_meeting", "appraisal"} <= kinds
    # Realistic rates with some misses: about monthly committee meetings, about quarterly lectures.
    per_branch = meetings.filter(kind="committee_meeting").values("org").annotate(n=Count("id"))
    assert all(8 <= row["n"] <= 12 for row in per_branch)
    assert all(row["n"] <= 4 for row in meetings.filter(kind="party_lecture").values("org").annotate(n=Count("id")))
    # Every meeting has attendance, leave has a reason, and only the host's members attend.
    assert not meetings.annotate(n=Count("attendance")).filter(n=0).exists()
    assert not Attendance.objects.filter(status="leave", reason="").exists()
    assert Attendance.objects.filter(status="leave").exists() and Attendance.objects.filter(status="absent").exists()
    for meeting in meetings.filter(kind__in=["group_meeting", "committee_meeting", "talk"])[:60]:
        ids = set(meeting.attendance.values_list("member_id", flat=True))
        assert ids <= set(host_members(meeting.org).values_list("pk", flat=True))
    for meeting in meetings.order_by("?")[:20]:
        meeting.full_clean()
        assert meeting.org_path == meeting.org.path


def test_generated_attendance_stays_in_the_host(meetings_hooks_only):
    generate("--seed", "3")
    branch_rows = Attendance.objects.filter(meeting__org__kind=Org.Kind.BRANCH)
    assert branch_rows.exists() and not branch_rows.exclude(member__org_id=F("meeting__org_id")).exists()
    group_rows = Attendance.objects.filter(meeting__org__kind=Org.Kind.GROUP)
    assert group_rows.exists() and not group_rows.exclude(member__group_id=F("meeting__org_id")).exists()


def wipe() -> None:
    Meeting.all_objects.all().delete()
    AuditEntry.objects.all().delete()
    Position.objects.all().delete()
    Honour.objects.all().delete()
    Member.all_objects.all().delete()
    for depth in sorted(set(Org.all_objects.values_list("depth", flat=True)), reverse=True):
        Org.all_objects.filter(depth=depth).delete()


def test_generate_is_deterministic_for_a_seed(meetings_hooks_only):
    generate("--seed", "9", "--today", "2026-03-01")
    first = content()
    wipe()
    generate("--seed", "9", "--today", "2026-03-01")
    assert content() == first
    wipe()
    generate("--seed", "10", "--today", "2026-03-01")
    assert content() != first
