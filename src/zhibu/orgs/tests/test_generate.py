"""`zhibu generate`: realistic synthetic data, deterministic with --seed, as valid as service-written rows."""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from zhibu.core.models import AuditEntry
from zhibu.core.paths import path_child
from zhibu.core.personal import id_birth_date, id_gender
from zhibu.orgs.management.commands import generate as generate_command
from zhibu.orgs.models import Honour, Member, Org, Position
from zhibu.orgs.synthetic import AVOIDED_NAMES, People, latest_cohort

pytestmark = pytest.mark.django_db

U, B, M = 2, 9, 12


def generate(*args: str, stderr=None) -> str:
    out = io.StringIO()
    call_command("generate", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def small(seed: int = 7, **kw) -> str:
    return generate("--universities", str(kw.get("u", U)), "--branches-per-university", str(kw.get("b", B)),
                    "--members-per-branch", str(kw.get("m", M)), "--seed", str(seed))


def content() -> dict:
    """Everything generated, without database ids."""
    return {
        "orgs": list(Org.objects.order_by("code").values_list("code", "name", "kind", "category", "established_on",
                                                              "term_start", "term_end", "parent__code")),
        "members": list(Member.objects.order_by("id_number").values_list(
            "org__code", "group__code", "name", "gender", "birth_date", "id_number", "phone", "status",
            "joined_on", "full_on", "occupation", "major", "class_year")),
        "positions": sorted(Position.objects.values_list("org__code", "member__id_number", "kind", "title")),
        "honours": sorted(Honour.objects.values_list("org__code", "title", "year", "level")),
    }


def wipe() -> None:
    """Delete what every app generated, later apps first (their rows protect members and orgs)."""
    from django.apps import apps

    zhibu_apps = [a for a in apps.get_app_configs() if a.name.startswith("zhibu.") and a.label != "orgs"]
    for app in reversed(zhibu_apps):
        for model in reversed(list(app.get_models())):
            model._base_manager.all().delete()
    AuditEntry.objects.all().delete()
    Position.objects.all().delete()
    Honour.objects.all().delete()
    Member.all_objects.all().delete()
    for depth in sorted(set(Org.all_objects.values_list("depth", flat=True)), reverse=True):
        Org.all_objects.filter(depth=depth).delete()


def test_it_generates_the_requested_counts():
    out = small()
    universities = Org.objects.filter(category=Org.Category.UNIVERSITY)
    assert universities.count() == U
    assert all(u.parent.code == "M-JYGW" and u.parent.parent.code == "M-ZZB" for u in universities)
    for university in universities:
        schools = Org.objects.filter(parent=university)
        assert 8 <= schools.count() <= B and {s.kind for s in schools} == {"committee"}
        assert Org.objects.filter(parent__parent=university, kind="branch").count() == B
    branches = Org.objects.filter(kind=Org.Kind.BRANCH)
    assert branches.count() == U * B
    assert {b.category for b in branches} == {"faculty", "student"}
    assert Member.objects.count() == U * B * M
    assert all(Member.objects.filter(org=b).count() == M for b in branches)
    assert Org.objects.filter(kind=Org.Kind.GROUP).count() == U * B  # one group for a branch of 12
    assert "党员216" in out and "--seed 7" in out
    assert AuditEntry.objects.filter(action="import").count() == U


def test_paths_and_depths_are_consistent():
    small()
    orgs = {o.pk: o for o in Org.objects.all()}
    for org in orgs.values():
        parent = orgs.get(org.parent_id)
        assert org.path == path_child(parent.path if parent else "", org.pk)
        assert org.depth == (parent.depth + 1 if parent else 0)
        assert (Org.Kind(parent.kind) if parent else None) in Org.ALLOWED_PARENTS[Org.Kind(org.kind)]
    for member in Member.objects.select_related("org", "group"):
        assert member.org_path == member.org.path and member.org.kind == Org.Kind.BRANCH
        assert member.group is None or member.group.parent_id == member.org_id


def test_generated_rows_pass_the_same_invariants_as_service_rows():
    small(m=25)
    rng = random.Random(1)
    for org in rng.sample(list(Org.objects.all()), 30):
        org.full_clean()
    members = list(Member.objects.select_related("org", "group"))
    for member in rng.sample(members, 120):
        member.full_clean()
    for position in rng.sample(list(Position.objects.all()), 30):
        position.full_clean()
    for honour in Honour.objects.all():
        honour.full_clean()

    today = timezone.localdate()
    cohort = latest_cohort(today)
    assert len({m.id_number for m in members}) == len(members)
    for m in members:
        assert m.gender == id_gender(m.id_number) and m.birth_date == id_birth_date(m.id_number)
        assert m.name not in AVOIDED_NAMES
        assert len(m.phone) == 11 and m.phone.startswith("1")
        if m.joined_on:
            assert m.joined_on >= m.birth_date.replace(year=m.birth_date.year + 18) and m.joined_on <= today
        if m.status == Member.Status.PROBATIONARY:
            assert today - m.joined_on < dt.timedelta(days=366)
        if m.status == Member.Status.FULL:
            assert m.full_on <= today
        if m.status in (Member.Status.ACTIVIST, Member.Status.CANDIDATE):
            assert m.joined_on is None and m.full_on is None
        if m.occupation == Member.Occupation.STUDENT:
            assert m.org.category == Org.Category.STUDENT and m.major
            assert cohort - 3 <= m.class_year <= cohort
            assert 16 <= m.class_year - m.birth_date.year <= 26
        else:
            assert 22 <= today.year - m.birth_date.year <= 62
    statuses = {m.status for m in members}
    assert statuses == {"activist", "candidate", "probationary", "full"}

    for branch in Org.objects.filter(kind=Org.Kind.BRANCH):
        secretaries = Position.objects.filter(org=branch, kind="secretary", ended_on__isnull=True)
        assert secretaries.count() == 1
        assert secretaries[0].member.status == Member.Status.FULL
    for position in Position.objects.select_related("member", "org"):
        assert position.member.org_path.startswith(position.org.path) or position.member.group_id == position.org_id
    titles = set(Position.objects.filter(kind="committee_member").values_list("title", flat=True))
    assert {"组织委员", "宣传委员", "纪检委员"} <= titles


def test_same_seed_same_data_other_seed_other_data():
    small(seed=42)
    first = content()
    wipe()
    small(seed=42)
    assert content() == first
    wipe()
    small(seed=43)
    other = content()
    assert other["members"] != first["members"]


def test_today_can_be_fixed():
    generate("--universities", "1", "--branches-per-university", "4", "--members-per-branch", "10",
             "--seed", "1", "--today", "2023-10-01")
    students = Member.objects.filter(occupation="student")
    assert {m.class_year for m in students} <= {2020, 2021, 2022, 2023}
    assert max(m.joined_on for m in Member.objects.exclude(joined_on=None)) <= dt.date(2023, 10, 1)


def test_runs_add_up_without_clashes():
    small(seed=1, u=1)
    small(seed=1, u=2)
    codes = sorted(Org.objects.filter(category="university").values_list("code", flat=True))
    assert codes == ["GU0001", "GU0002", "GU0003"]
    assert len(set(Org.objects.filter(category="university").values_list("name", flat=True))) == 3
    assert Member.objects.values("id_number").distinct().count() == Member.objects.count() == 3 * B * M


def test_it_hangs_universities_under_the_given_parent():
    municipal = Org.objects.create(name="省委教育工委", code="P-JYGW", kind="superior", path="000000999")
    generate("--universities", "1", "--branches-per-university", "2", "--members-per-branch", "2",
             "--parent", "P-JYGW", "--seed", "3")
    assert Org.objects.get(category="university").parent == municipal
    assert not Org.objects.filter(code="M-JYGW").exists()
    branch = Org.objects.filter(kind="branch").first()
    with pytest.raises(CommandError, match="党支部"):
        generate("--parent", branch.code)
    with pytest.raises(CommandError, match="没有编码"):
        generate("--parent", "NOPE")


def test_progress_goes_to_stderr():
    err = io.StringIO()
    generate("--universities", "1", "--branches-per-university", "3", "--members-per-branch", "4", "--seed", "1",
             stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith("生成组织 [") and "100%" in line for line in lines)
    assert any(line.startswith("生成党员 [") and "12/12" in line for line in lines)


def test_later_apps_hook_in_after_orgs(monkeypatch):
    seen = {}

    def hook(ctx):
        seen["branches"] = len(ctx.branches)
        seen["members"] = sum(len(ids) for ids in ctx.branch_members.values())
        seen["secretaries"] = set(ctx.branch_secretary) == {b.pk for b in ctx.branches}
        seen["rng"] = ctx.rng("meetings").random() == ctx.rng("meetings").random()
        ctx.count("会议", 0)

    hooks = generate_command.synthetic_hooks()
    assert hooks[0][0] == "orgs"  # later apps' hooks follow, in INSTALLED_APPS order
    monkeypatch.setattr(generate_command, "synthetic_hooks", lambda: [*hooks, ("meetings", hook)])
    out = small(b=3, m=5)
    assert seen == {"branches": U * 3, "members": U * 3 * 5, "secretaries": True, "rng": True}
    assert "会议0" in out


def test_party_dates_step_down_when_too_young():
    people = People(random.Random(1))
    today = dt.date(2026, 11, 27)
    status, joined, full = people.party_dates(Member.Status.FULL, dt.date(2008, 11, 20), today)
    assert (status, joined, full) == (Member.Status.CANDIDATE, None, None)
    status, joined, full = people.party_dates(Member.Status.FULL, dt.date(2008, 3, 1), today)
    assert status == Member.Status.PROBATIONARY and dt.date(2026, 3, 1) <= joined <= today and full is None
    status, joined, full = people.party_dates(Member.Status.FULL, dt.date(1990, 3, 1), today)
    assert status == Member.Status.FULL and full >= joined.replace(year=joined.year + 1)
